"""What only the tests need, in one place: the portal's settings with a fast password hasher.

The real hasher costs about half a second a user, which was most of the suite's time; tests about
passwords ask for it with the `real_password_hasher` fixture. pytest-django puts this module in the
environment, so a worker or gunicorn that a test starts reads it too and checks the same hashes.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-not-for-production")
# Fixed test keys for the SM4 field encryption and its blind index (never used in production).
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "0123456789abcdeffedcba9876543210")
os.environ.setdefault("FIELD_INDEX_KEY", "7465737473206f6e6c793a20626c696e6420696e646578206b6579")

from ipcity.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 (tests only)
# Mail stays in memory, except in a worker a test points at its own SMTP server (EMAIL_URL).
if "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The personas log in with the password alone, as the tests of pages and the API expect; the
# second-factor tests require it per role, and test_second_factor_default puts the production
# default back.
SECOND_FACTOR_ROLES = []

# Under pytest-xdist each test process has a database of its own, so it gets a task queue of its
# own too: the Celery worker a test starts (it reads this module) takes only that process's tasks.
if os.environ.get("PYTEST_XDIST_WORKER"):
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{os.environ['PYTEST_XDIST_WORKER']}"
