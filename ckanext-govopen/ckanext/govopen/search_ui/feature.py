"""The search page's parts (issue 16): results with highlights and facts."""
from ckanext.govopen.feature import Feature
from ckanext.govopen.search_ui import results

FEATURE = Feature(
    "search_ui",
    helpers={
        "govopen_search_results": results.govopen_search_results,
    },
)
