#!/usr/bin/env bash
# Development helper for ckanext-gdcatalog.
#
#   ./dev.sh up                 set up everything and serve the central directory on
#                               http://127.0.0.1:5000 and an agency catalog on :5001,
#                               each with a background job worker (Ctrl-C stops all
#                               that it started, services included)
#   ./dev.sh test [2.11|2.12] [pytest args...]
#                               run the test suite on one CKAN version, or both
#                               side by side (logs in .dev/test-<version>.log)
#   ./dev.sh down               stop the sites, workers and the services that dev.sh
#                               manages (PostgreSQL cluster, Redis in .dev/redis/)
#
# On a bare Debian or Ubuntu machine dev.sh installs (apt-get, as root or
# with sudo) and starts PostgreSQL and Redis, and logs in to PostgreSQL as
# the role "gdcatalog" with a password generated into .dev/db-password.
#
# Environment (each names an existing server, used as it is):
#   GDCATALOG_DB_URL     database of the development site
#                        (default: database gdcatalog on the managed server)
#   GDCATALOG_REDIS_URL  Redis of the development site (default redis://127.0.0.1:6379/0;
#                        the tests use databases 1 and 2 of the same server)
#   GDCATALOG_PG_URL     server (no database) for the test databases
#                        (default: the managed server)
#   GDCATALOG_AGENCY_DB_URL    database of the agency site (default: the site's, named
#                        <name>_agency)
#   GDCATALOG_NO_SERVE=1 ./dev.sh up prepares everything but does not serve
#   GDCATALOG_PYTHON     interpreter for new virtualenvs (default python3.11)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

DEV_DIR="$ROOT/.dev"
PYTHON="${GDCATALOG_PYTHON:-python3.11}"
REDIS_URL="${GDCATALOG_REDIS_URL:-redis://127.0.0.1:6379/0}"
SITE_URL="http://127.0.0.1:5000"
# The demo's second site: an agency catalog that the central one harvests.
AGENCY_PORT=5001
AGENCY_URL="http://127.0.0.1:$AGENCY_PORT"
AGENCY_ORG="tmd"
AGENCY_CONFIG="$ROOT/.dev/agency.ini"
SITE_TITLE="บัญชีข้อมูลภาครัฐ (GD Catalog)"
CONFIG="$ROOT/ckan.ini"

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# run_logged NAME COMMAND...: output to .dev/NAME.log, shown only on failure.
run_logged() {
    local name="$1"; shift
    if ! "$@" >"$DEV_DIR/$name.log" 2>&1; then
        tail -n 40 "$DEV_DIR/$name.log" >&2
        die "$name failed (full output in .dev/$name.log)"
    fi
}

usage() {
    awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

# -- system packages and services ------------------------------------------

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

APT_UPDATED=""

apt_install() {
    command -v apt-get >/dev/null 2>&1 \
        || die "$* missing and apt-get is not available: install them by hand"
    info "installing with apt-get: $*"
    if [ -z "$APT_UPDATED" ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            || die "cannot run apt-get (need root or sudo) to install: $*"
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
        || die "apt-get install $* failed"
}

missing_debs() {
    local pkg missing=()
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    echo "${missing[*]:-}"
}

ensure_build_deps() {
    # psycopg2 builds against libpq; python-magic needs libmagic; dev.sh
    # asks the sites whether they answer with curl.
    local missing
    missing="$(missing_debs build-essential libpq-dev libmagic1 curl)"
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        apt_install $missing
    fi
}

ensure_browser() {
    # The browser tests drive Debian's Chromium (Playwright never downloads
    # a browser of its own here).
    if [ ! -x /usr/bin/chromium ]; then
        step "Installing Chromium (browser tests)"
        apt_install chromium
    fi
}

ensure_python() {
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        step "Installing $PYTHON"
        apt_install python3.11 python3.11-venv python3.11-dev
    fi
}

# -- services: PostgreSQL and Redis ------------------------------------------
# Unless the environment names a server (GDCATALOG_DB_URL / GDCATALOG_PG_URL,
# GDCATALOG_REDIS_URL), dev.sh manages them: it installs them from the
# distribution when missing, starts them without assuming systemd, and logs
# in to PostgreSQL as a role of its own with a generated password.

PG_ROLE="gdcatalog"
PG_PASSWORD_FILE="$DEV_DIR/db-password"
REDIS_DIR="$DEV_DIR/redis"
STARTED_SERVICES=()   # what this run started; "up" stops them on exit

pg_server_installed() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; }

# pg_cluster: "version name port status" of the first Debian cluster, or "".
pg_cluster() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1, $2, $3, $4 }'
}

