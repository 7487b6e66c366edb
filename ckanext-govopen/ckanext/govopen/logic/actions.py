"""Every govopen action by name (``IActions``): one line each; the code
lives in the module of its concept. Each has an auth function of the same
name in ``logic/auth.py``."""


def all_actions():
    from . import publication
    return {
        "govopen_publication_blockers": publication.publication_blockers,
    }
