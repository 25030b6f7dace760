"""Key rotation (docs/operations.md, "Field keys"): with the new key current and the old one
still listed, `reseal_personal_data` seals every value again under the new key, history rows
too; then the old key can go and everything still reads."""

import pytest
from django.core.management import call_command
from django.db import connection

from crypto.envelope import key_id_in
from crypto.keys import key_id_of
from enforcement.models import Case

from .test_encryption_at_rest import ID_NUMBER, NAME, OTHER_KEY, person_case

pytestmark = pytest.mark.django_db


def stored_key_ids() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT respondent_name, respondent_id_number FROM enforcement_case UNION ALL "
            "SELECT respondent_name, respondent_id_number FROM enforcement_historicalcase"
        )
        return {key_id_in(value) for row in cursor.fetchall() for value in row if value}


def test_a_rotation_reseals_every_value_and_retires_the_old_key(alice, make_case, settings, capsys):
    case = person_case(alice, make_case)
    old_key = settings.FIELD_ENCRYPTION_KEY
    assert stored_key_ids() == {key_id_of(bytes.fromhex(old_key))}

    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = OTHER_KEY, [old_key]
    call_command("reseal_personal_data")
    assert stored_key_ids() == {key_id_of(bytes.fromhex(OTHER_KEY))}
    assert "rows sealed again" in capsys.readouterr().out

    settings.FIELD_ENCRYPTION_OLD_KEYS = []  # the old key retired
    again = Case.objects.get(pk=case.pk)
    assert (again.respondent_name, again.respondent_id_number) == (NAME, ID_NUMBER)
    assert Case.objects.filter(respondent_id_number_index=case.respondent_id_number_index).exists()
    call_command("reseal_personal_data")  # nothing left to do
    assert capsys.readouterr().out.startswith("0 rows")
