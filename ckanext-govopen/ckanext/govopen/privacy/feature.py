"""The PII scan: its content check, its actions, the scan view on the resource page, the CLI."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.privacy import actions, cli, helpers, jobs

FEATURE = Feature(
    "privacy",
    actions={
        "govopen_scan_show": actions.scan_show,
        "govopen_scan": actions.scan,
    },
    auth={
        "govopen_scan_show": actions.scan_auth,
        "govopen_scan": actions.scan_auth,
    },
    helpers={"govopen_scan_view": helpers.govopen_scan_view},
    commands=(cli.scan,),
    # first on the content pipeline's one copy: what validation reports must not hold
    content_checks={"scan": Hook(jobs.scan_check, 10)},
)
