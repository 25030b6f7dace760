"""Measure the nightly progress run and the dashboards on a large, synthetic data set.

    DATABASE_URL=postgres://…/ipcity_bench SECRET_KEY=x python bench/progress_bench.py [indicators]

It migrates the named database, adds `indicators` synthetic stock indicators (default 100) with
figures from 30 bureaus for 32 quarters (2019–2026), runs the computation twice and opens each
dashboard, printing wall time and query counts. It writes to the database it is given: never point
it at production.
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bureaus.models import Bureau, BureauKind, Role, User  # noqa: E402
from targets.models import Figure, FigureState, Indicator, Period, TargetArea  # noqa: E402
from targets.services import progress_compute  # noqa: E402

BUREAUS = 30
YEARS = range(2019, 2027)


def populate(indicators: int) -> None:
    for i in range(BUREAUS - Bureau.objects.count()):
        Bureau.objects.create(code=f"bench-{i}", name=f"bench {i}", kind=BureauKind.TOWN)
    bureaus = list(Bureau.objects.all()[:BUREAUS])
    periods = [
        Period.objects.get_or_create(
            year=y, quarter=q, defaults={"due_date": Period.default_due_date(y, q)}
        )[0]
        for y in YEARS
        for q in (1, 2, 3, 4)
    ]
    area = TargetArea.objects.get(number=2)
    made = [
        Indicator(
            code=f"B{n}", area=area, name=f"bench {n}", kind="stock", source="figure",
            target_value=Decimal(100_000), target_text="bench", order=10_000 + n,
        )
        for n in range(indicators)
        if not Indicator.objects.filter(code=f"B{n}").exists()
    ]  # fmt: skip
    Indicator.objects.bulk_create(made)
    figures = [
        Figure(
            indicator=ind, bureau=b, period=p, value=Decimal(100 + k), state=FigureState.APPROVED
        )
        for ind in made
        for b in bureaus
        for k, p in enumerate(periods)
    ]
    Figure.objects.bulk_create(figures, batch_size=5000)


def timed(label: str, fn) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:8.2f}s {len(queries):5d} queries  {result or ''}")


def main() -> None:
    indicators = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    call_command("migrate", verbosity=0)
    populate(indicators)
    print(f"figures: {Figure.objects.count()}, indicators: {Indicator.objects.count()}")
    for n in (1, 2):
        timed(
            f"progress run {n}",
            lambda: (lambda r: f"created {r.rows_created} updated {r.rows_updated}")(
                progress_compute(trigger="bench")
            ),
        )
    office, _ = User.objects.get_or_create(username="bench-office", defaults={"role": Role.OFFICE})
    office.bureau = Bureau.objects.get(code="market")
    office.save()
    client = Client()
    client.force_login(office)
    for url in ("/dashboard/", "/dashboard/bureaus/market/", "/dashboard/indicators/2.1/"):
        client.get(url)
        timed(f"GET {url}", lambda url=url: client.get(url).status_code)


if __name__ == "__main__":
    main()
