"""What a writer knows about a dataset it has just created, for the show that follows.

``package_show`` hooks read side tables (a harvest record's ``withdrawn``
flag, the validation reports of each table). Right after a harvest job has
created a dataset, the answers are known without asking: its resources are
new, so no report exists for them, and its record was written as not
withdrawn. The job says so in CKAN's ``context_cache`` (the one context key
``fresh_context`` carries into the show's hooks); the hooks skip their query
for that dataset only. Any other show asks the database as usual.
"""
from __future__ import annotations

from ckan.logic import DEFAULT_CACHE_KEY

_KEY = "govopen.just_created"


def just_created_context(context: dict, dataset_id: str, **facts) -> dict:
    """``context`` for the show that follows the creation of ``dataset_id``; ``facts``:
    what else the writer knows (``harvest_withdrawn=False``)."""
    cache = dict(context.get(DEFAULT_CACHE_KEY) or {}, **{_KEY: dict(facts, id=dataset_id)})
    return dict(context, **{DEFAULT_CACHE_KEY: cache})


def just_created(context: dict, pkg_dict: dict):
    """The writer's facts if ``pkg_dict`` was created by the very write this show
    follows (a dict, maybe empty), else None."""
    facts = ((context or {}).get(DEFAULT_CACHE_KEY) or {}).get(_KEY)
    if facts and pkg_dict.get("id") and facts.get("id") == pkg_dict["id"]:
        return {k: v for k, v in facts.items() if k != "id"}
    return None
