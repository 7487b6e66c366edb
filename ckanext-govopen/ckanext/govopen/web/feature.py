"""The Flask app's own guards, in order, before any view runs (``IMiddleware``)."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.web import csrf, errors, request_guard

FEATURE = Feature(
    "web",
    middleware=(
        Hook(csrf.install, 10),
        Hook(request_guard.install, 20),
        Hook(errors.install, 30),
    ),
)