pg_ready_at() { pg_isready -q -h 127.0.0.1 -p "$1" >/dev/null 2>&1; }

# ensure_postgresql_server: sets PG_PORT to a running server of the
# distribution's, installing, creating and starting a cluster as needed.
ensure_postgresql_server() {
    step "PostgreSQL"
    if ! pg_server_installed; then
        apt_install postgresql
    fi
    local version name port status
    read -r version name port status <<<"$(pg_cluster)"
    if [ -z "${version:-}" ]; then
        version="$(basename "$(dirname "$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sort -V | tail -1)")")")"
        info "no cluster: creating PostgreSQL $version cluster main"
        as_root pg_createcluster "$version" main >/dev/null \
            || die "cannot create a PostgreSQL cluster (need root or sudo)"
        read -r version name port status <<<"$(pg_cluster)"
    fi
    PG_PORT="$port"
    PG_CLUSTER="$version $name"
    if pg_ready_at "$PG_PORT"; then
        info "PostgreSQL $version/$name running on 127.0.0.1:$PG_PORT"
        return
    fi
    info "starting PostgreSQL $version/$name (pg_ctlcluster)"
    as_root pg_ctlcluster "$version" "$name" start \
        || die "cannot start PostgreSQL $version/$name (see /var/log/postgresql/postgresql-$version-$name.log)"
    for _ in $(seq 1 30); do pg_ready_at "$PG_PORT" && break; sleep 1; done
    pg_ready_at "$PG_PORT" || die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
    STARTED_SERVICES+=("postgresql")
    info "started on 127.0.0.1:$PG_PORT"
}

as_postgres_psql() {
    # The server's superuser over the local socket (peer authentication),
    # as Debian installs it: only to create or update our role.
    if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- psql -p "$PG_PORT" "$@"
    else
        sudo -u postgres psql -p "$PG_PORT" "$@"
    fi
}

# ensure_pg_role: sets PG_URL to the server as our own role, whose password
# is generated once and kept in .dev/db-password.
ensure_pg_role() {
    local password
    mkdir -p "$DEV_DIR"
    if [ ! -s "$PG_PASSWORD_FILE" ]; then
        (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$PG_PASSWORD_FILE")
    fi
    password="$(cat "$PG_PASSWORD_FILE")"
    PG_URL="postgresql://$PG_ROLE:$password@127.0.0.1:$PG_PORT"
    can_connect "$PG_URL/postgres" && return
    local verb=CREATE
    [ "$(as_postgres_psql -Atqc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'" 2>/dev/null)" = "1" ] \
        && verb=ALTER
    as_postgres_psql -qc "$verb ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$password'" >/dev/null \
        || die "cannot create the database role $PG_ROLE: run as root or with sudo, or name a server with GDCATALOG_DB_URL / GDCATALOG_PG_URL"
    info "role $PG_ROLE ${verb,,}d (password in .dev/db-password)"
    can_connect "$PG_URL/postgres" || die "cannot log in as $PG_ROLE on 127.0.0.1:$PG_PORT"
}

stop_postgresql() {
    # shellcheck disable=SC2086
    [ -n "${PG_CLUSTER:-}" ] && as_root pg_ctlcluster $PG_CLUSTER stop >/dev/null 2>&1 || true
}

redis_host_port() {
    # redis://[:password@]host[:port][/db] -> "host port"
    local rest="${REDIS_URL#*://}"
    rest="${rest#*@}"
    rest="${rest%%/*}"
    local host="${rest%%:*}" port=6379
    [ "$rest" != "$host" ] && port="${rest##*:}"
    echo "${host:-127.0.0.1} $port"
}

redis_ping() {
    local host port
    read -r host port <<<"$(redis_host_port)"
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ]
    else
        # No client installed: speak the protocol over bash's /dev/tcp.
        local reply
        { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
        printf 'PING\r\n' >&3
        read -r -t 3 reply <&3 || true
        exec 3>&-
        [[ "$reply" == +PONG* ]]
    fi
}

ensure_redis() {
    step "Redis"
    if redis_ping; then
        info "running ($REDIS_URL)"
        return
    fi
    [ -n "${GDCATALOG_REDIS_URL:-}" ] && die "Redis does not answer at $GDCATALOG_REDIS_URL (GDCATALOG_REDIS_URL)"
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    redis_ping && { info "running ($REDIS_URL)"; return; }  # the package started it
    # A server of the project's own, data and log in .dev/redis/.
    local _ port
    read -r _ port <<<"$(redis_host_port)"
    mkdir -p "$REDIS_DIR"
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --dir "$REDIS_DIR" \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >/dev/null \
        || die "cannot start Redis (see .dev/redis/redis.log)"
    for _ in $(seq 1 20); do redis_ping && break; sleep 0.5; done
    redis_ping || die "Redis does not answer at $REDIS_URL (see .dev/redis/redis.log)"
    STARTED_SERVICES+=("redis")
    info "started on 127.0.0.1:$port (data and log in .dev/redis/)"
}

stop_redis() {
    local pid
    pid="$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
}

# stop_started_services: stops what this run started, nothing else.
stop_started_services() {
    local service
    for service in "${STARTED_SERVICES[@]}"; do
        info "stopping $service (started by this run)"
        "stop_$service"
    done
    STARTED_SERVICES=()
}

# -- databases ---------------------------------------------------------------

db_name() { local name="${1##*/}"; echo "${name%%\?*}"; }
server_url() { local url="${1%\?*}"; echo "${url%/*}"; }

can_connect() {
    command -v psql >/dev/null 2>&1 || apt_install postgresql-client
    psql "$1" -Atqc "SELECT 1" >/dev/null 2>&1
}

create_database_as() {
    # $1: URL of the maintenance database to connect to, $2: database name
    local exists
    exists="$(psql "$1" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$2'")"
    if [ "$exists" = "1" ]; then
        info "database $2 exists"
    else
        psql "$1" -qc "CREATE DATABASE \"$2\" TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
        info "created database $2"
    fi
}

