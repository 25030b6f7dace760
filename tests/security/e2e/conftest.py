# The browser fixtures of the e2e suite (Debian's Chromium, the live server).
from tests.e2e.conftest import _static_from_finders, browser, browser_login, page  # noqa: F401
from tests.e2e.test_dashboard import progress  # noqa: F401
from tests.security.conftest import auditor  # noqa: F401
