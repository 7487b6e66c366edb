"""The national catalog standard, as plain Python over the YAML in ``standards/``.

Nothing here imports CKAN: the harvesters, the CLI and the tests use it as is,
and the CKAN glue (``ckanext.govopen.logic.validators``) only wraps it.

- ``loader``     finds ``standards/`` and reads vocabularies, schemas, crosswalks
- ``messages``   rule messages (id + params) rendered in zh or en
- ``codes``      check digits and code lists (GB 32100, GB 11643, Luhn, GB/T 2260)
- ``elements``   ``data_elements`` <-> Table Schema
- ``rules``      the dataset checks, field -> [Message]
- ``crosswalk``  Chinese portal listings -> standard records
- ``dcat``       standard -> DCAT-AP 3 / DCAT-US 1.1 values
- ``quality``    the MQA-style metadata quality score
"""
