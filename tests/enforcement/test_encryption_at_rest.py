"""SM4-GCM at rest: what the database holds for a case's respondent, read back three ways (the
ORM, raw SQL, and an independent decryption with `cryptography` and the configured key), and the
clear errors of a wrong key, a changed value and a missing key in production."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from crypto.envelope import blind_index, key_id_in, open_sealed, seal
from crypto.keys import DecryptionError, SettingsKeyProvider, key_id_of
from enforcement.models import Case

pytestmark = pytest.mark.django_db

NAME = "张三"
ID_NUMBER = "11010519491231002X"  # GB 11643-1999's own example: check character X
OTHER_KEY = "fedcba98765432100123456789abcdef"


def person_case(alice, make_case, **overrides):
    return make_case(
        alice,
        respondent_name=NAME,
        respondent_is_company=False,
        respondent_uscc="",
        respondent_id_number=ID_NUMBER,
        **overrides,
    )


def raw_column(case: Case, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM enforcement_case WHERE id = %s", [case.pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(case: Case, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE enforcement_case SET {column} = %s WHERE id = %s", [value, case.pk])  # noqa: S608


def independently_decrypted(stored: str, key_hex: str) -> str:
    """Decrypt without the portal's code: split the envelope by its documented format."""
    scheme, version, key_id, body = stored.split(":", 3)
    sealed = base64.b64decode(body)
    nonce, ciphertext, tag = sealed[:12], sealed[12:-16], sealed[-16:]
    decryptor = Cipher(algorithms.SM4(bytes.fromhex(key_hex)), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(f"{scheme}:{version}:{key_id}".encode())
    return (decryptor.update(ciphertext) + decryptor.finalize()).decode()


def test_it_reads_back_what_it_stored(alice, make_case):
    case = person_case(alice, make_case)
    again = Case.objects.get(pk=case.pk)
    assert (again.respondent_name, again.respondent_id_number) == (NAME, ID_NUMBER)
    assert Case.objects.values_list("respondent_name", flat=True).get(pk=case.pk) == NAME


def test_the_database_never_holds_the_clear_text(alice, make_case):
    case = person_case(alice, make_case)
    for column, clear in (("respondent_name", NAME), ("respondent_id_number", ID_NUMBER)):
        stored = raw_column(case, column)
        assert stored.startswith("sm4gcm:1:")
        assert clear not in stored and clear.encode().hex() not in stored
    history = case.history.model.objects.filter(id=case.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT respondent_name FROM enforcement_historicalcase WHERE id = %s", [case.pk]
        )
        assert all(row[0].startswith("sm4gcm:1:") for row in cursor.fetchall())
    assert history.exists()


def test_each_value_gets_its_own_nonce(alice, make_case):
    first = person_case(alice, make_case, number="N-1")
    second = person_case(alice, make_case, number="N-2")
    assert raw_column(first, "respondent_name") != raw_column(second, "respondent_name")


def test_an_independent_sm4_gcm_decryption_with_the_configured_key_gives_the_value(
    alice, make_case, settings
):
    case = person_case(alice, make_case)
    stored = raw_column(case, "respondent_id_number")
    assert independently_decrypted(stored, settings.FIELD_ENCRYPTION_KEY) == ID_NUMBER
    expected_id = hashlib.new(
        "sm3", b"ipcity field key id\0" + bytes.fromhex(settings.FIELD_ENCRYPTION_KEY)
    ).hexdigest()[:8]
    assert key_id_in(stored) == expected_id


def test_the_blind_index_is_hmac_sm3_of_the_normal_form(alice, make_case, settings):
    case = person_case(alice, make_case)
    mac = crypto_hmac.HMAC(bytes.fromhex(settings.FIELD_INDEX_KEY), hashes.SM3())
    mac.update(ID_NUMBER.lower().encode())  # normal form: no spaces, case folded
    assert raw_column(case, "respondent_id_number_index") == mac.finalize().hex()
    assert blind_index(" 110105 19491231 002x ") == blind_index(ID_NUMBER)
    assert blind_index("") == ""


def test_a_wrong_key_is_a_clear_error_not_garbage(alice, make_case, settings):
    case = person_case(alice, make_case)
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    with pytest.raises(DecryptionError, match="not configured"):
        Case.objects.get(pk=case.pk)


def test_a_value_relabelled_for_another_key_does_not_open(alice, make_case, settings):
    case = person_case(alice, make_case)
    stored = raw_column(case, "respondent_name")
    settings.FIELD_ENCRYPTION_KEY = (
        OTHER_KEY  # the value claims the new key, but was not sealed by it
    )
    _scheme, _version, _old_id, body = stored.split(":", 3)
    write_raw(case, "respondent_name", f"sm4gcm:1:{key_id_of(bytes.fromhex(OTHER_KEY))}:{body}")
    with pytest.raises(DecryptionError, match="wrong key or changed bytes"):
        Case.objects.get(pk=case.pk)


def test_a_changed_ciphertext_is_a_clear_error(alice, make_case):
    case = person_case(alice, make_case)
    header, body = raw_column(case, "respondent_name").rsplit(":", 1)
    sealed = bytearray(base64.b64decode(body))
    sealed[13] ^= 0x01  # one bit of the ciphertext
    write_raw(case, "respondent_name", f"{header}:{base64.b64encode(bytes(sealed)).decode()}")
    with pytest.raises(DecryptionError, match="wrong key or changed bytes"):
        Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    "stored",
    [
        "张三",
        "sm4gcm:2:abcd:AAAA",
        "sm4gcm:1:abcd",
        "sm4gcm:1:{kid}:not base64!",
        "sm4gcm:1:{kid}:AAAA",
    ],
)
def test_anything_but_an_envelope_is_refused(stored):
    kid = SettingsKeyProvider().current_key_id()
    with pytest.raises(DecryptionError):
        open_sealed(stored.format(kid=kid))


