"""Download and Data API call counts per dataset ("most used").

- ``count``: on the hot path, one Redis ``HINCRBY`` per successful file download
  (the resource download route), dump (``/datastore/dump/<id>`` in every format,
  the grid's filtered download) or Action API ``datastore_search`` call,
  keyed by resource; shared by every web
  process; no PostgreSQL write per request.
- ``flush``: moves the pending counts into ``govopen_dataset_uses`` (by dataset)
  and rewrites the search document (``govopen_uses``) of the datasets whose
  total changed: ``ckan govopen uses flush`` (periodic), and, counts only, on
  the rankings' read at most once per ``govopen.uses.flush_interval``.
- ``read``: what a reader sees: the counts of a dataset only when it is public
  and unconditionally open by the one verdict; every other dataset has none,
  anywhere (page, rankings, search sort). Counts of a dataset that is not are
  dropped when flushed and deleted when its verdict is stored.
"""
