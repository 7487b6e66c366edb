"""The search page's parts (issue 16): results with highlights and facts,
suggestions as you type, "did you mean" when nothing is found, and the
searches that found nothing counted for the lists' keepers."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.search_ui import didyoumean, missed, results, suggest, suggest_cache

FEATURE = Feature(
    "search_ui",
    helpers={
        "govopen_search_results": results.govopen_search_results,
        "govopen_did_you_mean": didyoumean.govopen_did_you_mean,
    },
    blueprints=(Hook(suggest.get_blueprint, 95), Hook(missed.get_blueprint, 96)),
    # every search document written marks its transaction: the cached suggestions
    # are dropped when it ends (suggest_cache); adds no field
    index_hooks=(Hook(suggest_cache.touched, 95),),
    # suggestions answered around the Flask app, before CKAN's per-request work
    middleware=(Hook(suggest.install, 90),),
    # the search page's own search that found nothing, counted (never a filter's)
    search_hooks=(Hook(missed.note, 90),),
    commands=(missed.command,),
)