# ensure_site_database: sets DB_URL. A server named by GDCATALOG_DB_URL is
# used as it is; otherwise the managed server, as our role.
ensure_site_database() {
    if [ -n "${GDCATALOG_DB_URL:-}" ]; then
        step "Database (GDCATALOG_DB_URL)"
        DB_URL="$GDCATALOG_DB_URL"
        local maintenance
        maintenance="$(server_url "$DB_URL")/postgres"
        if can_connect "$maintenance"; then
            create_database_as "$maintenance" "$(db_name "$DB_URL")"
        fi
    else
        ensure_postgresql_server
        ensure_pg_role
        step "Database"
        DB_URL="$PG_URL/gdcatalog"
        create_database_as "$PG_URL/postgres" gdcatalog
    fi
    can_connect "$DB_URL" || die "cannot connect to database $(db_name "$DB_URL") at $(server_url "$DB_URL" | sed 's|//[^@]*@|//|')"
}

# ensure_test_server: sets PG_URL, the server that holds the test databases.
ensure_test_server() {
    if [ -n "${GDCATALOG_PG_URL:-}" ]; then
        PG_URL="${GDCATALOG_PG_URL%/}"
    else
        ensure_postgresql_server
        ensure_pg_role
    fi
    can_connect "$PG_URL/postgres" || die "cannot connect to $PG_URL; set GDCATALOG_PG_URL"
}

# -- python environments ----------------------------------------------------

venv_for() { [ "$1" = "2.11" ] && echo "$ROOT/.venv" || echo "$ROOT/.venv-$1"; }

