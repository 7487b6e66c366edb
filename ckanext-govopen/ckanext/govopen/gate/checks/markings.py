"""Security markings: 涉密, 机密, 内部资料, CONFIDENTIAL ... in the title, the abstract,
resource names or file names hold publication until a reviewer approves.

A marking is only a hint (``scan.markings`` favours recall), so it holds the
dataset for a person to look at rather than rejecting it. A reviewer's
approval (``govopen_review_approve`` kind ``markings``) covers exactly the
markings found when they approved; a new one holds the dataset again.
"""
from __future__ import annotations

import ckan.model as model

from ckanext.govopen.classification import model as cmodel
from ckanext.govopen.classification import policy
from ckanext.govopen.gate import Blocker, messages
from ckanext.govopen.gate.core import N_

NAME = "markings"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Security markings")


def approval_subject(found: list) -> dict:
    """What a reviewer approves: the set of (field, term) markings, order-free."""
    return {"markings": sorted({f"{m['field']}:{m['term']}" for m in found})}


def check(dataset: dict):
    found = policy.markings_to_review(dataset)
    if not found:
        return
    if dataset.get("id"):
        if cmodel.find_approval(model.Session, dataset["id"], "markings", approval_subject(found)):
            return
    where = "；".join(f"{m['field']}：“{m['term']}”" for m in found)
    where_en = "; ".join(f"{m['field']}: '{m['term']}'" for m in found)
    yield Blocker(NAME, "security_marking", messages.SECURITY_MARKING(where={"zh": where, "en": where_en}),
                  details={"markings": found})
