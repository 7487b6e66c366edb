"""The PII scan inside CKAN: jobs that scan resource content, stored results, actions, CLI.

The scanner itself is CKAN-free (``ckanext.govopen.scan``); this package reads
a resource's content (uploads from CKAN's storage, links with size and time
limits), stores the result by content hash (``model``), and tells the
publication gate what it found (``status``).
"""
