"""Every govopen auth function by name (``IAuthFunctions``): one per action
in ``logic/actions.py`` (a unit test checks that none is missing)."""


def all_auth_functions():
    from . import publication
    return {
        "govopen_publication_blockers": publication.publication_blockers_auth,
    }
