"""The search page's parts (issue 16): results with highlights and facts,
suggestions as you type."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.search_ui import results, suggest

FEATURE = Feature(
    "search_ui",
    helpers={
        "govopen_search_results": results.govopen_search_results,
    },
    blueprints=(Hook(suggest.get_blueprint, 95),),
)
