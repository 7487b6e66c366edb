"""ckanext-harvest's actions and auth functions, kept apart.

ckanext-harvest collects both with ``plugin._get_logic_functions(module_root,
logic_functions={})``: one mutable default dict shared by ``get_actions`` and
``get_auth_functions``. Which names each registry ended up with depended on
which CKAN built first and on whether it rebuilt one later (tests reloading
plugins do): auth functions became API actions (``harvest_sources_clear``,
even the ``auth_allow_anonymous_access`` decorator), and actions became auth
functions (``check_access('harvest_log_list')`` ran the log query itself).

``keep_apart()`` gives each call its own dict, so the action registry holds
ckanext-harvest's actions and the auth registry its auth functions, in any
order. Names that are actions only get their auth functions here, explicitly:
``auth_functions()``. Called from the plugin module, before any registry is built.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

#: Actions ckanext-harvest has and no auth function of the same name: who may call them.
#: (The others check another name's auth function, which CKAN's audit accepts.)
SYSADMIN_ONLY = ("harvest_log_list", "harvest_abort_failed_jobs")

#: ckanext-harvest's sysadmin-only auth functions: they look the caller up with
#: ``user_is_sysadmin``, which for the anonymous caller raises an AttributeError
#: (``pt.Objectpt.ObjectNotFound``), a 500. Sysadmins never reach an auth function,
#: so everyone who does is refused here, the same answer without the crash.
SYSADMIN_ONLY_CHAINED = ("harvest_job_create_all", "harvest_sources_clear", "harvest_objects_import",
                         "harvest_jobs_run", "harvest_job_abort", "harvest_sources_reindex")


def keep_apart() -> None:
    try:
        from ckanext.harvest import plugin as harvest_plugin
    except ImportError:          # ckanext-harvest not installed: nothing to keep apart
        return
    shared = harvest_plugin._get_logic_functions
    if getattr(shared, "govopen_apart", False):
        return

    def own_dict(module_root, logic_functions=None):
        return shared(module_root, {})

    own_dict.govopen_apart = True
    harvest_plugin._get_logic_functions = own_dict


def _sysadmin_only(context, data_dict):
    # sysadmins never reach an auth function; everyone else is refused
    return {"success": False, "msg": "仅系统管理员可以调用 / only a sysadmin may call this"}


@tk.chained_auth_function
def _sysadmin_only_chained(_harvest_auth, context, data_dict):
    return _sysadmin_only(context, data_dict)


def auth_functions() -> dict:
    return {**{name: _sysadmin_only for name in SYSADMIN_ONLY},
            **{name: _sysadmin_only_chained for name in SYSADMIN_ONLY_CHAINED}}


@tk.chained_action
def harvest_abort_failed_jobs(original, context, data_dict):
    """ckanext-harvest's action checks nobody: an anonymous POST aborted running jobs."""
    tk.check_access("harvest_abort_failed_jobs", context, data_dict)
    return original(context, data_dict)


def chained_actions() -> dict:
    return {"harvest_abort_failed_jobs": harvest_abort_failed_jobs}
