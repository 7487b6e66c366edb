"""Exports of the catalog in DCAT-AP 3 (RDF) and DCAT-US 1.1 (data.json).

- ``mapping``    CKAN-free: what the standard's crosswalks
                 (``standards/crosswalks/dcat_ap_3.yaml``, ``dcat_us_1_1.yaml``)
                 say about one dataset dict, and the one rule every export
                 shares: only unconditionally open datasets expose file URLs.
- ``datajson``   CKAN-free: dataset dicts -> Project Open Data v1.1 ``data.json``.
- ``profile``    the ckanext-dcat RDF profile ``govopen_dcat_ap_3``.
- ``blueprint``  ``/data.json`` (public, active, non-private datasets only).
"""
