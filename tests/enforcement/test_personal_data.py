"""Encrypted personal data still works for those who may see it: the case list and the API find
a respondent by full name or ID number (blind index), the export and the import carry the clear
values, the admin shows them only to the roles that read personal data, and the pages ask the
database no more than before."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from enforcement.models import Case
from finance.models import Enterprise

from .test_encryption_at_rest import ID_NUMBER, NAME, person_case, raw_column, write_raw
from .test_import import GOOD, confirm, preview
from .test_list import LIST, exported, numbers

pytestmark = pytest.mark.django_db
API = reverse("case-list")


@pytest.fixture
def people(alice, make_case):
    person_case(alice, make_case, number="P-1")
    make_case(alice, number="C-1")  # a company respondent
    return Case.objects.order_by("number")


@pytest.mark.parametrize(
    "query",
    [
        f"q={ID_NUMBER}",
        f"q={ID_NUMBER.lower()}",  # the check letter typed in lower case
        f"q={NAME}",
        f"respondent_id_number={ID_NUMBER[:6]}%20{ID_NUMBER[6:]}",
    ],
)
def test_the_list_finds_a_respondent_by_exact_name_or_id_number(login, office, people, query):
    assert numbers(login(office).get(f"{LIST}?{query}")) == ["P-1"]


def test_a_part_of_an_id_number_finds_nothing(login, office, people):
    """Exact match only: the column is encrypted, its index reveals only equality."""
    assert numbers(login(office).get(f"{LIST}?q={ID_NUMBER[:10]}")) == []


def test_the_api_finds_by_id_number_and_returns_the_clear_values(login, alice, people):
    body = login(alice).get(f"{API}?q={ID_NUMBER}").json()
    results = body["results"] if isinstance(body, dict) else body
    assert [(r["number"], r["respondent_name"], r["respondent_id_number"]) for r in results] == [
        ("P-1", NAME, ID_NUMBER)
    ]


def test_the_export_carries_the_clear_values(login, alice, people):
    header, *rows = exported(login(alice), f"q={ID_NUMBER}")
    assert len(rows) == 1
    assert rows[0][8] == NAME and rows[0][11] == ID_NUMBER


def test_another_bureau_cannot_find_the_person(login, bob, people):
    assert numbers(login(bob).get(f"{LIST}?q={ID_NUMBER}")) == []


def test_the_import_takes_a_clear_id_number_and_stores_it_sealed(login, alice, town):
    row = {
        **GOOD,
        "respondent_name": "李四",
        "respondent_is_company": "否",
        "respondent_uscc": "",
        "respondent_id_number": " 11010519491231002x",
    }
    client = login(alice)
    response = preview(client, row)
    assert response.status_code == 200, response.context.get("plan")
    assert confirm(client, response).status_code == 302
    case = Case.objects.get(number=GOOD["number"])
    assert case.respondent_id_number == ID_NUMBER
    assert raw_column(case, "respondent_id_number").startswith("sm4gcm:1:")


def test_the_pending_upload_waits_in_the_session_sealed(login, alice, town):
    client = login(alice)
    preview(client, {**GOOD, "respondent_name": "李四"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        stored = " ".join(row[0] for row in cursor.fetchall())
    pending = client.session["cases_import"]["data"]
    assert pending.startswith("sm4gcm:1:")
    assert "UEsDB" not in stored and "UEsDB" not in pending  # no base64 zip (xlsx) in clear


def test_a_bad_id_number_is_a_form_error(login, alice):
    response = login(alice).post(
        reverse("enforcement:case-create"),
        {
            "number": "X-1",
            "title": "t",
            "ip_type": "patent",
            "proceeding": "administrative",
            "source": "complaint",
            "respondent_name": NAME,
            "respondent_id_number": "110105194912310021",
            "filed_on": "2026-03-02",
        },
    )
    assert response.status_code == 400
    assert "respondent_id_number" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_admin_shows_personal_data_to_the_office_only(login, office, admin_user, people):
    case = people.get(number="P-1")
    url = reverse("admin:enforcement_case_change", args=[case.pk])
    assert ID_NUMBER in login(office).get(url).content.decode()
    page = login(admin_user).get(url)
    assert page.status_code == 200
    assert ID_NUMBER not in page.content.decode() and NAME not in page.content.decode()


def test_the_office_searches_the_admin_by_exact_id_number(login, office, people):
    page = login(office).get(reverse("admin:enforcement_case_changelist"), {"q": ID_NUMBER})
    assert [c.number for c in page.context["cl"].result_list] == ["P-1"]


def test_the_admin_hides_an_enterprises_contact_from_the_administrator(
    login, office, admin_user, market
):
    firm = Enterprise.objects.create(
        name="某某科技有限公司",
        uscc="91350100M000100Y43",
        bureau=market,
        contact="王五 13800000000",
    )
    assert raw_column_of_enterprise(firm).startswith("sm4gcm:1:")
    url = reverse("admin:finance_enterprise_change", args=[firm.pk])
    assert "13800000000" in login(office).get(url).content.decode()
    assert "13800000000" not in login(admin_user).get(url).content.decode()
    assert Enterprise.objects.get(pk=firm.pk).contact == "王五 13800000000"


def raw_column_of_enterprise(firm: Enterprise) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM finance_enterprise WHERE id = %s", [firm.pk])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "user, url, queries",
    [
        # The counts measured before encryption (same data): decrypting costs no query.
        ("alice", "enforcement:case-list", 10),
        ("office", "enforcement:case-list", 9),
        ("office", "enforcement:case-detail", 8),
        ("office", "case-list", 4),
    ],
)
def test_the_pages_ask_no_more_queries_than_before(
    request, login, alice, office, make_case, django_assert_num_queries, user, url, queries
):
    for index in range(4):
        case = person_case(alice, make_case, number=f"Q-{index}")
    client = login(request.getfixturevalue(user))
    path = reverse(url, args=[case.pk]) if url.endswith("detail") else reverse(url)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_the_data_migration_seals_existing_clear_rows(alice, make_case):
    case = person_case(alice, make_case)
    write_raw(case, "respondent_name", NAME)  # as a row written before the migration
    write_raw(case, "respondent_name_index", "")
    migration = importlib.import_module("enforcement.migrations.0004_encrypt_existing_respondents")
    editor = SimpleNamespace(connection=connection)  # all RunPython uses of the schema editor
    migration.forwards(None, editor)
    sealed = raw_column(case, "respondent_name")
    migration.forwards(None, editor)  # a second run changes nothing
    assert sealed.startswith("sm4gcm:1:") and raw_column(case, "respondent_name") == sealed
    assert Case.objects.get(pk=case.pk).respondent_name == NAME
    assert list(Case.objects.filter(respondent_name_index__gt="").values_list("pk", flat=True)) == [
        case.pk
    ]
    migration.backwards(None, editor)
    assert raw_column(case, "respondent_name") == NAME


def test_the_history_page_shows_old_and_new_personal_data_to_the_office_only(
    login, office, admin_user, alice, people
):
    from enforcement import services

    case = people.get(number="P-1")
    services.case_update(case, user=alice, data={"respondent_name": "张三丰", "title": "改名"})
    url = reverse("admin:enforcement_case_history", args=[case.pk])
    seen = login(office).get(url).content.decode()
    assert "张三丰" in seen and "改名" in seen
    hidden = login(admin_user).get(url).content.decode()
    assert "改名" in hidden  # the page works, with the other changes
    assert "张三丰" not in hidden and NAME not in hidden
    assert case.respondent_name_index not in seen  # the blind index is nobody's business
