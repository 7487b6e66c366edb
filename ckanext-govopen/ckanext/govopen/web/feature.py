"""The web app's own parts: the Flask app's guards, in order, before any view
runs (``IMiddleware``), and how a download is handed over (its name, charset,
the Excel CSV)."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.web import csrf, downloads, errors, request_guard

FEATURE = Feature(
    "web",
    middleware=(
        Hook(csrf.install, 10),
        Hook(request_guard.install, 20),
        Hook(errors.install, 30),
    ),
    blueprints=(Hook(downloads.get_blueprint, 35),),    # after the access guard's (30)
)
