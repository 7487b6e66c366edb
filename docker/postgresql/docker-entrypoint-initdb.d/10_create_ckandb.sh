#!/bin/bash
# Runs once, on the db service's first start (empty pg_data volume): the CKAN
# role and database, as in ckan-docker.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<-EOSQL
    CREATE ROLE "$CKAN_DB_USER" NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD '$CKAN_DB_PASSWORD';
    CREATE DATABASE "$CKAN_DB" OWNER "$CKAN_DB_USER" ENCODING 'utf-8' TEMPLATE template0;
EOSQL
