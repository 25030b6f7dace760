"""Who holds the keys: a key provider does the cryptographic operations, the portal never asks
for raw key bytes, so a hardware 密码机 or a 密码服务平台 that keeps its keys inside can stand in
for the default by naming its class in FIELD_ENCRYPTION_PROVIDER.

The default, SettingsKeyProvider, holds the keys in the process: FIELD_ENCRYPTION_KEY (the SM4
key new values are sealed with), FIELD_ENCRYPTION_OLD_KEYS (keys still accepted for reading
during a rotation) and FIELD_INDEX_KEY (the HMAC-SM3 key of the blind indexes), all hex.
"""

import hashlib
import hmac
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

NONCE_BYTES = 12
TAG_BYTES = 16
SM4_KEY_BYTES = 16
MIN_INDEX_KEY_BYTES = 16


class DecryptionError(Exception):
    """A stored value that cannot be opened: a wrong or unknown key, or changed bytes."""


class KeyProvider:
    """The interface: seal and open SM4-GCM values, and compute blind indexes."""

    def current_key_id(self) -> str:
        """The id of the key that `encrypt` uses now, written into every new value."""
        raise NotImplementedError

    def encrypt(self, plaintext: bytes, *, associated_data: bytes) -> bytes:
        """Seal `plaintext` under the current key; return nonce + ciphertext + tag."""
        raise NotImplementedError

    def decrypt(self, key_id: str, sealed: bytes, *, associated_data: bytes) -> bytes:
        """Open what `encrypt` returned; raise DecryptionError rather than return garbage."""
        raise NotImplementedError

    def blind_index(self, data: bytes) -> str:
        """HMAC-SM3 of `data`, hex: equal values give equal indexes, nothing else is revealed."""
        raise NotImplementedError


def key_id_of(key: bytes) -> str:
    """A key's id is derived from it (SM3, first 8 hex digits): no id to configure or mistype."""
    return hashlib.new("sm3", b"ipcity field key id\0" + key).hexdigest()[:8]


def _hex_key(name: str, value: str, *, length: int | None = None) -> bytes:
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be hexadecimal.") from None
    if length is not None and len(key) != length:
        raise ImproperlyConfigured(f"{name} must be {length * 2} hex digits ({length} bytes).")
    if length is None and len(key) < MIN_INDEX_KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must be at least {MIN_INDEX_KEY_BYTES * 2} hex digits.")
    return key


def _configured(name: str, development_value: str) -> str:
    """The setting, or a fixed development value under DEBUG, or a clear error (production)."""
    value = getattr(settings, name, "")
    if value:
        return value
    if settings.DEBUG:
        return development_value
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off (hex; see docs/operations.md, 'Field keys')."
    )


# Fixed so that a development database stays readable between runs; never used in production.
DEVELOPMENT_KEY = "00112233445566778899aabbccddeeff"
DEVELOPMENT_INDEX_KEY = "ffeeddccbbaa99887766554433221100" * 2


class SettingsKeyProvider(KeyProvider):
    """Keys from the settings (the environment), SM4-GCM done here with `cryptography`."""

    def __init__(self):
        current = _hex_key(
            "FIELD_ENCRYPTION_KEY",
            _configured("FIELD_ENCRYPTION_KEY", DEVELOPMENT_KEY),
            length=SM4_KEY_BYTES,
        )
        old = [
            _hex_key("FIELD_ENCRYPTION_OLD_KEYS", value, length=SM4_KEY_BYTES)
            for value in getattr(settings, "FIELD_ENCRYPTION_OLD_KEYS", [])
            if value.strip()
        ]
        self._current_id = key_id_of(current)
        self._keys = {key_id_of(key): key for key in [*old, current]}
        self._index_key = _hex_key(
            "FIELD_INDEX_KEY", _configured("FIELD_INDEX_KEY", DEVELOPMENT_INDEX_KEY)
        )

    def current_key_id(self) -> str:
        return self._current_id

    def encrypt(self, plaintext: bytes, *, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        key = self._keys[self._current_id]
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(associated_data)
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        return nonce + ciphertext + encryptor.tag

    def decrypt(self, key_id: str, sealed: bytes, *, associated_data: bytes) -> bytes:
        key = self._keys.get(key_id)
        if key is None:
            raise DecryptionError(f"The value was sealed with key {key_id}, not configured here.")
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("The value is too short to be an SM4-GCM envelope.")
        nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES]
        tag = sealed[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(associated_data)
        try:
            return decryptor.update(ciphertext) + decryptor.finalize()
        except InvalidTag:
            raise DecryptionError(
                f"The value does not authenticate under key {key_id}: wrong key or changed bytes."
            ) from None

    def blind_index(self, data: bytes) -> str:
        return hmac.new(self._index_key, data, "sm3").hexdigest()


@cache
def provider() -> KeyProvider:
    """The configured provider, built once per process (a 密码机 client keeps its session)."""
    path = getattr(settings, "FIELD_ENCRYPTION_PROVIDER", "crypto.keys.SettingsKeyProvider")
    return import_string(path)()


def _forget_provider(*, setting: str, **kwargs) -> None:
    if setting.startswith("FIELD_"):
        provider.cache_clear()


setting_changed.connect(_forget_provider)
