#!/usr/bin/env bash
# Creates one login role and one database per name in SEALCLOUD_DATABASES, each database owned by its role and
# closed to everyone else: no service can read another's database (DESIGN.md §1). The postgres image runs this once,
# on the first start of an empty data volume, as the superuser. Safe to run again (creates only what is missing).
set -euo pipefail

: "${SEALCLOUD_DATABASES:?space-separated database names}"
: "${SEALCLOUD_DB_PASSWORD:?password for the service roles}"

for db in ${SEALCLOUD_DATABASES}; do
    if [[ ! "${db}" =~ ^[a-z][a-z0-9_]*$ ]]; then
        echo "init-databases: refusing database name '${db}'" >&2
        exit 1
    fi
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
        --set=db="${db}" --set=pw="${SEALCLOUD_DB_PASSWORD}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'db', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', :'db', :'db') \gexec
SQL
    echo "init-databases: database ${db} ready (owner ${db})"
done
