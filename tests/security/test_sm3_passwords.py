"""密评 (GB/T 39786-2021): passwords are stored as PBKDF2-HMAC-SM3, checked here against an
independent SM3 (gmssl's, pure Python), and older PBKDF2-SHA256 hashes are upgraded at login."""

import base64
import hmac

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from gmssl import func, sm3

from bureaus.models import User
from ipcity import settings as production
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def gmssl_sm3(data: bytes) -> bytes:
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def hmac_sm3(key: bytes, message: bytes) -> bytes:
    """RFC 2104 by hand over gmssl's SM3 (64-byte blocks)."""
    if len(key) > 64:
        key = gmssl_sm3(key)
    key = key.ljust(64, b"\0")
    inner = gmssl_sm3(bytes(k ^ 0x36 for k in key) + message)
    return gmssl_sm3(bytes(k ^ 0x5C for k in key) + inner)


def pbkdf2_sm3(password: bytes, salt: bytes, iterations: int) -> bytes:
    """RFC 8018 PBKDF2, one 32-byte block (SM3's output length, Django's key length)."""
    u = hmac_sm3(password, salt + (1).to_bytes(4, "big"))
    result = u
    for _ in range(iterations - 1):
        u = hmac_sm3(password, u)
        result = bytes(a ^ b for a, b in zip(result, u, strict=True))
    return result


def test_sm3_comes_first_and_sha256_after_it():
    assert production.PASSWORD_HASHERS[:2] == [
        "bureaus.hashers.PBKDF2SM3PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_a_hash_made_here_verifies_with_an_independent_sm3(real_password_hasher):
    hasher = get_hasher("pbkdf2_sm3")
    encoded = hasher.encode(PASSWORD, "fixedsalt123", iterations=5)
    algorithm, iterations, salt, stored = encoded.split("$")
    assert (algorithm, iterations, salt) == ("pbkdf2_sm3", "5", "fixedsalt123")
    by_hand = pbkdf2_sm3(PASSWORD.encode(), salt.encode(), 5)
    assert hmac.compare_digest(base64.b64decode(stored), by_hand)
    assert hasher.verify(PASSWORD, encoded) and not hasher.verify(PASSWORD + "x", encoded)


def test_a_new_password_is_stored_with_sm3_at_full_strength(alice, real_password_hasher):
    alice.set_password("Kq7#wLm2vR")
    alice.save()
    alice.refresh_from_db()
    assert identify_hasher(alice.password).algorithm == "pbkdf2_sm3"
    assert alice.password.split("$")[1] == "400000"
    assert alice.check_password("Kq7#wLm2vR")


def test_a_pbkdf2_sha256_hash_is_upgraded_at_login(alice, real_password_hasher):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=alice.pk).update(password=old)
    changed_at = User.objects.get(pk=alice.pk).password_changed_at
    logged_in(alice)
    alice.refresh_from_db()
    assert alice.password.startswith("pbkdf2_sm3$400000$")
    assert alice.check_password(PASSWORD)
    assert alice.password_changed_at == changed_at  # a rehash is not a password change
