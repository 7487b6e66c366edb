#!/bin/bash
# Runs once, on the db service's first start: CKAN's DataStore database (the
# Data API's tables), owned and written by the CKAN role, and the read-only
# role datastore_search reads through (statement timeout, no connect to the
# main database). The ckan web container sets the rest of CKAN's DataStore
# permissions (`ckan datastore set-permissions`) at each start.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<-EOSQL
    CREATE ROLE "$DATASTORE_RO_USER" NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD '$DATASTORE_RO_PASSWORD';
    ALTER ROLE "$DATASTORE_RO_USER" SET statement_timeout = '10s';
    CREATE DATABASE "$DATASTORE_DB" OWNER "$CKAN_DB_USER" ENCODING 'utf-8' TEMPLATE template0;
    REVOKE CONNECT ON DATABASE "$CKAN_DB" FROM PUBLIC;
    GRANT CONNECT ON DATABASE "$CKAN_DB" TO "$CKAN_DB_USER";
EOSQL
