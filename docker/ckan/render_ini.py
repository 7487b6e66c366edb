"""Render $CKAN_INI from the ckan.ini template and the environment.

    python render_ini.py TEMPLATE OUTPUT

1. ${VAR} in the template is replaced by the environment variable VAR; a
   missing variable is an error (no silent empty secrets).
2. ckan-docker / ckanext-envvars style variables are applied to [app:main]:
   CKAN__X__Y -> ckan.x.y, CKAN___X__Y -> x.y, CKANEXT__X__Y -> ckanext.x.y
   (double underscore = dot, lower-cased).
3. ckan.plugins (set by CKAN__PLUGINS, else the base ini's) gets one plugin per
   harvest source type right after ``harvest``, as the connectors declare them
   (``govopen_harvesters.registry``).
4. Secrets still set to CHANGE_ME (or empty) stop the container.
The output is written with mode 600.
"""
import configparser
import os
import re
import sys

from govopen_harvesters import registry

SECRETS = ["CKAN_SECRET_KEY", "CKAN_JWT_SECRET", "CKAN_SQLALCHEMY_URL",
           "CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL"]


def env_to_option(name):
    if name.startswith("CKAN___"):
        return name[len("CKAN___"):].lower().replace("__", ".")
    if name.startswith("CKAN__") or name.startswith("CKANEXT__"):
        return name.lower().replace("__", ".")
    return None


def render(template_text, env):
    missing = sorted({m for m in re.findall(r"\$\{(\w+)\}", template_text) if m not in env})
    if missing:
        raise SystemExit("render_ini: environment variables not set: " + ", ".join(missing))
    text = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], template_text)

    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keep SECRET_KEY upper case
    parser.read_string(text)
    for name in sorted(env):
        option = env_to_option(name)
        if option and env[name] != "":
            parser.set("app:main", option, env[name])
    with_source_types(parser)
    return parser


def with_source_types(parser):
    """``ckan.plugins`` with the harvest source types' plugins after ``harvest``."""
    plugins = parser.get("app:main", "ckan.plugins", fallback=None)
    if plugins is None:
        use = parser.get("app:main", "use", fallback="")
        plugins = registry.ini_plugins(use[len("config:"):]) if use.startswith("config:") else ""
    if plugins.strip():
        parser.set("app:main", "ckan.plugins", registry.plugins_line(plugins))


def main():
    template, output = sys.argv[1], sys.argv[2]
    env = dict(os.environ)
    bad = [n for n in SECRETS if not env.get(n) or "CHANGE_ME" in env.get(n, "")]
    if bad:
        raise SystemExit("render_ini: set these in docker/.env (still empty or CHANGE_ME): "
                         + ", ".join(bad))
    with open(template, encoding="utf-8") as f:
        parser = render(f.read(), env)
    tmp = output + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# Rendered by docker-entrypoint.sh from ckan.ini.tmpl; do not edit.\n")
        parser.write(f)
    os.replace(tmp, output)


if __name__ == "__main__":
    main()
