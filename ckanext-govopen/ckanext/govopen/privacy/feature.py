"""The PII scan: its actions, the scan view on the resource page, the CLI."""
from ckanext.govopen.feature import Feature
from ckanext.govopen.privacy import actions, cli, helpers

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
)
