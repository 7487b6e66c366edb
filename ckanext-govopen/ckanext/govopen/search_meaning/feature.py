"""Search by meaning's parts: the title vector in the index. (The query side is
called by search_query.before_search, where the query is rewritten.)"""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.search_meaning import index

FEATURE = Feature(
    "search_meaning",
    # before index_limits (90); adds one field
    index_hooks=(Hook(index.index_fields, 70),),
)
