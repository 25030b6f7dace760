"""Passwords hashed with PBKDF2-HMAC-SM3 (密评, GB/T 39786-2021: a 商用密码 hash for stored
credentials). Django's PBKDF2 with SM3 as its digest (OpenSSL's, through hashlib); hashes made
with PBKDF2-SHA256 before still verify and are rehashed with this one at the next login."""

import hashlib

from django.contrib.auth.hashers import PBKDF2PasswordHasher


def sm3(data: bytes = b""):
    return hashlib.new("sm3", data)


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sm3"
    # SM3 costs about 2.5 SHA-256 rounds in OpenSSL: 400,000 rounds take about as long as
    # Django's 1,000,000 of PBKDF2-SHA256, and cost a guesser as much.
    iterations = 400_000
    digest = staticmethod(sm3)
