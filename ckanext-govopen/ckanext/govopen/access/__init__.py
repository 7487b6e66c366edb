"""Conditionally-open access (依申请开放).

A public dataset whose effective open type is not ``unconditional`` lists its
metadata for everyone, but its files (resource URLs, download links, uploaded
contents) only for those with access: the department's members, sysadmins and
users whose access request for that dataset was approved.

- ``policy``: which datasets are restricted and what in them is a file
  location (CKAN-free; the effective open type comes from
  ``classification.policy`` when present);
- ``grants``: who has access to a dataset's files;
- ``hiding``: strips file locations from package_show (and so resource_show,
  pages, DCAT), package_search (and so /catalog.*, /data.json, feeds,
  listings), the search index, resource views and resource_search;
- ``streams``: activity streams, member_list and tag_show, which carry
  datasets CKAN does not re-check at read time;
- ``downloads``: refuses the download routes;
- ``request_actions``: the access request actions and their auth functions;
- ``model``: the tables of migration 0005_access; ``messages``: zh/en texts.
"""
