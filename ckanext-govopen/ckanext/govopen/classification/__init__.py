"""Classification: what a dataset's classification allows, who may change it, and the record of it.

- ``policy``: CKAN-free evaluation of config/policy.yaml (``evaluate``: the effective open type).
- ``reviewers``: who is a reviewer (sysadmins, members of the configured group).
- ``model``: the audit log and reviewer approvals (tables of migration 0003_privacy).
- ``guard``: the write-path glue: refuse unapproved downgrades, audit every change.
- ``actions``: ``govopen_audit_list`` and ``govopen_review_approve``.
"""
