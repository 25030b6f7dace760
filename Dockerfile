# The portal's production image: gunicorn serving Django; the same image runs the Celery worker
# and beat (see docker-compose.yml and docs/operations.md).
#
# Build arguments for hosts that reach the public registries slowly (all optional):
#   APT_MIRROR     e.g. https://mirrors.tuna.tsinghua.edu.cn   (replaces http://deb.debian.org)
#   PIP_INDEX_URL  e.g. https://mirrors.aliyun.com/pypi/simple/
#   NPM_REGISTRY   e.g. https://registry.npmmirror.com/

# --- Stage 1: front-end vendor files (Bootstrap, ECharts) from package-lock.json ---------------
# Node is needed only to fetch these files, so it stays out of the final image.
FROM python:3.11-slim-bookworm AS vendor
ARG APT_MIRROR=
ARG NPM_REGISTRY=https://registry.npmjs.org/
RUN if [ -n "$APT_MIRROR" ]; then \
        sed -i "s|http://deb.debian.org|$APT_MIRROR|g" /etc/apt/sources.list.d/debian.sources; \
    fi \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
# The same copies as the Makefile's $(VAR)/.npm target. Bootstrap's source maps come along: the
# minified files name them, and collectstatic's manifest storage fails on a missing reference.
RUN npm ci --no-audit --no-fund --loglevel=error --registry "$NPM_REGISTRY" \
    && mkdir -p static/vendor/bootstrap static/vendor/echarts \
    && cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/ \
    && cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/ \
    && cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/

# --- Stage 2: the source tree, without what a checkout holds that production must not get -------
# (the repository has no .dockerignore: dot-files such as .git, .venv and an operator's .env with
# the secrets, the local database and uploads under var/, node_modules, collected static files,
# tests). Only the cleaned tree is copied into the final image, so a new app needs no change here.
FROM python:3.11-slim-bookworm AS source
WORKDIR /src
COPY . .
RUN rm -rf ./.[!.]* var node_modules staticfiles static/vendor tests bench ./*.egg-info \
    && find . -name __pycache__ -type d -prune -exec rm -rf {} +

# --- Stage 3: the application --------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ARG APT_MIRROR=
ARG PIP_INDEX_URL=https://pypi.org/simple/

# WEB_CONCURRENCY is gunicorn's worker count when --workers is not given (about 2 per CPU core;
# PDF rendering is CPU-bound). Override it per host in docker-compose.override.yml if needed.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=ipcity.settings \
    WEB_CONCURRENCY=3

# WeasyPrint's libraries (Pango; HarfBuzz-subset keeps the embedded CJK font small), the Chinese
# fonts the PDFs embed, and gettext for compilemessages.
RUN if [ -n "$APT_MIRROR" ]; then \
        sed -i "s|http://deb.debian.org|$APT_MIRROR|g" /etc/apt/sources.list.d/debian.sources; \
    fi \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
# ([tool.setuptools] packages = [] : this installs the dependencies; the code is copied below.)
COPY pyproject.toml ./
RUN pip install . && rm -rf build ./*.egg-info

COPY --from=source /src ./
COPY --from=vendor /build/static/vendor ./static/vendor

# Translations and static files are built into the image. The settings refuse to load without a
# secret key, so these two commands get a throw-away one that exists only in their environment
# (it is in no layer's ENV); the running containers get the real one from docker compose.
RUN SECRET_KEY=build-only-not-a-secret DEBUG=0 python manage.py compilemessages -v 0 \
    && SECRET_KEY=build-only-not-a-secret DEBUG=0 python manage.py collectstatic --noinput -v 0

# A non-root user (ipcity, uid 1000) that owns only var/: uploaded media and beat's schedule are
# volumes mounted there, and a new named volume takes this ownership from the image.
RUN useradd --create-home --uid 1000 --user-group --shell /usr/sbin/nologin ipcity \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R ipcity:ipcity /app/var
USER 1000:1000

EXPOSE 8000
CMD ["gunicorn", "ipcity.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "120", \
     "--max-requests", "1000", "--max-requests-jitter", "100", "--access-logfile", "-"]