# ensure_venv VERSION [test]: the virtualenv with CKAN VERSION, our pinned
# requirements (and the test tools) and this package, editable. pip runs only
# when the files it installs from changed since the last install: the stamp
# file in the venv keeps the hash of each set as last installed.
ensure_venv() {
    local version="$1" with_tests="${2:-}" venv
    venv="$(venv_for "$version")"
    local site_reqs="requirements/ckan-$version.txt" test_reqs="requirements/test.txt"
    [ -f "$site_reqs" ] || die "unknown CKAN version $version (no $site_reqs)"

    step "Python environment for CKAN $version (${venv#"$ROOT"/})"
    if [ ! -x "$venv/bin/python" ]; then
        ensure_python
        if ! "$PYTHON" -m venv "$venv" >/dev/null 2>&1; then
            # Debian's interpreter comes without ensurepip.
            rm -rf "$venv"
            apt_install "${PYTHON}-venv"
            "$PYTHON" -m venv "$venv" || die "cannot create $venv"
        fi
        "$venv/bin/python" -m pip install -q --upgrade pip setuptools wheel
        info "created"
    fi
    local stamp="$venv/.gdcatalog-requirements" want_site want_test have_site have_test
    want_site="$(cat "$site_reqs" setup.py | sha256sum | cut -d' ' -f1)"
    want_test="$(sha256sum <"$test_reqs" | cut -d' ' -f1)"
    have_site="$(sed -n 's/^site://p' "$stamp" 2>/dev/null || true)"
    have_test="$(sed -n 's/^test://p' "$stamp" 2>/dev/null || true)"

    local args=()
    [ "$have_site" != "$want_site" ] && args+=(-r "$site_reqs")
    [ -n "$with_tests" ] && [ "$have_test" != "$want_test" ] && args+=(-r "$test_reqs")
    if [ ${#args[@]} -eq 0 ]; then
        info "requirements unchanged since the last install: skipping pip"
    else
        ensure_build_deps
        mkdir -p "$DEV_DIR"
        info "pip install ${args[*]}"
        run_logged pip-install "$venv/bin/python" -m pip install "${args[@]}"
        if [ "$have_site" != "$want_site" ]; then
            info "pip install -e ."
            run_logged pip-install-e "$venv/bin/python" -m pip install -e .
            have_site="$want_site"
        fi
        [ -n "$with_tests" ] && have_test="$want_test"
        printf 'site:%s\ntest:%s\n' "$have_site" "$have_test" >"$stamp"
    fi
    VENV="$venv"
}

export_pythainlp_dir() {
    # PyThaiNLP writes to ~/pythainlp-data by default; keep it in the repo.
    export PYTHAINLP_DATA_DIR="$DEV_DIR/pythainlp-data"
    mkdir -p "$PYTHAINLP_DATA_DIR"
}

# -- the agency site of the demo (port 5001) ----------------------------------

agency_cli() { "$VENV/bin/ckan" -c "$AGENCY_CONFIG" "$@"; }

agency_answers() { curl -fsS -o /dev/null --max-time 3 "$AGENCY_URL/api/3/action/status_show" 2>/dev/null; }

# ensure_agency_site: the database, configuration, migrations, sysadmin and
# demo content of one agency's own catalog (the demo organization $AGENCY_ORG).
ensure_agency_site() {
    step "Agency catalog (${AGENCY_URL}, ${AGENCY_CONFIG#"$ROOT"/})"
    local agency_db="${GDCATALOG_AGENCY_DB_URL:-${DB_URL%\?*}_agency}"
    create_database_as "$(server_url "$agency_db")/postgres" "$(db_name "$agency_db")"
    # The central site's configuration with the agency's own database, URL,
    # Redis database, storage and role.
    cp "$CONFIG" "$AGENCY_CONFIG"
    mkdir -p "$DEV_DIR/agency-storage"
    local redis_agency
    redis_agency="$(redis_url_db 3)"
    "$VENV/bin/ckan" config-tool "$AGENCY_CONFIG" \
        "sqlalchemy.url=$agency_db" \
        "ckan.site_url=$AGENCY_URL" \
        "ckan.site_id=gdcatalog-agency" \
        "ckan.site_title=กรมอุตุนิยมวิทยา: บัญชีข้อมูลหน่วยงาน" \
        "ckan.redis.url=$redis_agency" \
        "ckan.storage_path=$DEV_DIR/agency-storage" \
        "ckan.gdcatalog.role=agency" \
        "ckan.devserver.port=$AGENCY_PORT" >/dev/null
    run_logged agency-db-upgrade agency_cli db upgrade
    if [ "$(psql "$agency_db" -Atqc "SELECT sysadmin FROM \"user\" WHERE name = 'admin' AND state = 'active'")" != "t" ]; then
        printf 'y\n' | agency_cli sysadmin add admin "email=admin@example.go.th" \
            "password=$(cat "$DEV_DIR/admin-password" 2>/dev/null || echo "admin-$RANDOM$RANDOM")" \
            "fullname=ผู้ดูแลระบบ" >"$DEV_DIR/agency-sysadmin.log" 2>&1 \
            || die "agency sysadmin failed (see .dev/agency-sysadmin.log)"
    fi
    run_logged agency-demo-load agency_cli gdcatalog demo load --organization "$AGENCY_ORG"
    grep -E "^datasets:" "$DEV_DIR/agency-demo-load.log" | sed 's/^/    /' || true
}

start_agency_server() {
    if agency_answers; then
        info "agency site already answers at $AGENCY_URL"
        return
    fi
    start_process agency-server "$VENV/bin/ckan" -c "$AGENCY_CONFIG" run \
        --host 127.0.0.1 --port "$AGENCY_PORT" --disable-reloader
    for _ in $(seq 1 90); do agency_answers && break; sleep 1; done
    agency_answers || die "the agency site does not answer at $AGENCY_URL (see .dev/agency-server.log)"
    info "agency site serving $AGENCY_URL (log in .dev/agency-server.log)"
}

# json_field JSON PATH...: one value of ckanapi's JSON output ("" if absent).
json_field() {
    "$VENV/bin/python" -c 'import json, sys
value = json.loads(sys.argv[1])
for key in sys.argv[2:]:
    value = value[int(key)] if isinstance(value, list) else (value or {}).get(key)
    if value is None: break
print("" if value is None else value)' "$@" 2>/dev/null || true
}

# central_action ACTION KEY=VALUE...: a central site action as its site user,
# JSON on stdout (ckanapi runs "ckan" from the PATH).
central_action() {
    PATH="$VENV/bin:$PATH" "$VENV/bin/ckanapi" action "$1" -c "$CONFIG" "${@:2}" \
        2>>"$DEV_DIR/registry-actions.log"
}

# register_agency_catalog: the agency applies to the central directory, the
# central administrator approves (a harvest source is created), and the
# central site harvests it, through the registry's own actions.
register_agency_catalog() {
    step "Registering the agency catalog with the central directory"
    local catalog="$AGENCY_URL/catalog.ttl" listed id state source
    listed="$(central_action gdcatalog_registry_application_list 2>/dev/null || echo '{}')"
    id="$("$VENV/bin/python" -c 'import json, sys
rows = json.loads(sys.argv[1])
rows = rows.get("results", rows) if isinstance(rows, dict) else rows
match = [r for r in rows if r.get("catalog_url") == sys.argv[2]]
print(match[0]["id"] if match else "")' "$listed" "$catalog" 2>/dev/null || true)"
    if [ -z "$id" ]; then
        id="$(json_field "$(central_action gdcatalog_registry_apply "catalog_url=$catalog" "organization=$AGENCY_ORG" "contact_name=ผู้ดูแลบัญชีข้อมูล" \
            "contact_email=data@example.go.th" "harvest_frequency=DAILY")" id)"
        [ -n "$id" ] || die "registering $catalog failed"
        info "applied: application $id"
    fi
    state="$(json_field "$(central_action gdcatalog_registry_application_show "id=$id")" state)"
    if [ "$state" = "pending" ]; then
        central_action gdcatalog_registry_approve "id=$id" >/dev/null \
            || die "approving application $id failed"
        info "approved"
    fi
    source="$(json_field "$(central_action gdcatalog_registry_application_show "id=$id")" harvest_source_id)"
    [ -n "$source" ] || die "application $id has no harvest source"
    # The production path: the job goes through the Redis queues to the
    # central site's gather and fetch consumers.
    start_harvest_consumers
    run_logged harvest-agency ckan_cli gdcatalog harvest run "$source" --timeout 600
    grep -E "^(harvest job|  )" "$DEV_DIR/harvest-agency.log" | sed 's/^/    /' || true
    info "harvested $catalog into the central site (log in .dev/harvest-agency.log)"
}

start_harvest_consumers() {
    start_process harvest-gather "$VENV/bin/ckan" -c "$CONFIG" harvester gather-consumer
    start_process harvest-fetch "$VENV/bin/ckan" -c "$CONFIG" harvester fetch-consumer
    info "harvest consumers of the central site running (logs in .dev/harvest-gather.log, .dev/harvest-fetch.log)"
}

# -- ./dev.sh up --------------------------------------------------------------

ckan_cli() { "$VENV/bin/ckan" -c "$CONFIG" "$@"; }


# The plugins the site needs, in load order (test.ini loads the same set).
PLUGINS="gdcatalog_search gdcatalog gdcatalog_quality gdcatalog_harvester scheming_datasets scheming_organizations harvest dcat dcat_rdf_harvester"

# ensure_plugins: add any required plugin missing from an existing ckan.ini,
# keeping the ones a developer added.
ensure_plugins() {
    local current wanted
    current="$("$VENV/bin/python" - "$CONFIG" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(interpolation=None)
parser.read(sys.argv[1])
print(parser.get("app:main", "ckan.plugins", fallback=""))
PY
)"
    wanted="$current"
    for plugin in $PLUGINS; do
        case " $wanted " in *" $plugin "*) ;; *) wanted="$wanted $plugin" ;; esac
    done
    wanted="$(echo $wanted)"
    if [ "$wanted" != "$(echo $current)" ]; then
        "$VENV/bin/ckan" config-tool "$CONFIG" "ckan.plugins=$wanted" >/dev/null
        info "ckan.plugins now: $wanted"
    fi
}

