"""govopen_standards: the metadata standards as data (YAML), no code.

A regular package (not a namespace) so that ckanext-scheming can resolve
``govopen_standards:schemas/dataset.yaml`` in ``scheming.dataset_schemas``.
"""
