"""load_demo gives a newcomer a populated portal, and never runs in production."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bureaus.management.commands.load_demo import DEMO_PASSWORD
from bureaus.models import BureauKind, Role, User
from targets.models import Figure, Indicator, Progress, ProgressStatus
from targets.periods import begun_periods, latest_ended
from tasks_registry.models import TaskReport
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_it_creates_a_user_for_every_role_and_bureau_kind(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert set(User.objects.values_list("role", flat=True)) == set(Role)
    staff_kinds = set(User.objects.filter(role=Role.STAFF).values_list("bureau__kind", flat=True))
    assert staff_kinds == set(BureauKind)
    assert User.objects.get(username="market").check_password(DEMO_PASSWORD)


def test_it_fills_past_quarters_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (
        User.objects.count(),
        Indicator.objects.count(),
        Figure.objects.count(),
        TaskReport.objects.count(),
    )
    call_command("load_demo")
    assert (
        User.objects.count(),
        Indicator.objects.count(),
        Figure.objects.count(),
        TaskReport.objects.count(),
    ) == counts
    assert Figure.objects.filter(state=SubmissionState.APPROVED).count() > 20
    assert TaskReport.objects.filter(state=SubmissionState.SUBMITTED).exists()


def test_the_demo_lists_3_1s_industries_and_counts_3_1_from_them(settings, client):
    """R3.4 on the demo: the office's seven industries are listed (3.1.1–3.1.7, with their
    national averages), 区经济信息委 reports their densities, and no 3.1 total is typed; so 3.1
    is counted from its industries (not 待设定), and its card names the count of seven."""
    settings.DEBUG = True
    call_command("load_demo")
    total = Indicator.objects.get(code="3.1")
    industries = list(total.parts.order_by("code"))
    assert [i.code for i in industries] == [f"3.1.{n}" for n in range(1, 8)]
    assert all(i.target_value and i.reporting_bureau.code == "economy" for i in industries)
    assert not Figure.objects.filter(indicator=total).exists()

    # By hand: at the latest ended quarter, the industries whose latest approved density is
    # strictly above their national average.
    period = latest_ended(begun_periods())
    above = 0
    for industry in industries:
        latest = (
            Figure.objects.filter(
                indicator=industry,
                state=SubmissionState.APPROVED,
                period__year__lte=period.year,
            )
            .exclude(period__year=period.year, period__quarter__gt=period.quarter)
            .order_by("-period__year", "-period__quarter")
            .first()
        )
        above += latest.value > industry.target_value
    row = Progress.objects.get(indicator=total, period=period)
    assert row.status not in (ProgressStatus.NOT_SET, ProgressStatus.NO_DATA)
    assert (row.level, row.target_value) == (above, 7)
    assert 0 < above < 7  # the demo shows some industries above and some not

    client.force_login(User.objects.get(username="office"))
    html = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    card = html.decode()[html.decode().index('data-code="3.1"') :][:3000]
    assert f"{above}/7" in card and "待设定" not in card
