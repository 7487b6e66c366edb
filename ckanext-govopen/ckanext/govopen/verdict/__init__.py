"""One verdict per dataset: may the public have it, and why.

A dataset's verdict is its effective open type (``unconditional``,
``conditional`` or ``none``), the policy caps that made it so (with zh/en
reasons) and the content it was computed on. It is computed in one place
(:func:`compute.compute`: the declared classification, config/policy.yaml and
the stored content findings, k-anonymity included), stored in
``govopen_verdict`` on every dataset write and whenever a content check
finishes, shown on the dataset dict as ``govopen_verdict`` and indexed in Solr
as ``effective_open_type``. Every consumer (access rules and downloads, the
dashboard, DCAT and ``/data.json``, badges, facets, anything added later)
reads it through :func:`read.open_type`, never from ``open_type`` alone.
"""
