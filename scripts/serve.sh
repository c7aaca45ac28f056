#!/usr/bin/env bash
# The production web server: applies migrations, collects static files into STATIC_ROOT
# (served by WhiteNoise) and starts gunicorn with scalebox_site/gunicorn_conf.py, whose
# settings come from SCALEBOX_WEB_* (README, "Serving"). `make serve` runs it, and so
# does docker-compose's web service.
#   SCALEBOX_SERVE_MIGRATE=0   skip `migrate` (when another process applies migrations)
# Extra arguments go to gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if [ "${SCALEBOX_SERVE_MIGRATE:-1}" != 0 ]; then
    $py manage.py migrate --noinput -v 0
fi
$py manage.py collectstatic --noinput -v 0
exec $py -m gunicorn -c scalebox_site/gunicorn_conf.py "$@"
