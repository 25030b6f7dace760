"""A bounded load run against a real gunicorn on loopback, for the reliability test and the bench.

    DATABASE_URL=postgres://…/ipcity_bench SECRET_KEY=x python bench/load.py [read|figures]
        [--users N] [--seconds T]

Both scenarios start gunicorn as the Dockerfile runs it (sync workers, the same timeout and
max-requests recycling) with production settings (DEBUG=0, whitenoise serving the collected static
files), on the database the Django connection names, so a test's database or the bench's
generated one. Every user logs in through the real login form (CSRF token, password check, axes),
then works until the deadline; each request's status and latency is recorded client-side.

- `read` (issue #10, `run_load(scale)`): office users on the office dashboard and staff on their
  bureau's dashboard, all on /api/v1/cases/, after a phase in which the same users open only a
  trivial logged-in page: the baseline measured under the same concurrency.
- `figures` (issue #9, `run_figure_load()`): bureau staff create, change and submit their bureau's
  figures over the REST API (session + CSRF, as the browser's scripts would). The open period is
  shared by every user of a bureau, so creates, stale versions and submits collide there (409s are
  legitimate answers, counted); each user then goes on through its own slice of quarters so the
  writes last the whole run. Every 2xx-accepted write goes into a ledger that `verify_figures`
  compares with the database afterwards.

It writes users (`load-…`) and, for `figures`, figures to the database it is given: never point
it at production.
"""

import http.client
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent

# As in the Dockerfile's CMD, with two workers: the machine the issue names has two cores.
GUNICORN_ARGS = ["--workers", "2", "--timeout", "120", "--max-requests", "1000",
                 "--max-requests-jitter", "100", "--access-logfile", "-"]  # fmt: skip
START_TIMEOUT = 60
STOP_TIMEOUT = 40
REQUEST_TIMEOUT = 130  # longer than gunicorn's own, so a stuck worker shows as its 5xx
USERNAME_PREFIX = "load-"
TRIVIAL_PAGE = "/accounts/password/done/"  # logged in, the base template, no query of its own
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years targets.periods accepts


def setup_django() -> None:
    """For the command line; the test and the bench harness have Django set up already."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")
    import django

    django.setup()


def database_url() -> str:
    """The database this process's Django connection uses (a test's test_… database included)."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{quote(db['USER'] or '', safe='')}{password}@{host}:{port}/{db['NAME']}"


# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(log_path: Path, args: list[str] = GUNICORN_ARGS):
    """A gunicorn on a free loopback port with production settings; yields (host, port)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback: no proxy in front
        "SECURE_COOKIES": "0",  # likewise, or the client would not send the cookies back
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "gunicorn", "ipcity.wsgi:application",
               "--bind", f"127.0.0.1:{port}", *args]  # fmt: skip
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_healthy(process, port)
            yield "127.0.0.1", port
        except Exception as error:  # the server's side of the story, for whoever reads this
            tail = log_path.read_text()[-5000:]
            raise RuntimeError(f"{error}\n--- end of the gunicorn log ---\n{tail}") from error
        finally:
            process.send_signal(signal.SIGTERM)  # graceful: in-flight requests finish
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz")


# The client


@dataclass
class Sample:
    label: str
    status: int  # 0: the connection failed or timed out
    seconds: float


class Recorder:
    """Every request's outcome, from every thread."""

    def __init__(self):
        self.samples: list[Sample] = []
        self._lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)


@dataclass
class Response:
    status: int
    body: bytes
    headers: http.client.HTTPMessage | None = None

    def json(self):
        return json.loads(self.body)


