# The whole set-up is `make run` or `make test`; both are idempotent and quick the second time.
SHELL := /bin/bash
PY := .venv/bin/python
VAR := var
export SECRET_KEY ?= local-development-secret-not-for-production
# The development field keys of crypto/keys.py, so `make setup` (DEBUG off) and `make run` agree.
export FIELD_ENCRYPTION_KEY ?= 00112233445566778899aabbccddeeff
export FIELD_INDEX_KEY ?= ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
export PLAYWRIGHT_BROWSERS_PATH := 0
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext redis-server

.PHONY: setup run test lint format worker bench restore-check clean

$(VAR)/.apt: Makefile
	@mkdir -p $(VAR)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@touch $@

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip setuptools
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

$(VAR)/.npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor/bootstrap static/vendor/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/
	@mkdir -p $(VAR) && touch $@

# Compressing every static file takes half a minute: only when a static file changed.
$(VAR)/.static: .venv/.installed $(VAR)/.npm $(shell find static -type f -not -path 'static/vendor/*')
	$(PY) manage.py collectstatic --noinput -v 0
	@touch $@

setup: $(VAR)/.apt .venv/.installed $(VAR)/.npm $(VAR)/.static
	@mkdir -p $(VAR)/broker/processed $(VAR)/media
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_programme

run: export DEBUG = 1
run: export SECOND_FACTOR_ROLES =
run: setup
	$(PY) manage.py load_demo
	@echo "Starting the Celery worker with beat (log: $(VAR)/worker.log)"
	@.venv/bin/celery -A ipcity worker -B -l info --concurrency 2 >$(VAR)/worker.log 2>&1 & \
	trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	echo ""; echo "Portal: http://127.0.0.1:8000   (demo logins: see the README or above)"; echo ""; \
	$(PY) manage.py runserver 127.0.0.1:8000

# Everything by default, on one process more than there are cores (a test file stays on one
# process): many tests wait on a browser, gunicorn or a worker, so a third process on two cores
# took the PostgreSQL run from 5 min 32 s to 4 min 33 s. A developer's quick loop picks with M
# (markers) and K (names), e.g. make test M='not e2e and not load' or make test K=assessment;
# TEST_PROCESSES=0 runs in this process; PYTEST_ARGS for the rest.
TEST_PROCESSES ?= $(shell echo $$(( $$(nproc) + 1 )))
test: setup
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist loadfile $(if $(M),-m "$(M)") $(if $(K),-k "$(K)") $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# The benchmark of issue #10 (docs/PERFORMANCE.md) on PostgreSQL: `make bench`, or `make bench SCALE=1`.
SCALE ?= 1 10 100
bench: .venv/.installed
	$(PY) bench/run.py --scales $(SCALE)

# Back up DATABASE_URL (PostgreSQL) and the media folder, restore into a fresh database, compare
# every table's rows and checksum and every file (docs/operations.md, section 5).
restore-check: .venv/.installed
	$(PY) ops/restore_check.py

clean:
	rm -rf $(VAR) staticfiles static/vendor node_modules .venv
