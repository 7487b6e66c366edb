"""The search index's parts: one command, ``ckan govopen search``."""
from ckanext.govopen.feature import Feature
from ckanext.govopen.searchindex import cli

FEATURE = Feature(
    "searchindex",
    commands=(cli.search,),
)