class Session:
    """One user's browser: a cookie jar and Django's CSRF header, a new connection per request
    (gunicorn's sync workers close it after each response anyway)."""

    def __init__(self, host: str, port: int, recorder: Recorder):
        self.host, self.port, self.recorder = host, port, recorder
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, label: str, *, data=None, form=None) -> Response:
        headers = {"Accept": "application/json, text/html"}
        body = None
        if data is not None:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method not in ("GET", "HEAD") and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        start = time.perf_counter()
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.read(), answer.headers)
        except OSError:
            response = Response(0, b"")
        finally:
            connection.close()
        self.recorder.add(Sample(label, response.status, time.perf_counter() - start))
        if response.headers is not None:
            self._keep_cookies(response.headers)
        return response

    def _keep_cookies(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value  # sent back exactly as received

    def login(self, username: str, password: str) -> None:
        """Through the login form, as a person would: the page, its CSRF token, the POST."""
        page = self.request("GET", "/accounts/login/", "login form")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or token is None:
            raise RuntimeError(f"login page answered {page.status}")
        form = {"username": username, "password": password, "next": ""}
        answer = self.request(
            "POST", "/accounts/login/", "login", form={**form, "csrfmiddlewaretoken": token[1]}
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not log in: {answer.status}")

    def first_page(self) -> None:
        """The page after login and its style sheets, served by whitenoise under hashed names."""
        home = self.request("GET", "/", "home")
        sheets = re.findall(rb'<link rel="stylesheet" href="(/static/[^"]+)"', home.body)
        answers = [self.request("GET", sheet.decode(), "static file").status for sheet in sheets]
        if home.status != 200 or not sheets or set(answers) != {200}:
            raise RuntimeError(f"the first page: {home.status}, style sheets {answers}")


# Users


def ensure_users(specs: list[tuple[str, str, int | None]]) -> str:
    """Create or reset (username, role, bureau id) users with one fresh password; return it.

    The password is hashed once (PBKDF2 takes a quarter of a second) and dated now, so nobody is
    sent to the change-password page. Distinct usernames: axes locks username + IP pairs."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from bureaus.models import User

    password = secrets.token_urlsafe(12) + "Aa1!"
    hashed, now = make_password(password), timezone.now()
    existing = User.objects.in_bulk([name for name, _role, _bureau in specs], field_name="username")
    users = []
    for username, role, bureau_id in specs:
        user = existing.get(username) or User(username=username, first_name=username)
        user.role, user.bureau_id, user.is_active = role, bureau_id, True
        user.password, user.password_changed_at = hashed, now
        users.append(user)
    fields = ["role", "bureau", "is_active", "password", "password_changed_at"]
    User.objects.bulk_update([u for u in users if u.pk], fields)
    User.objects.bulk_create([u for u in users if not u.pk])
    return password


def log_in_all(host, port, recorder, usernames: list[str], password: str) -> list[Session]:
    """Log every user in, a few at a time as a morning's arrivals would be; the first one opens
    the home page too (once is enough to know the pages and static files are served)."""
    sessions = [Session(host, port, recorder) for _ in usernames]
    run_threads(
        [lambda s=s, u=u: s.login(u, password) for s, u in zip(sessions, usernames, strict=True)],
        width=4,
    )
    sessions[0].first_page()
    return sessions


def run_threads(jobs, width: int | None = None) -> None:
    """Run callables on threads (at most `width` at once) and re-raise the first failure."""
    errors: list[BaseException] = []
    gate = threading.Semaphore(width or len(jobs) or 1)

    def guarded(job):
        with gate:
            try:
                job()
            except BaseException as error:  # handed to the caller below
                errors.append(error)

    threads = [threading.Thread(target=guarded, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# Summaries


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def is_error(status: int) -> bool:
    return status == 0 or status >= 500


def summarise(samples: list[Sample], seconds: float) -> dict:
    """Counts by status, errors, requests/s and p50/p99 (ms) per label and overall."""
    by_label = defaultdict(list)
    for sample in samples:
        by_label[sample.label].append(sample.seconds * 1000)
    return {
        "requests": len(samples),
        "seconds": round(seconds, 1),
        "rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        "statuses": dict(sorted(Counter(s.status for s in samples).items())),
        "errors": sum(is_error(s.status) for s in samples),
        "p50_ms": round(percentile([s.seconds * 1000 for s in samples], 50), 1),
        "p99_ms": round(percentile([s.seconds * 1000 for s in samples], 99), 1),
        "by_label": {
            label: {
                "requests": len(times),
                "p50_ms": round(percentile(times, 50), 1),
                "p99_ms": round(percentile(times, 99), 1),
            }
            for label, times in sorted(by_label.items())
        },
    }


def timed_phase(sessions: list[Session], work, seconds: float) -> tuple[list[Sample], float]:
    """Every session runs work(session, index, deadline) until the deadline; the samples taken."""
    recorder = sessions[0].recorder
    already = len(recorder.samples)
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    run_threads([lambda i=i, s=s: work(s, i, deadline) for i, s in enumerate(sessions)])
    return recorder.samples[already:], time.perf_counter() - start


# Scenario for issue #10: reading dashboards and the case list


def _read_users(users: int) -> list[tuple[str, str, int | None]]:
    """Half the office (office dashboard), half staff spread over the bureaus (theirs)."""
    from bureaus.models import Bureau, Role

    bureaus = list(Bureau.objects.order_by("order", "pk").values_list("pk", flat=True))
    if not bureaus:
        raise RuntimeError("The database has no bureaus: migrate it first.")
    return [
        (f"{USERNAME_PREFIX}read-{i:03d}", Role.OFFICE, bureaus[0])
        if i % 2 == 0
        else (f"{USERNAME_PREFIX}read-{i:03d}", Role.STAFF, bureaus[i // 2 % len(bureaus)])
        for i in range(users)
    ]


def run_read_load(users: int = 20, seconds: float = 30) -> dict:
    """The baseline phase (trivial page), then the dashboards and /api/v1/cases/ phase."""
    specs = _read_users(users)
    password = ensure_users(specs)
    recorder = Recorder()

    def trivial(session, index, deadline):
        while time.monotonic() < deadline:
            session.request("GET", TRIVIAL_PAGE, "trivial page")

    def reading(session, index, deadline):
        dashboard = ("/dashboard/", "office dashboard")
        if index % 2:
            dashboard = ("/dashboard/bureau/", "bureau dashboard")
        page, pages = 0, 1
        while time.monotonic() < deadline:
            session.request("GET", dashboard[0], dashboard[1])
            page = page % pages + 1  # the first few pages of what this user may see
            cases = session.request("GET", f"/api/v1/cases/?page={page}", "/api/v1/cases/")
            if cases.status == 200:
                pages = max(1, min(5, math.ceil(cases.json()["count"] / 50)))

    with tempfile.TemporaryDirectory() as tmp, gunicorn(Path(tmp) / "gunicorn.log") as (host, port):
        sessions = log_in_all(host, port, recorder, [name for name, *_ in specs], password)
        baseline = summarise(*timed_phase(sessions, trivial, max(5.0, seconds / 2)))
        load = summarise(*timed_phase(sessions, reading, seconds))
    # A reader is sent nothing but 200s: any other answer (a 403, a redirect to log in) is wrong.
    wrong = sum(n for phase in (baseline, load) for s, n in phase["statuses"].items() if s != 200)
    return {"users": users, "baseline": baseline, "load": load, "wrong_answers": wrong}


def run_load(scale, users: int = 20, seconds: float = 30) -> list[dict]:
    """The bench's rows: p50/p99 of each page against the trivial page's, requests/s, errors.

    Each user waits for an answer before asking again (a closed loop), so with more users than
    workers the latencies are mostly time queued behind the two workers, for the trivial page
    too: the requests/s ratio is the one that follows the pages' own cost."""
    result = run_read_load(users, seconds)
    base, load = result["baseline"], result["load"]
    trivial = base["by_label"]["trivial page"]
    rows = []
    for label in ("office dashboard", "bureau dashboard", "/api/v1/cases/"):
        measured = load["by_label"].get(label, {"p50_ms": 0.0, "p99_ms": 0.0})
        for stat in ("p50_ms", "p99_ms"):
            name = f"load {users} users: {label} {stat[:3]} (ms)"
            rows.append(_row(name, scale, measured[stat], trivial[stat], "report"))
    rows.append(_row(f"load {users} users: requests/s", scale, load["rps"], base["rps"], "report"))
    requests = base["requests"] + load["requests"]
    rows.append(
        {
            "name": f"load {users} users: errors (5xx, failed connections, not 200)",
            "scale": scale,
            "value": result["wrong_answers"],
            "baseline": requests,
            "ratio": round(result["wrong_answers"] / requests, 4) if requests else 0.0,
            "goal": "0 errors",
        }
    )
    return rows


def _row(name, scale, value, baseline, goal) -> dict:
    ratio = round(value / baseline, 2) if baseline else 0.0
    return {
        "name": name,
        "scale": scale,
        "value": value,
        "baseline": baseline,
        "ratio": ratio,
        "goal": goal,
    }


# Scenario for issue #9: bureau staff saving and submitting figures


@dataclass(frozen=True)
class Accepted:
    """One write the server accepted (2xx): the figure, the version it made, what it holds."""

    figure: int
    version: int
    action: str  # create, save or submit
    value: Decimal
    state: str


@dataclass
class Ledger:
    accepted: list[Accepted] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)  # (action, status) of the 409s and 4xxs
    mismatches: list[str] = field(default_factory=list)  # accepted, but not what was sent
    started: datetime | None = None  # figures created before (an earlier run) are not ours
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def accept(self, body: dict, action: str, sent: Decimal | None) -> None:
        value = Decimal(body["value"])
        with self._lock:
            if sent is not None and value != sent:
                self.mismatches.append(f"figure {body['id']}: sent {sent}, answered {value}")
            self.accepted.append(
                Accepted(body["id"], body["version"], action, value, body["state"])
            )

    def refuse(self, action: str, status: int) -> None:
        with self._lock:
            self.refused[(action, status)] += 1


def period_codes(year_from: int, year_to: int) -> list[str]:
    return [f"{y}Q{q}" for y in range(year_from, year_to + 1) for q in (1, 2, 3, 4)]


def _figure_plan(users: int):
    """(username, bureau id, bureau code, indicator codes, periods) for each user.

    Users are dealt round-robin to the bureaus that report figures. Each starts on the open
    period (shared with the other users of its bureau), then takes its own slice of the quarters
    2000–2100: users of different bureaus share those periods, but never a figure."""
    from django.utils import timezone

    from targets.periods import quarter_of
    from workflow.kinds import owed_figures

    owed = defaultdict(list)
    for indicator, bureau in owed_figures():
        owed[(bureau.pk, bureau.code)].append(indicator.code)
    bureaus = sorted(owed, key=lambda b: b[1])
    if not bureaus:
        raise RuntimeError("No bureau reports figures: load the programme first.")
    year, quarter = quarter_of(timezone.localdate())
    open_period = f"{year}Q{quarter}"
    quarters = [code for code in period_codes(FIRST_YEAR, LAST_YEAR) if code != open_period]
    per_bureau = math.ceil(users / len(bureaus))
    size = len(quarters) // per_bureau
    plan = []
    for i in range(users):
        bureau_id, code = bureaus[i % len(bureaus)]
        own = quarters[(i // len(bureaus)) * size : (i // len(bureaus) + 1) * size]
        plan.append((f"{USERNAME_PREFIX}staff-{i:03d}", bureau_id, code, owed[bureau_id, code],
                     [open_period, *own]))  # fmt: skip
    return plan


class FigureClerk:
    """One member of a bureau's staff: for each period and indicator, create the figure (or find
    the colleague's), change its value once or more, and submit it."""

    def __init__(self, session: Session, indicators: list[str], periods: list[str], ledger, seed):
        self.session, self.ledger = session, ledger
        self.indicators, self.periods = indicators, periods
        self.rng = random.Random(seed)  # noqa: S311 - test values, not secrets

    def work(self, deadline: float) -> None:
        for period in self.periods:
            for indicator in self.indicators:
                if time.monotonic() >= deadline:
                    return
                self.one_figure(indicator, period, deadline)
        while time.monotonic() < deadline:  # nothing left to write: keep reading
            self.session.request("GET", "/api/v1/figures/?state=submitted", "list figures")

    def _value(self) -> Decimal:
        return Decimal(self.rng.randint(1, 500))

    def _answer(self, response: Response, action: str, sent: Decimal | None) -> dict | None:
        if 200 <= response.status < 300:
            body = response.json()
            self.ledger.accept(body, action, sent)
            return body
        self.ledger.refuse(action, response.status)
        return None

    def one_figure(self, indicator: str, period: str, deadline: float) -> None:
        value = self._value()
        created = self.session.request(
            "POST", "/api/v1/figures/", "create figure",
            data={"indicator": indicator, "period": period, "value": str(value)},
        )  # fmt: skip
        item = self._answer(created, "create", value)
        if item is None and created.status == 409:  # a colleague's: work on theirs
            found = self.session.request(
                "GET", f"/api/v1/figures/?indicator={indicator}&period={period}", "find figure"
            )
            results = found.json()["results"] if found.status == 200 else []
            item = results[0] if results else None
        if item is None:
            return
        for _ in range(self.rng.randint(1, 3)):
            if time.monotonic() >= deadline or "save" not in item["allowed_actions"]:
                return
            value = self._value()
            saved = self.session.request(
                "PATCH", f"/api/v1/figures/{item['id']}/", "save figure",
                data={"version": item["version"], "value": str(value)},
            )  # fmt: skip
            item = self._answer(saved, "save", value) or self._reread(item)
            if item is None:
                return
        if "submit" in item["allowed_actions"]:
            submitted = self.session.request(
                "POST", f"/api/v1/figures/{item['id']}/submit/", "submit figure",
                data={"version": item["version"]},
            )  # fmt: skip
            self._answer(submitted, "submit", None)

    def _reread(self, item: dict) -> dict | None:
        """After a refusal (a colleague's newer version, or already submitted): read it again."""
        answer = self.session.request("GET", f"/api/v1/figures/{item['id']}/", "read figure")
        return answer.json() if answer.status == 200 else None


def run_figure_load(users: int = 50, seconds: float = 60) -> dict:
    """Log `users` staff in and let them write figures for `seconds`; the summary and ledger."""
    plan = _figure_plan(users)
    from django.utils import timezone

    from bureaus.models import Role

    password = ensure_users([(name, Role.STAFF, bureau_id) for name, bureau_id, *_ in plan])
    recorder, ledger = Recorder(), Ledger(started=timezone.now())
    with tempfile.TemporaryDirectory() as tmp, gunicorn(Path(tmp) / "gunicorn.log") as (host, port):
        start = time.perf_counter()
        sessions = log_in_all(host, port, recorder, [p[0] for p in plan], password)
        login_seconds = time.perf_counter() - start
        clerks = [
            FigureClerk(session, indicators, periods, ledger, seed=i)
            for i, (session, (_n, _b, _c, indicators, periods)) in enumerate(
                zip(sessions, plan, strict=True)
            )
        ]
        samples, elapsed = timed_phase(
            sessions, lambda _s, i, deadline: clerks[i].work(deadline), seconds
        )
        log = (Path(tmp) / "gunicorn.log").read_text()
    summary = summarise(samples, elapsed)
    summary["refused"] = {f"{a} {s}": n for (a, s), n in sorted(ledger.refused.items())}
    summary["accepted"] = dict(Counter(a.action for a in ledger.accepted))
    summary["server_errors_logged"] = log.count("Internal Server Error")
    summary["login_seconds"] = round(login_seconds, 1)
    summary["workers_recycled"] = log.count("Booting worker") - 2  # by --max-requests
    return {"summary": summary, "ledger": ledger}


def verify_figures(ledger: Ledger) -> list[str]:
    """What the database says against what the server accepted; an empty list when they agree.

    Each accepted write made one new version of its figure and one historical row holding that
    version, so for every figure the versions in its history since the run started are exactly
    the accepted ones (no write lost, none doubled), its current version, value and state are
    those of the last accepted write, and its transitions since the start are its accepted
    creates and submits. The figures load users created during the run are exactly those the
    ledger knows. (On a database used before, figures from an earlier run are continued.)"""
    from django.contrib.contenttypes.models import ContentType

    from targets.models import Figure
    from workflow.models import Transition

    problems = list(ledger.mismatches)
    writes = defaultdict(list)
    for accepted in ledger.accepted:
        writes[accepted.figure].append(accepted)
    ids = list(writes)
    run_history = Figure.history.filter(history_date__gte=ledger.started)
    created = {a.figure for a in ledger.accepted if a.action == "create"}
    in_db = set(
        run_history.filter(
            history_type="+", updated_by__username__startswith=USERNAME_PREFIX
        ).values_list("id", flat=True)
    )
    if in_db != created:
        problems.append(
            f"figures created by load users: {len(in_db)} in the database, {len(created)} accepted"
        )
    versions = defaultdict(list)
    for pk, version in run_history.filter(id__in=ids).values_list("id", "version"):
        versions[pk].append(version)
    transitions = Counter(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(Figure),
            object_id__in=ids,
            at__gte=ledger.started,
        ).values_list("object_id", flat=True)
    )
    figures = Figure.objects.in_bulk(ids)
    for pk, accepted in sorted(writes.items()):
        figure = figures.get(pk)
        if figure is None:
            problems.append(f"figure {pk}: accepted but not in the database")
            continue
        answered = sorted(a.version for a in accepted)
        if sorted(versions[pk]) != answered:
            problems.append(f"figure {pk}: history has versions {sorted(versions[pk])}, "
                            f"the server accepted {answered}")  # fmt: skip
        last = max(accepted, key=lambda a: a.version)
        if (figure.version, figure.value, figure.state) != (last.version, last.value, last.state):
            problems.append(
                f"figure {pk}: holds version {figure.version} {figure.value} {figure.state}, "
                f"the last accepted {last.version} {last.value} {last.state}"
            )
        logged = sum(a.action in ("create", "submit") for a in accepted)
        if transitions[pk] != logged:
            problems.append(f"figure {pk}: {transitions[pk]} transitions, {logged} accepted")
    return problems


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["read", "figures"], nargs="?", default="read")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args(argv)
    setup_django()
    if args.scenario == "read":
        result = run_read_load(args.users or 20, args.seconds or 30)
        print(json.dumps(result, indent=2))
        return 0 if result["wrong_answers"] == 0 else 1
    result = run_figure_load(args.users or 50, args.seconds or 60)
    problems = verify_figures(result["ledger"])
    print(json.dumps({**result["summary"], "problems": problems}, indent=2))
    return 0 if not problems and result["summary"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
