"""govopen harvest connectors: departmental systems -> records in the national standard.

No CKAN imports here (the standard's CKAN-free modules, ``ckanext.govopen.standard``,
are used for vocabularies, crosswalks and checks). One module per connector
(``ckan_api``, ``dcat_rdf``, ``datajson``, ``sql``, ``files``,
``portal_listing``), each a ``read(config, state)`` generator; ``pipeline.harvest``
runs one over a source config and finishes its records; ``report`` prints
what a source yields (``python -m govopen_harvesters.report CONFIG``).
"""
