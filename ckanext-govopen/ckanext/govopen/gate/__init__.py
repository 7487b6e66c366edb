"""THE publication gate: ``blockers(dataset) -> [Blocker, ...]``.

Every path that can make a dataset public, or put data into a public dataset,
ends in CKAN's ``package_create`` or ``package_update`` (patch, revise, bulk
make-public, resource create/update/delete, harvest import and the CLI all go
through them). The standard's schema runs ``govopen_publication_gate``
(``logic/publication.py``) after every field validator on those writes, so a refusal is a
``ValidationError`` on ``private`` and nothing is written.

The gate only combines: each check is one module in ``gate/checks/`` with a
``NAME`` and ``check(dataset) -> iterable of Blocker``; a new check is a new
module, found automatically.
"""
# The list of checks is ``core.all_checks()``: not ``checks``, which is the
# package of check modules (``gate.checks``).
from .core import Blocker, blockers, wants_public  # noqa: F401
