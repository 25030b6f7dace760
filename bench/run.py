"""`make bench`: the benchmark of issue #10 at S=1, 10 and 100 on PostgreSQL.

    python bench/run.py [--scales 1 10 100] [--seed 1] [--only dashboards ...]

For each scale it makes (or reuses) the database ipcity_bench_s<scale> on the PostgreSQL server
of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/), fills it with
`manage.py generate_data` and remembers the scale and seed in the database's comment, so a
second run reuses it; then bench/measure.py measures, in a process of its own. It prints one
table and writes bench/results/latest.json: a list of {"name", "scale", "value", "baseline",
"ratio", "goal"}. It fails (exit 1) when the export's memory grows with the number of rows.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "latest.json"
PYTHON = sys.executable
# Export memory at S=10 may exceed S=1's by this factor at most (rows grow tenfold).
MEMORY_GROWTH_LIMIT = 2.0
MEMORY_FLOOR_MB = 5.0


def server_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def admin_cursor():
    """Autocommit: CREATE and DROP DATABASE refuse to run in a transaction."""
    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def label(scale: float) -> str:
    return str(int(scale)) if scale == int(scale) else str(scale).replace(".", "_")


def environment(name: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(name),
        SECRET_KEY=env.get("SECRET_KEY", "bench-secret-not-for-production"),
        IPCITY_SYNTHETIC_DATA="1",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    return env


def prepare(scale: float, seed: int) -> str:
    """The database of this scale and seed, generated if it is not there yet."""
    name = f"ipcity_bench_s{label(scale)}"
    marker = f"generate_data scale={scale} seed={seed}"
    with admin_cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        found = cursor.fetchone()
        if found and found[0] == marker:
            print(f"S={scale}: reusing {name}", flush=True)
            migrate(name)
            return name
        if found:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    migrate(name)
    started = time.perf_counter()
    command = ["manage.py", "generate_data", "--scale", str(scale), "--seed", str(seed)]
    subprocess.run([PYTHON, *command], cwd=BASE_DIR, env=environment(name), check=True)
    print(f"S={scale}: generated in {time.perf_counter() - started:.0f}s", flush=True)
    with admin_cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [marker])
    return name


def migrate(name: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=environment(name),
        check=True,
    )


def measure(name: str, scale: float, only: list[str] | None) -> list[dict]:
    command = [PYTHON, "bench/measure.py", "--scale", str(scale)]
    if only:
        command += ["--only", *only]
    done = subprocess.run(
        command, cwd=BASE_DIR, env=environment(name), check=True, stdout=subprocess.PIPE
    )
    return json.loads(done.stdout)


def table(rows: list[dict]) -> str:
    lines = [f"{'scale':>5}  {'measure':<62} {'value':>10} {'baseline':>10} {'ratio':>7}  goal"]
    for r in rows:
        baseline = "" if r["baseline"] is None else r["baseline"]
        ratio = "" if r["ratio"] is None else f"{r['ratio']}×"
        lines.append(
            f"{r['scale']:>5}  {r['name'][:62]:<62} {r['value']:>10} {baseline:>10} {ratio:>7}"
            f"  {r['goal']}"
        )
    return "\n".join(lines)


def memory_problems(rows: list[dict]) -> list[str]:
    """Issue #8: the export's peak memory must not grow with the number of rows (tenfold from one
    scale to the next): at most MEMORY_GROWTH_LIMIT times, over a floor that absorbs noise."""
    peaks: dict[str, dict] = {}
    for r in rows:
        if r["name"].startswith("Excel export: peak"):
            peaks.setdefault(r["name"], {})[r["scale"]] = r["value"]
    problems = []
    for name, by_scale in peaks.items():
        scales = sorted(by_scale)
        for small, large in zip(scales, scales[1:], strict=False):
            if by_scale[large] > MEMORY_GROWTH_LIMIT * max(by_scale[small], MEMORY_FLOOR_MB):
                problems.append(
                    f"{name} grows with rows: {by_scale[small]} at S={small}, "
                    f"{by_scale[large]} at S={large}"
                )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 10, 100])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    rows: list[dict] = []
    for scale in args.scales:
        name = prepare(scale, args.seed)
        print(f"S={scale}: measuring on {name}", flush=True)
        rows.extend(measure(name, scale, args.only))
    print()
    print(table(rows))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    print(f"\nwritten to {RESULTS.relative_to(BASE_DIR)}")
    problems = memory_problems(rows)
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
