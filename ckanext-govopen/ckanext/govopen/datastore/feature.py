"""The Data API: validated tables in CKAN's DataStore, read as the one verdict
allows; their load is a content check, their removal a verdict hook."""
from ckanext.govopen.datastore import access, actions, cli, dump, grid, limits, load, page, sync, xlsx
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature(
    "datastore",
    actions={"govopen_datastore_status": actions.datastore_status},
    # datastore_search / datastore_info: "not found" for a missing or hidden resource
    chained_actions=access.chained_actions,
    auth={"govopen_datastore_status": actions.datastore_status_auth},
    # reads follow the verdict; writes are sysadmins' only
    chained_auth=access.chained_auth_functions,
    commands=(cli.datastore,),
    # the resource page: dump links, the API tab, the load state for the department
    helpers={"govopen_datastore_panel": page.govopen_datastore_panel},
    # anonymous callers' row caps and rate limits, before any Data API view
    # /datastore/dump/<id>?format=xlsx, before CKAN's dump view
    # the grid's search box in Chinese
    # the other dump formats: every q, and a 400 (never a 500) for a bad parameter
    blueprints=(Hook(limits.get_blueprint, 64), Hook(xlsx.get_blueprint, 65), Hook(grid.get_blueprint, 66),
                Hook(dump.get_blueprint, 67)),
    # after validation, on the same copy: the table into the Data API, or out of it
    content_checks={"datastore": Hook(load.load_check, 30)},
    # a verdict stored as not open: the table out of the Data API
    verdict_hooks=(Hook(sync.verdict_stored, 10),),
)
