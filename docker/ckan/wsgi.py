"""WSGI entry point for gunicorn: `gunicorn wsgi:application` (CKAN_INI set)."""
import fcntl
import logging
import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app
from ckan.lib.i18n import build_js_translations, get_js_translations_dir

config_path = os.environ.get("CKAN_INI", "/srv/app/ckan.ini")
fileConfig(config_path, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(config_path).get_config())


def js_translations():
    """What ``ckan run`` does when it starts (``ckan/cli/server.py``) and gunicorn does
    not: the words CKAN's JavaScript asks ``/api/i18n/<lang>`` for, built from every
    ``ITranslation`` catalog into ``<storage_path>/i18n/js``. Without them the grid's
    buttons stay in English (and the file is absent until someone runs ``ckan
    translation js``). Each worker imports this module: the first builds under the
    lock, the others find the files newer than the catalogs and leave them."""
    folder = get_js_translations_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, ".build.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            build_js_translations()
    except Exception:           # a catalog being rewritten as it is read: words in English, site up
        logging.getLogger(__name__).exception("the JavaScript translations were not built")


js_translations()
