FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap gcc g++ libc6-dev make python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt requirements-dev.txt ./
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.txt
COPY . .
RUN ./scripts/install_runtimes.sh
# Static files collected at build time, outside var/ (a volume may be mounted there):
# the admin, the API docs and the dashboard are served by WhiteNoise from the image.
# scripts/serve.sh collects again at start, which only checks them when nothing changed.
ENV SCALEBOX_STATIC_ROOT=/app/static
RUN SECRET_KEY=collectstatic-only .venv/bin/python manage.py collectstatic --noinput -v 0
