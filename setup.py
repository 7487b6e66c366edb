"""govopen: the CKAN extension, the harvest connectors and the metadata standards.

One distribution so that a plain ``pip install .`` brings all three:
``ckanext.govopen`` (from ckanext-govopen/), ``govopen_harvesters``
(from harvesters/, no CKAN imports) and ``govopen_standards`` (the YAML
under standards/, installed as package data).
"""
import importlib.util
import os
import sys

from setuptools import find_namespace_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _source_type_plugins():
    """One ``ckan.plugins`` entry point per harvest source type: the names the
    connectors in harvesters/ declare (``SOURCE_TYPE``), read from their text by
    harvesters/registry.py (standard library only: nothing is installed yet)."""
    spec = importlib.util.spec_from_file_location("_govopen_source_types",
                                                  os.path.join(HERE, "harvesters", "registry.py"))
    registry = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = registry                 # dataclasses looks its module up
    spec.loader.exec_module(registry)
    return ["%s = ckanext.govopen.harvest.harvesters:%s" % (name, name)
            for name in registry.declared_names(os.path.join(HERE, "harvesters"))]


def _packages(root, prefix):
    """Every folder below ``root`` that holds code or data, as dotted names."""
    found = [prefix]
    for name in find_namespace_packages(where=root):
        if "__pycache__" not in name and not name.startswith(("tests", "build")):
            found.append(prefix + "." + name)
    return found


ext_root = os.path.join("ckanext-govopen")
packages = [p for p in find_namespace_packages(where=ext_root, include=["ckanext.govopen*"])]
package_dir = {"ckanext": os.path.join(ext_root, "ckanext")}

packages += _packages("harvesters", "govopen_harvesters")
package_dir["govopen_harvesters"] = "harvesters"
packages += _packages("standards", "govopen_standards")
package_dir["govopen_standards"] = "standards"

DATA = ["*.yaml", "*.yml", "*.json", "*.txt", "*.csv", "*.html", "*.js", "*.css",
        "*.po", "*.mo", "*.pot", "*.svg", "*.png", "*.ttl", "*.xml", "*.cfg"]

setup(
    name="govopen",
    version="0.1.0",
    description="Open government data platform on CKAN: one national standard, "
                "a classification and privacy gate, Frictionless validation, harvesters.",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    if os.path.exists(os.path.join(HERE, "README.md")) else "",
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.10",
    packages=packages,
    package_dir=package_dir,
    package_data={p: DATA + ["**/*"] for p in packages},
    include_package_data=True,
    zip_safe=False,
    install_requires=[
        # Versions are pinned in constraints.txt; these are the direct needs.
        "ckan==2.12.0",
        "ckanext-scheming",
        "ckanext-harvest",
        "ckanext-dcat",
        "frictionless[excel,json]>=5,<6",
        "ckanapi",
        "PyYAML",
        "requests",
        "SQLAlchemy>=2",
        # text of PDF and Word files for the personal-information scan
        "pypdf",
        "python-docx",
        # the web server of `make up` and of the compose image (issue 18)
        "gunicorn",
        # search by meaning (issue 16): the sentence model (ONNX) and its tokenizer
        "onnxruntime",
        "tokenizers",
        "numpy",
    ],
    extras_require={
        # What `make test` needs on top: CKAN's pytest plugin uses these.
        "test": [
            "pytest", "pytest-cov", "pytest-factoryboy", "pytest-freezegun",
            "factory-boy", "Faker", "freezegun", "responses", "beautifulsoup4",
            "pyshacl",
            # tests/browser drives Debian's chromium; the API docs test
            # validates the OpenAPI document.
            "playwright", "openapi-spec-validator",
        ],
    },
    entry_points={
        "ckan.plugins": [
            "govopen = ckanext.govopen.plugin:GovopenPlugin",
        ] + _source_type_plugins(),
        "ckan.rdf.profiles": [
            "govopen_dcat_ap_3 = ckanext.govopen.dcat.profile:GovopenDCATAP3Profile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
)