# ensure_setting KEY VALUE: set KEY in an existing ckan.ini unless it is set.
ensure_setting() {
    if ! grep -qE "^[[:space:]]*$1[[:space:]]*=" "$CONFIG"; then
        "$VENV/bin/ckan" config-tool "$CONFIG" "$1=$2" >/dev/null
        info "$1 = $2"
    fi
}

write_config() {
    step "Configuration (ckan.ini)"
    if [ -f "$CONFIG" ]; then
        info "ckan.ini exists: keeping it"
        # The database follows GDCATALOG_DB_URL or the managed server.
        if [ "$(sed -n 's/^sqlalchemy\.url *= *//p' "$CONFIG" | head -1)" != "$DB_URL" ]; then
            "$VENV/bin/ckan" config-tool "$CONFIG" "sqlalchemy.url=$DB_URL" >/dev/null
            info "sqlalchemy.url updated (database $(db_name "$DB_URL"))"
        fi
        ensure_plugins
        ensure_setting ckan.dataset.create_on_ui_requires_resources false
        ensure_setting ckanext.dcat.rdf.profiles gdc
        ensure_setting ckanext.dcat.enable_content_negotiation true
        ensure_setting ckan.gdcatalog.role central
        ensure_setting ckan.harvest.mq.type redis
        ensure_setting ckan.gdcatalog.registry.allowed_hosts 127.0.0.1
        ensure_setting ckan.gravatar_default disabled
        # CSRF checks on extensions' pages and a same-site remember-me cookie,
        # also where `ckan generate config` wrote CKAN's defaults.
        local key default wanted
        for key in "ckan.csrf_protection.ignore_extensions true false" \
                   "REMEMBER_COOKIE_SAMESITE None Lax"; do
            read -r key default wanted <<<"$key"
            if grep -qE "^[[:space:]]*$key[[:space:]]*=[[:space:]]*$default[[:space:]]*$" "$CONFIG"; then
                "$VENV/bin/ckan" config-tool "$CONFIG" "$key=$wanted" >/dev/null
                info "$key = $wanted"
            fi
            ensure_setting "$key" "$wanted"
        done
        return
    fi
    "$VENV/bin/ckan" generate config "$CONFIG" >/dev/null
    local secret
    secret="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
    mkdir -p "$DEV_DIR/storage"
    "$VENV/bin/ckan" config-tool "$CONFIG" \
        "sqlalchemy.url=$DB_URL" \
        "ckan.site_url=$SITE_URL" \
        "ckan.site_title=$SITE_TITLE" \
        "ckan.plugins=$PLUGINS" \
        "ckan.locale_default=th" \
        "ckan.locales_offered=th en" \
        "ckan.redis.url=$REDIS_URL" \
        "ckan.storage_path=$DEV_DIR/storage" \
        "SECRET_KEY=$secret" \
        "solr_url=" \
        "ckan.gdcatalog.search.backend=postgresql" \
        "ckan.gdcatalog.demo.enabled=true" \
        "ckan.gdcatalog.role=central" \
        "ckan.harvest.mq.type=redis" \
        "ckan.gdcatalog.registry.allowed_hosts=127.0.0.1" \
        "ckan.dataset.create_on_ui_requires_resources=false" \
        "ckan.gravatar_default=disabled" \
        "ckan.csrf_protection.ignore_extensions=false" \
        "REMEMBER_COOKIE_SAMESITE=Lax" \
        "ckanext.dcat.rdf.profiles=gdc" \
        "ckanext.dcat.enable_content_negotiation=true" \
        "ckan.devserver.host=127.0.0.1" \
        "ckan.devserver.port=5000" >/dev/null
    info "wrote ckan.ini (site $SITE_URL, database $(db_name "$DB_URL"))"
}

