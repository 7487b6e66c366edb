"""WSGI entry point for gunicorn: `gunicorn wsgi:application` (CKAN_INI set)."""
import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

config_path = os.environ.get("CKAN_INI", "/srv/app/ckan.ini")
fileConfig(config_path, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(config_path).get_config())
