"""One migrated test database per run, cloned for each test process.

Migrating takes about 15 s of CPU (most of it Django rendering the migration states), and under
pytest-xdist every process used to migrate its own database. Here the first process to need a
database migrates one template; every process, the first included, then works on a copy of it
(PostgreSQL's CREATE DATABASE … TEMPLATE, a file copy on SQLite), as Django's own parallel test
runner does. The last process to finish drops the template. The conftest uses these fixtures in
place of pytest-django's.
"""

import fcntl
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import setup_databases


@contextmanager
def _exclusive(lock_path):
    """One process at a time: building the template and cloning it must not overlap (PostgreSQL
    refuses to copy a database another session is connected to)."""
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _count_users(path, change: int) -> int:
    """Processes working on copies of the template; the template goes when it reaches 0."""
    users = int(path.read_text()) if path.exists() else 0
    users += change
    path.write_text(str(users))
    return users


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """No per-process database name: the copies get theirs from django_db_setup."""


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    process = worker or "main"
    # Under xdist the parent of each process's base temporary directory is the run's own; a run
    # in one process has its base directory to itself.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker else base
    users = shared / "template-db.users"
    creation = connection.creation
    production_name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        with _exclusive(shared / "template-db.lock"):
            if _count_users(users, +1) == 1:
                setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
            else:
                connection.settings_dict["NAME"] = creation._get_test_db_name()
            template_name = connection.settings_dict["NAME"]
            connection.close()  # on SQLite this writes the WAL into the file that is copied
            creation.clone_test_db(suffix=process, verbosity=0)
        creation.setup_worker_connection(process)

    yield

    with django_db_blocker.unblock():
        creation.destroy_test_db(verbosity=0)
        with _exclusive(shared / "template-db.lock"):
            if _count_users(users, -1) == 0:
                creation._destroy_test_db(template_name, verbosity=0)
        connection.settings_dict["NAME"] = production_name
