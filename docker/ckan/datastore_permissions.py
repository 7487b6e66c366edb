"""CKAN's DataStore permissions, set by the DataStore's owner (the CKAN role)
at each start of the web container: CKAN's own set_permissions.sql (``ckan
datastore set-permissions``), run on the write URL's database without psql.

    python datastore_permissions.py

Reads CKAN_SQLALCHEMY_URL, CKAN_DATASTORE_WRITE_URL, CKAN_DATASTORE_READ_URL.
Idempotent (GRANT/REVOKE, CREATE OR REPLACE)."""
import os

import sqlalchemy as sa
from ckanext.datastore.cli import permissions_sql


def main():
    main_url = sa.engine.make_url(os.environ["CKAN_SQLALCHEMY_URL"])
    write_url = sa.engine.make_url(os.environ["CKAN_DATASTORE_WRITE_URL"])
    read_url = sa.engine.make_url(os.environ["CKAN_DATASTORE_READ_URL"])
    sql = permissions_sql(main_url.database, write_url.database, main_url.username,
                          write_url.username, read_url.username)
    # "\connect <datastore db>" is psql's: we are connected to it already
    sql = "\n".join(line for line in sql.splitlines() if not line.startswith("\\connect"))
    engine = sa.create_engine(write_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    print("datastore permissions set on %s" % write_url.database)


if __name__ == "__main__":
    main()
