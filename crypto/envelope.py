"""The stored form of an encrypted value, and the blind index that finds it.

A value is stored as `sm4gcm:1:<key id>:<base64 of nonce + ciphertext + tag>`: the version says
how to read the rest, the key id which key opens it, so keys rotate without a flag day. The
header is authenticated with the value (GCM associated data), so it cannot be changed either.
"""

import base64
import binascii
import unicodedata

from .keys import DecryptionError, provider

SCHEME = "sm4gcm"
VERSION = "1"


def seal(text: str) -> str:
    header = f"{SCHEME}:{VERSION}:{provider().current_key_id()}"
    sealed = provider().encrypt(text.encode(), associated_data=header.encode())
    return f"{header}:{base64.b64encode(sealed).decode('ascii')}"


def open_sealed(stored: str) -> str:
    """The clear text of a stored envelope, or DecryptionError: never a guess."""
    scheme, version, key_id, body = _parts(stored)
    try:
        sealed = base64.b64decode(body, validate=True)
    except binascii.Error:
        raise DecryptionError("The stored value is not valid base64.") from None
    header = f"{scheme}:{version}:{key_id}"
    clear = provider().decrypt(key_id, sealed, associated_data=header.encode())
    return clear.decode()


def key_id_in(stored: str) -> str:
    return _parts(stored)[2]


def is_sealed(stored: str) -> bool:
    return stored.startswith(f"{SCHEME}:")


def normalise(value: str) -> str:
    """What counts as the same name, ID number or phone: full-width folded to half-width
    (NFKC), every space removed, case ignored (a 身份证 check letter x or X)."""
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


def blind_index(value: str | None) -> str:
    """The searchable stand-in for a value: HMAC-SM3 of its normal form; empty stays empty."""
    normal = normalise(value or "")
    return provider().blind_index(normal.encode()) if normal else ""


def _parts(stored: str) -> tuple[str, str, str, str]:
    parts = stored.split(":", 3)
    if len(parts) != 4 or parts[0] != SCHEME:
        raise DecryptionError("The stored value is not an SM4-GCM envelope.")
    if parts[1] != VERSION:
        raise DecryptionError(f"Unknown envelope version {parts[1]!r}.")
    return parts[0], parts[1], parts[2], parts[3]