def test_an_old_key_still_reads_during_a_rotation(alice, make_case, settings):
    case = person_case(alice, make_case)
    old_key = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old_key]
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    assert Case.objects.get(pk=case.pk).respondent_name == NAME
    assert key_id_in(seal(NAME)) == key_id_of(bytes.fromhex(OTHER_KEY))


def test_production_without_a_key_is_a_clear_configuration_error(settings):
    settings.DEBUG = False
    settings.FIELD_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY must be set"):
        SettingsKeyProvider()
    settings.FIELD_ENCRYPTION_KEY = "not hex"
    with pytest.raises(ImproperlyConfigured, match="hexadecimal"):
        SettingsKeyProvider()
    settings.FIELD_ENCRYPTION_KEY = "00ff"
    with pytest.raises(ImproperlyConfigured, match="32 hex digits"):
        SettingsKeyProvider()


def test_debug_alone_gets_the_fixed_development_keys(settings):
    settings.DEBUG = True
    settings.FIELD_ENCRYPTION_KEY = settings.FIELD_INDEX_KEY = ""
    provider = SettingsKeyProvider()
    assert provider.current_key_id() == key_id_of(bytes.fromhex("00112233445566778899aabbccddeeff"))


def test_the_provider_can_be_a_plugged_in_class(settings):
    """A 密码机 or 密码服务平台 client is named by its dotted path; here the default by name."""
    from crypto.keys import provider

    settings.FIELD_ENCRYPTION_PROVIDER = (
        "tests.enforcement.test_encryption_at_rest.RecordingProvider"
    )
    assert isinstance(provider(), RecordingProvider)
    assert open_sealed(seal(NAME)) == NAME
    assert provider().calls == ["encrypt", "decrypt"]


class RecordingProvider(SettingsKeyProvider):
    """The default provider, recording that the envelope code went through it."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def encrypt(self, plaintext, *, associated_data):
        self.calls.append("encrypt")
        return super().encrypt(plaintext, associated_data=associated_data)

    def decrypt(self, key_id, sealed, *, associated_data):
        self.calls.append("decrypt")
        return super().decrypt(key_id, sealed, associated_data=associated_data)


def test_the_system_check_names_a_missing_key(settings):
    """`migrate` and `check` run it: the web container stops before serving a page."""
    from crypto.apps import keys_configured

    assert keys_configured() == []
    settings.DEBUG = False
    settings.FIELD_INDEX_KEY = ""
    (error,) = keys_configured()
    assert error.id == "crypto.E001" and "FIELD_INDEX_KEY must be set" in error.msg
