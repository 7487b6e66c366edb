"""govopen harvest connectors: departmental systems -> records in the national standard.

No CKAN imports here (the standard's CKAN-free modules, ``ckanext.govopen.standard``,
are used for vocabularies, crosswalks and checks). One module per connector
(``ckan_api``, ``dcat_rdf``, ``datajson``, ``sql``, ``files``,
``portal_listing``), each a ``read(config, state)`` generator that declares
itself (``SOURCE_TYPE``: name, zh/en title and description, its config check
from ``origins``; its mapping is ``mappings/<module>.yaml``); ``registry``
collects them, and every list of source types derives from it.
``pipeline.harvest`` runs one over a source config and finishes its records;
``report`` prints what a source yields (``python -m govopen_harvesters.report CONFIG``).
"""
