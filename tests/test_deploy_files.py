"""The production files agree with the code: docker-compose.yml, the Dockerfile and the settings.

There is no Docker engine in CI, so the files are read and checked as text: a renamed setting, a
service pointed at the wrong host or an image that runs as root fails here, not on the server.
"""

import json
import re
import shlex
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PORTAL_SERVICES = ("web", "worker", "beat")

# What an operator's .env provides; compose refuses to start without the ${NAME:?...} ones.
OPERATOR_ENV = {
    "POSTGRES_PASSWORD": "operator-db-password",
    "SECRET_KEY": "operator-secret",
    "FIELD_ENCRYPTION_KEY": "00112233445566778899aabbccddeeff",
    "FIELD_INDEX_KEY": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    "ALLOWED_HOSTS": "ipcity.example.gov.cn",
}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
# env.str("NAME", ...), env.db("NAME"), environ.Env().str("NAME", ...) and the like.
SETTINGS_READ = re.compile(r"\benv(?:iron\.Env\(\))?\.\w+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def interpolate(value: str, environment: dict[str, str]) -> str:
    """Substitute ${NAME}, ${NAME:-default} and ${NAME:?error} as docker compose does."""

    def substitute(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        given = environment.get(name)
        if given:
            return given
        if op and op.endswith("?"):
            raise LookupError(f"compose would refuse to start: {name} is required ({arg})")
        if op and op.endswith("-"):
            return arg
        return ""

    return INTERPOLATION.sub(substitute, value)


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def services() -> dict:
    return compose()["services"]


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the "- NAME=value" form
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def command_words(service: dict) -> list[str]:
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(w) for w in command]


def settings_env_names() -> set[str]:
    text = (ROOT / "ipcity" / "settings.py").read_text(encoding="utf-8")
    return set(SETTINGS_READ.findall(text))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    lines = []
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#"):
            continue
        lines.append(line)
    joined = re.sub(r"\\\s*\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_stages() -> dict[str, list[tuple[str, str]]]:
    """Each build stage's instructions, by stage name (its FROM ... AS name, else its number)."""
    stages: dict[str, list[tuple[str, str]]] = {}
    for keyword, arguments in dockerfile_instructions():
        if keyword == "FROM":
            words = arguments.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages[name] = []
        if stages:
            stages[list(stages)[-1]].append((keyword, arguments))
    return stages


def final_stage() -> list[tuple[str, str]]:
    return list(dockerfile_stages().values())[-1]


def dockerfile_cmd() -> list[str]:
    """What the container runs by default: the last ENTRYPOINT followed by the last CMD."""
    last = {}
    for keyword, arguments in final_stage():
        if keyword in ("ENTRYPOINT", "CMD"):
            is_json = arguments.startswith("[")
            last[keyword] = json.loads(arguments) if is_json else shlex.split(arguments)
    assert last, "the Dockerfile has no CMD or ENTRYPOINT"
    return last.get("ENTRYPOINT", []) + last.get("CMD", [])


def vendor_copies(text: str) -> set[str]:
    """The node_modules files a text copies, e.g. "bootstrap/dist/css/bootstrap.min.css*"."""
    return set(re.findall(r"\bcp\s+node_modules/(\S+)\s+static/vendor/", text))


def test_it_defines_the_five_services():
    assert set(services()) >= {"db", "redis", "web", "worker", "beat"}


def test_it_builds_web_worker_and_beat_from_the_same_image():
    portal = services()
    builds = {json.dumps(portal[name].get("build"), sort_keys=True) for name in PORTAL_SERVICES}
    images = {portal[name].get("image") for name in PORTAL_SERVICES}
    assert builds == {json.dumps(".")}, builds
    assert len(images) == 1, images
    assert None not in images


def test_it_uses_postgres_15_and_redis_7():
    assert services()["db"]["image"].startswith("postgres:15")
    assert services()["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_it_points_the_portal_at_the_db_and_redis_services(name):
    env = environment_of(services()[name])
    database = urlsplit(interpolate(env["DATABASE_URL"], OPERATOR_ENV))
    broker = urlsplit(interpolate(env["REDIS_URL"], OPERATOR_ENV))
    assert database.scheme in ("postgres", "postgresql", "psql", "pgsql")
    assert database.hostname == "db"
    assert database.password == OPERATOR_ENV["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == services()["db"]["environment"]["POSTGRES_DB"]
    assert database.username == services()["db"]["environment"]["POSTGRES_USER"]
    assert broker.scheme == "redis"
    assert broker.hostname == "redis"


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_it_sets_only_variables_that_settings_reads(name):
    read = settings_env_names()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= read, "settings.py parse found too little"
    unknown = set(environment_of(services()[name])) - read
    assert not unknown, f"{name} sets {sorted(unknown)}, which ipcity/settings.py never reads"


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_it_takes_the_secret_key_from_the_environment_without_a_default(name):
    value = environment_of(services()[name])["SECRET_KEY"]
    assert INTERPOLATION.fullmatch(value), "SECRET_KEY must come from the operator's environment"
    assert interpolate(value, OPERATOR_ENV) == OPERATOR_ENV["SECRET_KEY"]
    with pytest.raises(LookupError):
        interpolate(value, {})


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_it_turns_debug_off(name):
    assert environment_of(services()[name])["DEBUG"].strip().lower() in ("0", "false", "off", "no")


def test_it_runs_the_ipcity_celery_app_in_worker_and_beat():
    for name, role in (("worker", "worker"), ("beat", "beat")):
        words = command_words(services()[name])
        assert words[0] == "celery", words
        app = words[words.index("-A") + 1] if "-A" in words else words[words.index("--app") + 1]
        assert app == "ipcity", words
        assert role in words, words


def test_it_migrates_before_starting_gunicorn_in_web():
    script = " ".join(command_words(services()["web"]))
    migrate = script.find("manage.py migrate --noinput")
    gunicorn = script.find("gunicorn ipcity.wsgi:application")
    assert migrate != -1, script
    assert gunicorn > migrate, script
    assert "0.0.0.0:8000" in script


def test_it_keeps_uploaded_media_in_a_named_volume():
    web = services()["web"]
    media_root = environment_of(web)["MEDIA_ROOT"]
    mounts = dict(reversed(volume.split(":")[:2]) for volume in web["volumes"])
    assert media_root == "/app/var/media"
    assert mounts.get(media_root) in compose()["volumes"], web["volumes"]


def test_it_keeps_the_beat_schedule_in_a_named_volume():
    beat = services()["beat"]
    var_dir = environment_of(beat)["VAR_DIR"]
    mounts = dict(reversed(volume.split(":")[:2]) for volume in beat["volumes"])
    assert mounts.get(var_dir) in compose()["volumes"], (var_dir, beat["volumes"])


def test_it_keeps_the_database_in_a_named_volume_with_a_healthcheck():
    db = services()["db"]
    mounts = dict(reversed(volume.split(":")[:2]) for volume in db["volumes"])
    assert mounts.get("/var/lib/postgresql/data") in compose()["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_it_starts_gunicorn_with_the_wsgi_app_in_the_dockerfile():
    words = dockerfile_cmd()
    assert words[0] == "gunicorn", words
    assert "ipcity.wsgi:application" in words
    assert "0.0.0.0:8000" in " ".join(words)


def test_it_runs_the_image_as_a_non_root_user():
    stage = final_stage()
    users = [i for i, (keyword, _) in enumerate(stage) if keyword == "USER"]
    commands = [i for i, (keyword, _) in enumerate(stage) if keyword in ("CMD", "ENTRYPOINT")]
    assert users, "the image has no USER line, so it runs as root"
    user = stage[users[-1]][1].split(":")[0]
    assert user not in ("root", "0"), user
    assert users[-1] < min(commands)


def test_it_builds_from_python_311_slim_bookworm():
    assert final_stage()[0][1].split()[0] == "python:3.11-slim-bookworm"


def test_it_installs_what_weasyprint_and_compilemessages_need():
    runs = " ".join(arguments for keyword, arguments in final_stage() if keyword == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-cjk", "gettext"):
        assert re.search(rf"apt-get install[^&]*\b{re.escape(package)}\b", runs), package


def test_it_builds_translations_and_static_files_into_the_image():
    runs = " ".join(arguments for keyword, arguments in final_stage() if keyword == "RUN")
    assert "manage.py compilemessages" in runs
    assert "manage.py collectstatic --noinput" in runs


def test_it_copies_the_same_vendor_files_as_the_makefile():
    makefile = vendor_copies((ROOT / "Makefile").read_text(encoding="utf-8"))
    dockerfile = vendor_copies((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    assert makefile, "no vendor copies found in the Makefile"
    missing = {m for m in makefile if not any(fnmatch(m, d) for d in dockerfile)}
    assert not missing, f"the Makefile copies these, the Dockerfile does not: {sorted(missing)}"


def test_it_keeps_local_state_out_of_the_image():
    stages = dockerfile_stages()
    cleaners = [name for name, stage in stages.items() if ("COPY", ". .") in stage]
    assert len(cleaners) == 1, "one stage copies the build context and cleans it"
    removed = [
        word.removeprefix("./")
        for keyword, arguments in stages[cleaners[0]]
        if keyword == "RUN"
        for word in shlex.split(arguments)
        if word not in ("rm", "-rf", "&&")
    ]
    local_state = (".git", ".venv", ".env", "var", "node_modules", "staticfiles")
    kept = [path for path in local_state if not any(fnmatch(path, word) for word in removed)]
    assert not kept, f"the image would get the checkout's {kept}"
    final = list(stages.values())[-1]
    assert ("COPY", f"--from={cleaners[0]} /src ./") in final
    assert not [a for k, a in final if k == "COPY" and a.split()[0] == "."], "context copied raw"


def test_it_copies_every_local_app_into_the_image():
    settings_text = (ROOT / "ipcity" / "settings.py").read_text(encoding="utf-8")
    installed = re.search(r"INSTALLED_APPS = \[(.*?)\]", settings_text, re.S)[1]
    local = {name for name in re.findall(r"\"([\w.]+)\"", installed) if (ROOT / name).is_dir()}
    needed = local | {"ipcity", "manage.py", "templates", "static", "locale"}
    stages = dockerfile_stages()
    cleaner = next(stage for stage in stages.values() if ("COPY", ". .") in stage)
    removed = " ".join(arguments for keyword, arguments in cleaner if keyword == "RUN").split()
    assert "bureaus" in local, "INSTALLED_APPS parse found too little"
    dropped = {name for name in needed if any(fnmatch(name, w.removeprefix("./")) for w in removed)}
    assert not dropped, f"removed from the image: {sorted(dropped)}"
