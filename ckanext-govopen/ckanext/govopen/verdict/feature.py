"""The verdict's parts: computed on every write, shown first, indexed, refreshed after content checks."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.verdict import cli, hooks

FEATURE = Feature(
    "verdict",
    commands=(cli.verdict,),
    # first: every later show and index hook (quality, access) reads the verdict
    index_hooks=(Hook(hooks.index_fields, 10),),
    show_hooks=(Hook(hooks.show_verdict, 10),),
    after_write_hooks=(Hook(hooks.store_written, 10),),
    # after the content checks, which may change what the public may have (k-anonymity, findings)
    resource_jobs=(Hook(hooks.refresh_for_resource, 20),),
)
