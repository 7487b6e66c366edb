"""Validation reads resources through the shared ``ckanext.govopen.content``."""
from ckanext.govopen.content import ContentError, local_copy, sha256_of  # noqa: F401