create_admin() {
    # "sysadmin add" offers to create a missing user; answer yes.
    printf 'y\n' | ckan_cli sysadmin add admin "email=admin@example.go.th" \
        "password=$1" "fullname=ผู้ดูแลระบบ"
}

ensure_admin() {
    step "Sysadmin account"
    local password_file="$DEV_DIR/admin-password" state
    state="$(psql "$DB_URL" -Atqc "SELECT sysadmin FROM \"user\" WHERE name = 'admin' AND state = 'active'")"
    if [ "$state" = "t" ]; then
        info "user admin exists: keeping it"
    elif [ "$state" = "f" ]; then
        run_logged sysadmin ckan_cli sysadmin add admin
        info "user admin exists: made it a sysadmin"
    else
        local password
        password="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')"
        (umask 077 && printf '%s\n' "$password" >"$password_file")
        run_logged sysadmin create_admin "$password"
        info "created sysadmin admin"
    fi
    if [ -f "$password_file" ]; then
        info "log in at $SITE_URL/user/login as admin, password: $(cat "$password_file") (in .dev/admin-password)"
    else
        info "log in at $SITE_URL/user/login as admin (password unchanged; reset it with: .venv/bin/ckan -c ckan.ini user setpass admin)"
    fi
}

cmd_up() {
    local started=$SECONDS
    mkdir -p "$DEV_DIR"
    # A failed or interrupted run leaves no process of its own behind.
    trap stop_started_processes EXIT
    ensure_venv 2.11
    export_pythainlp_dir
    ensure_site_database
    ensure_redis
    write_config

    step "Database migrations (core and plugins)"
    run_logged db-upgrade ckan_cli db upgrade
    info "$(grep -E "^Upgrading DB" "$DEV_DIR/db-upgrade.log" | tail -1)"

    ensure_admin

    step "Demo content"
    # The agency's datasets reach the central site by harvesting its catalog.
    run_logged demo-load ckan_cli gdcatalog demo load --without-datasets-of "$AGENCY_ORG"
    grep -E "^(organizations|datasets):" "$DEV_DIR/demo-load.log" | sed 's/^/    /' || true

    ensure_agency_site
    start_agency_server
    register_agency_catalog

    step "Ready in $((SECONDS - started)) s"
    info "central directory: $SITE_URL (map of Thailand: $SITE_URL/directory/)"
    info "agency catalog:    $AGENCY_URL (harvested by the central site)"
    info "health: .venv/bin/ckan -c ckan.ini gdcatalog doctor"
    if [ "${GDCATALOG_NO_SERVE:-}" = "1" ]; then
        info "GDCATALOG_NO_SERVE=1: not serving (PostgreSQL and Redis keep running; ./dev.sh down stops them)"
        return
    fi
    step "Serving $SITE_URL and $AGENCY_URL (Ctrl-C stops both and what this run started)"
    trap 'stop_started_processes; stop_started_services' EXIT
    start_process worker-central "$VENV/bin/ckan" -c "$CONFIG" jobs worker
    start_process worker-agency "$VENV/bin/ckan" -c "$AGENCY_CONFIG" jobs worker
    info "a job worker for each site (logs in .dev/worker-central.log, .dev/worker-agency.log)"
    "$VENV/bin/ckan" -c "$CONFIG" run --host 127.0.0.1 --port 5000
}

