"""The web layer's own guards: what every request passes before any view or
action sees it (CSRF exemptions kept to one request, unreadable JSON bodies
refused). Installed by the plugin's ``IMiddleware`` in the order ``web/feature.py`` declares."""
