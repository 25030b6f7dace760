"""Every figure of the benchmark at one scale, on the database DATABASE_URL names.

    DATABASE_URL=postgres://…/ipcity_bench_s1 SECRET_KEY=x python bench/measure.py --scale 1

bench/run.py runs it once per scale (a process each, so each scale has its own settings and
connection) and prints the rows it writes to stdout as JSON. Each row is a ratio against a
baseline measured here, in the same process, a moment before: machines differ, ratios travel.
Server times go through Django's test Client in-process (the view, its middleware and its
queries, no network), the median of REPEAT runs after a warm-up.
"""

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bureaus.models import Bureau, Role, User  # noqa: E402
from enforcement.models import Case  # noqa: E402
from reports import dashboard_cache  # noqa: E402
from targets.services import progress_compute  # noqa: E402

REPEAT = 7
HEAVY_REPEAT = 3
TRIVIAL_PAGE = "/accounts/password/done/"  # logged in, the base template, no query of its own
CASE_FILTER = "status=closed&ip_type=trademark"
CASE_PAGE = 3


def median_time(fn, repeat: int = REPEAT) -> float:
    fn()  # warm-up: caches, compiled templates, the connection
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name, scale, value, baseline, goal, **extra) -> dict:
    ratio = round(value / baseline, 2) if baseline else None
    return {"name": name, "scale": scale, "value": value, "baseline": baseline,
            "ratio": ratio, "goal": goal, **extra}  # fmt: skip


def get(client: Client, url: str):
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        return response

    return fetch


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def user(username: str, role: str, bureau: Bureau | None, superuser=False) -> User:
    person, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "bureau": bureau, "is_superuser": superuser}
    )
    return person


def client_for(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def dashboards(scale) -> list[dict]:
    market = Bureau.objects.get(code="market")
    office = client_for(user("bench-office", Role.OFFICE, market))
    staff = client_for(user("bench-staff", Role.STAFF, market))
    trivial = get(office, TRIVIAL_PAGE)
    trivial_queries = queries(trivial)
    rows = []
    for name, client, url in (
        ("office dashboard", office, "/dashboard/"),
        ("bureau dashboard", staff, "/dashboard/bureau/"),
    ):
        # Answered from the dashboards' cache, and built afresh as after a change (or in a
        # worker's first request): reports/dashboard_cache.py.
        for label, fetch, goal in (
            (name, get(client, url), "≤ 3× trivial page"),
            (f"{name}, rebuilt (after a change)", rebuild(get(client, url)), "report"),
        ):
            ms, trivial_ms = (t * 1000 for t in paired_median_times(fetch, trivial))
            rows.append(row(f"{label}: server time (ms)", scale, round(ms, 1),
                            round(trivial_ms, 1), goal))  # fmt: skip
            rows.append(row(f"{label}: SQL queries", scale, queries(fetch),
                            trivial_queries, "same at every scale"))  # fmt: skip
    return rows


def paired_median_times(fn, baseline, repeat: int = 21) -> tuple[float, float]:
    """Medians of `fn` and `baseline` timed in turn, so a busy moment of the (shared) machine
    weighs on both: a page of a few milliseconds against one of a few more is otherwise noise."""
    fn(), baseline()
    times, baseline_times = [], []
    for _ in range(repeat):
        for call, into in ((fn, times), (baseline, baseline_times)):
            start = time.perf_counter()
            call()
            into.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(baseline_times)


def rebuild(fetch):
    """The page with the dashboards' cache emptied first (reports/dashboard_cache.py)."""

    def fetch_rebuilt():
        caches[dashboard_cache.CACHE_ALIAS].clear()
        return fetch()

    return fetch_rebuilt


def case_list(scale) -> list[dict]:
    market = Bureau.objects.get(code="market")
    office = client_for(user("bench-office", Role.OFFICE, market))
    admin = client_for(user("bench-admin", Role.ADMIN, None, superuser=True))
    ours = get(office, f"/cases/?{CASE_FILTER}&page={CASE_PAGE}")
    theirs = get(admin, f"/admin/enforcement/case/?{CASE_FILTER.replace('=', '__exact=')}"
                        f"&p={CASE_PAGE - 1}")  # fmt: skip
    ms, admin_ms = median_time(ours) * 1000, median_time(theirs) * 1000
    return [
        row("case list (filtered, page 3): server time (ms)", scale, round(ms, 1),
            round(admin_ms, 1), "≤ 0.5× admin changelist"),
        row("case list (filtered, page 3): SQL queries", scale, queries(ours),
            queries(theirs), "same at every scale"),
    ]  # fmt: skip


def nightly(scale) -> list[dict]:
    """The computation against the very aggregate queries it issues, re-run as raw SQL."""
    with CaptureQueriesContext(connection) as captured:
        progress_compute(trigger="bench")
    aggregates = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT")
        and any(word in q["sql"] for word in ("COUNT(", "SUM(", "AVG(", '"targets_figure"'))
    ]

    def raw():
        with connection.cursor() as cursor:
            for sql in aggregates:
                cursor.execute(sql)
                cursor.fetchall()

    seconds = median_time(lambda: progress_compute(trigger="bench"), HEAVY_REPEAT)
    base = median_time(raw, HEAVY_REPEAT)
    return [
        row("nightly progress computation (s)", scale, round(seconds, 3), round(base, 3),
            "≤ 2× raw SQL aggregates", queries=len(captured), aggregates=len(aggregates)),
    ]  # fmt: skip


