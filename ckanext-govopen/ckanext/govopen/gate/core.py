"""Combine the publication checks; decide nothing on their behalf."""
from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ckanext.govopen.messages import N_, both, render, translate  # noqa: F401 (N_: the checks' LABELs)

from . import messages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Blocker:
    """One reason a dataset may not be public, in words for a data officer.

    ``gate`` names the check (``classification``, ``privacy``,
    ``validation`` ...) so reports can count what each gate held back;
    ``code`` is stable for programs; ``message`` is a message value of
    ``ckanext.govopen.messages`` (a code and its parameters, put into words
    when read; the old ``{"zh", "en"}`` form still reads).
    """
    gate: str
    code: str
    message: dict
    resource_id: Optional[str] = None
    details: dict = field(default_factory=dict, compare=False, hash=False)

    def text(self, lang: str = "zh") -> str:
        return render(self.message, lang) or self.code

    def as_dict(self, lang: str = "zh") -> dict:
        return {"gate": self.gate, "code": self.code, "message": self.text(lang),
                "messages": both(self.message), "resource_id": self.resource_id,
                "details": dict(self.details)}

    def stored(self) -> dict:
        """What a report keeps of it (JSON): gate, code and the message as code and parameters."""
        return {"gate": self.gate, "code": self.code, "message": self.message}


Check = Callable[[dict], Iterable[Blocker]]
_checks: Optional[list] = None
_labels: dict = {}


def all_checks() -> list:
    """``[(name, check), ...]`` from every module in ``gate/checks/``, by module name."""
    global _checks
    if _checks is None:
        # By full name: the package ``gate.checks``.
        package = importlib.import_module(__name__.rsplit(".", 1)[0] + ".checks")
        found = []
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            if callable(getattr(module, "check", None)):
                name = getattr(module, "NAME", info.name)
                found.append((name, module.check))
                _labels[name] = getattr(module, "LABEL", name)
        _checks = found
    return list(_checks)


def label(name: str) -> str:
    """A check's name in words, in the reader's language (its module's ``LABEL``):
    the dashboard's charts, the harvest job report. A new check brings its own."""
    all_checks()
    msgid = _labels.get(name)
    return translate(msgid) if msgid else name


#: The spellings of a clear boolean (compared case-insensitively, nothing around them).
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "on", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "off", "0"})


def as_boolean(value) -> Optional[bool]:
    """``True``/``False`` for a clear boolean (a bool, 0 or 1, one of the words
    above), else ``None``: ``" true"``, ``"null"``, ``{"x": 1}``, ``[]``, ``2``
    are not booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None


def wants_public(dataset: dict) -> bool:
    """True when this write may leave the dataset visible to the public.

    Fails closed: only a clearly true ``private`` (or a state other than
    active) counts as not public; a missing one is CKAN's default (public), and
    anything unclear is treated as public, so the checks run (the schema's
    ``govopen_input_guard`` refuses such a value anyway).
    """
    state = dataset.get("state") or "active"
    return state == "active" and as_boolean(dataset.get("private")) is not True


def blockers(dataset: dict, only: Optional[Iterable[str]] = None) -> list:
    """Every reason that blocks publication of ``dataset``; empty: it may be public.

    A check that raises blocks publication too (fail closed), with a message
    saying so, rather than letting the dataset through unchecked.
    """
    wanted = set(only) if only else None
    found: list = []
    for name, check in all_checks():
        if wanted is not None and name not in wanted:
            continue
        try:
            found.extend(check(dataset) or [])
        except Exception:  # noqa: BLE001 - fail closed, and say where
            log.exception("publication check %s failed on %s", name, dataset.get("name"))
            found.append(Blocker(name, "check_failed", messages.CHECK_FAILED(name=name)))
    return found