# ./dev.sh down: everything dev.sh may have left running, services included.
cmd_down() {
    local pid_file name
    for pid_file in "$DEV_DIR"/run/*.pid; do
        [ -f "$pid_file" ] || continue
        name="$(basename "$pid_file" .pid)"
        info "stopping $name"
        stop_process "$name"
    done
    if [ -z "${GDCATALOG_REDIS_URL:-}" ] && [ -f "$REDIS_DIR/redis.pid" ]; then
        info "stopping Redis (.dev/redis/)"
        stop_redis
    fi
    if [ -z "${GDCATALOG_DB_URL:-}${GDCATALOG_PG_URL:-}" ]; then
        local version name port status
        read -r version name port status <<<"$(pg_cluster)"
        if [ "${status:-}" = "online" ]; then
            info "stopping PostgreSQL $version/$name"
            PG_CLUSTER="$version $name"
            stop_postgresql
        fi
    fi
}

# -- background processes ------------------------------------------------------

STARTED_PROCESSES=()  # names of what this run started, stopped on exit

# start_process NAME COMMAND...: a long-running process, log in .dev/NAME.log,
# pid in .dev/run/NAME.pid; left alone if one of that name still runs.
start_process() {
    local name="$1" pid_file="$DEV_DIR/run/$1.pid"; shift
    mkdir -p "$DEV_DIR/run"
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        info "$name already runs (pid $(cat "$pid_file"))"
        return
    fi
    nohup "$@" >"$DEV_DIR/$name.log" 2>&1 &
    echo $! >"$pid_file"
    STARTED_PROCESSES+=("$name")
}

# stop_process NAME: stop it and wait until it is gone (10 s at most).
stop_process() {
    local pid_file="$DEV_DIR/run/$1.pid" pid
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    rm -f "$pid_file"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
}

stop_started_processes() {
    local name
    for name in "${STARTED_PROCESSES[@]}"; do stop_process "$name"; done
    STARTED_PROCESSES=()
}

# -- ./dev.sh test ----------------------------------------------------------

redis_db_for() {
    case "$1" in 2.11) echo 1 ;; 2.12) echo 2 ;; *) die "unknown CKAN version $1" ;; esac
}

# prepare_suite VERSION: the virtualenv with the test tools, and the test
# database (gdcatalog_test_211 ...) of that version.
prepare_suite() {
    local version="$1"
    ensure_venv "$version" test
    ensure_browser
    step "Test database gdcatalog_test_${version//./}, Redis database $(redis_db_for "$version")"
    create_database_as "$PG_URL/postgres" "gdcatalog_test_${version//./}"
}

# redis_url_db N: the Redis URL of the site's server with database N.
redis_url_db() {
    if [[ "$REDIS_URL" =~ ^(.*)/[0-9]+$ ]]; then
        echo "${BASH_REMATCH[1]}/$1"
    else
        echo "${REDIS_URL%/}/$1"
    fi
}

# pytest_suite VERSION [pytest args...]: pytest into .dev/test-VERSION.log;
# returns pytest's status.
pytest_suite() {
    local version="$1"; shift
    # Each version has its own storage folder too: the suites run side by
    # side and CKAN builds its web assets there while a test server reads
    # them. A copy of test.ini says so (an environment variable would also
    # override the folders that tests set for themselves).
    local ini="$DEV_DIR/test-${version//./}.ini"
    sed "s|^ckan.storage_path = .*|ckan.storage_path = $DEV_DIR/test-storage-${version//./}|" \
        test.ini >"$ini"
    CKAN_SQLALCHEMY_URL="$PG_URL/gdcatalog_test_${version//./}" \
    CKAN_REDIS_URL="$(redis_url_db "$(redis_db_for "$version")")" \
        "$(venv_for "$version")/bin/python" -m pytest --ckan-ini="$ini" --durations=20 tests "$@" \
        >"$DEV_DIR/test-$version.log" 2>&1
}

summary_line() {
    grep -E '(passed|failed|errors?|no tests ran).* in [0-9.]+s' "$DEV_DIR/test-$1.log" \
        | tail -1 | sed -E 's/^=+ //; s/ =+$//' || true
}

cmd_test() {
    local versions=(2.11 2.12)
    if [ $# -gt 0 ] && [[ "$1" =~ ^2\.[0-9]+$ ]]; then
        versions=("$1")
        shift
    fi
    local version
    for version in "${versions[@]}"; do redis_db_for "$version" >/dev/null; done
    mkdir -p "$DEV_DIR"
    export_pythainlp_dir
    ensure_test_server
    ensure_redis
    for version in "${versions[@]}"; do prepare_suite "$version"; done

    # The versions have their own databases, so their suites run side by
    # side: pytest is CPU-bound and one process uses one core.
    step "pytest on CKAN ${versions[*]} (logs in .dev/test-<version>.log)"
    local started=$SECONDS pids=() statuses=() failed=0 i
    for version in "${versions[@]}"; do
        pytest_suite "$version" "$@" &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        statuses[i]=0
        wait "${pids[i]}" || statuses[i]=$?
    done
    for i in "${!versions[@]}"; do
        step "CKAN ${versions[i]}: pytest output"
        cat "$DEV_DIR/test-${versions[i]}.log"
    done
    step "Summary ($((SECONDS - started)) s)"
    for i in "${!versions[@]}"; do
        if [ "${statuses[i]}" -eq 0 ]; then
            info "CKAN ${versions[i]}: OK     $(summary_line "${versions[i]}")"
        else
            failed=1
            info "CKAN ${versions[i]}: FAILED $(summary_line "${versions[i]}") (exit status ${statuses[i]})"
        fi
    done
    return "$failed"
}

case "${1:-}" in
    up) shift; cmd_up "$@" ;;
    down) shift; cmd_down "$@" ;;
    test) shift; cmd_test "$@" ;;
    -h|--help|help) usage 0 ;;
    *) usage 1 ;;
esac