def case_export():
    """(columns, rows of every case, writer) of the register's Excel export."""
    from exports.registry import get_export
    from exports.streaming import write_rows

    export = get_export("cases")
    office = User.objects.get(username="bench-office")

    def xlsx(path):
        with open(path, "wb") as file:
            return write_rows(file, export.columns, export.rows(office, {}), title="cases")

    return xlsx


CSV_FIELDS = ["number", "title", "ip_type", "proceeding", "source", "status", "bureau__name",
              "town__name", "respondent_name", "respondent_is_company", "respondent_uscc",
              "right_holder", "filed_on", "decided_on", "closed_on", "illegal_gains", "fine",
              "confiscation", "damages", "punitive_damages", "goods_seized", "campaign__name",
              "joint_enforcement", "credit_flag", "summary"]  # fmt: skip


class PeakRSS:
    """The process's resident memory, sampled every few milliseconds while the block runs: its
    peak growth over the level before is what the block needed (imports and caches aside)."""

    def __enter__(self):
        self.before = self.peak = self.read()
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()

    @staticmethod
    def read() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def sample(self):
        while self.running:
            self.peak = max(self.peak, self.read())
            time.sleep(0.005)

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.before) / 2**20, 1)


def export(scale) -> list[dict]:
    xlsx = case_export()
    total = Case.objects.count()
    # Three timed runs while that takes seconds; one at S=100, where a run takes minutes.
    repeat = HEAVY_REPEAT if total <= 50_000 else 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.xlsx"

        def plain():
            with open(Path(folder) / "cases.csv", "w", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(CSV_FIELDS)
                rows = Case.objects.order_by("-filed_on", "-id").values_list(*CSV_FIELDS)
                writer.writerows(rows.iterator(chunk_size=2000))

        with PeakRSS() as xlsx_rss:
            written = xlsx(path)  # also the warm-up of the timed runs
        if written != total:
            raise RuntimeError(f"the export wrote {written} of {total} cases")
        with PeakRSS() as csv_rss:
            plain()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            xlsx(path)
            times.append(time.perf_counter() - started)
        seconds = statistics.median(times)
        base = median_time(plain, HEAVY_REPEAT)
        rows = [
            row(f"Excel export of every case ({total} rows) (s)", scale, round(seconds, 3),
                round(base, 3), "≤ 3× csv.writer"),
            row("Excel export: peak RSS growth (MB)", scale, xlsx_rss.growth_mb,
                csv_rss.growth_mb, "bounded: not growing with rows"),
        ]  # fmt: skip
        if total <= 50_000:  # tracemalloc slows Python several times over: not at S=100
            tracemalloc.start()
            xlsx(path)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            plain()
            csv_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rows.append(row("Excel export: peak Python memory (MB)", scale,
                            round(peak / 2**20, 1), round(csv_peak / 2**20, 1),
                            "bounded: not growing with rows"))  # fmt: skip
    return rows


def reports(scale) -> list[dict]:
    from exports.services import report_render

    year = str(min(timezone.localdate().year, 2026))
    rows = []
    for fmt in ("pdf", "xlsx"):
        seconds = median_time(lambda fmt=fmt: report_render(code=year, fmt=fmt), HEAVY_REPEAT)
        rows.append(row(f"annual assessment report {year} {fmt.upper()} (s)", scale,
                        round(seconds, 2), None, "report (seconds)"))  # fmt: skip
    return rows


def load(scale) -> list[dict]:
    """helper F's bench/load.py: gunicorn with 2 workers on loopback, a bounded run."""
    from bench import load as load_run

    return load_run.run_load(scale)


PARTS = {
    "dashboards": dashboards,
    "case_list": case_list,
    "nightly": nightly,
    "export": export,
    "reports": reports,
    "load": load,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--only", nargs="*", choices=list(PARTS), default=list(PARTS))
    args = parser.parse_args()
    scale = int(args.scale) if args.scale == int(args.scale) else args.scale
    out = []
    for name in args.only:
        started = time.perf_counter()
        out.extend(PARTS[name](scale))
        print(f"  {name}: {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
