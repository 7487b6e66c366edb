"""The Data API (数据接口): every table that may be public, queryable row by row
through CKAN's DataStore (``datastore_search``, ``/datastore/dump/<id>``).

- ``columns``: a Table Schema field -> a typed PostgreSQL column (CKAN-free);
- ``rows``: the table's data rows as a COPY stream (CKAN-free);
- ``store``: the DataStore database: load a table (COPY into a new table, swap
  it in by rename in one transaction), drop one, and the load state of each
  resource (``_govopen_load``, hidden from the DataStore's table list);
- ``load``: the content pipeline's check (the datastore feature's ``content_checks``): load a
  validated table of an open or conditionally-open dataset from the one copy
  the pipeline read, or take it out of the DataStore;
- ``sync``: the verdict changed (its ``verdict_hooks``): a not-open
  dataset's tables leave the DataStore;
- ``access``: the DataStore's reads follow the one verdict; its writes are
  for sysadmins only;
- ``messages``: zh/en texts.
"""
