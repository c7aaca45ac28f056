#!/usr/bin/env bash
# Starts PostgreSQL, Redis and RabbitMQ on this machine when they are not running, and
# waits until each answers; on a machine without them (as root, Debian-like), installs
# Debian's packages first. Used by `make test` and .ci/run.
set -uo pipefail

need=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v rabbitmq-server >/dev/null || need+=(rabbitmq-server)
fresh_postgres=0
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "missing services: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})" >&2
        exit 1
    fi
    echo "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null \
        || { apt-get update -q >/dev/null \
            && apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; } \
        || { echo "could not install ${need[*]}" >&2; exit 1; }
    case " ${need[*]} " in *" postgresql "*) fresh_postgres=1 ;; esac
fi
if [ "$fresh_postgres" = 1 ]; then
    # A cluster installed just now, for this machine's tests: the suite connects as
    # postgres over TCP without a password (postgres://postgres@127.0.0.1:5432/...).
    # On port 5432, where the suite looks (the package picks another when 5432 is taken).
    for conf in /etc/postgresql/*/main; do
        [ -f "$conf/pg_hba.conf" ] || continue
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$conf/pg_hba.conf"
        sed -i 's/^port = .*/port = 5432/' "$conf/postgresql.conf"
    done
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
    local port=$1 name=$2
    for _ in $(seq 1 90); do
        port_open "$port" && return 0
        sleep 1
    done
    echo "$name did not come up on port $port" >&2
    return 1
}

status=0
if ! port_open 5432; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    wait_port 5432 PostgreSQL || status=1
fi
if ! port_open 6379; then
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    wait_port 6379 Redis || status=1
fi
if ! port_open 5672; then
    echo "starting RabbitMQ"
    rabbitmq-server -detached || true
    wait_port 5672 RabbitMQ || status=1
fi
exit $status
