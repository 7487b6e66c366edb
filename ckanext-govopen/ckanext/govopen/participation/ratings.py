"""Ratings of public datasets: 1 to 5, one per rater per dataset (rating
again changes the score), the average shown on the dataset page."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import common
from . import model as m


def _summary(package_id, rater_key=None) -> dict:
    row = model.Session.execute(
        sa.select(sa.func.count(), sa.func.avg(m.rating.c.score)).where(
            m.rating.c.package_id == package_id)).first()
    count, average = int(row[0] or 0), row[1]
    mine = None
    if rater_key:
        mine = model.Session.execute(
            sa.select(m.rating.c.score).where(m.rating.c.package_id == package_id,
                                              m.rating.c.rater_key == rater_key)).scalar()
    return {"package_id": package_id, "count": count,
            "average": round(float(average), 2) if count else None, "mine": mine}


def rating_create(context, data_dict):
    """Rate a public dataset (anonymous visitors too); rating again replaces the score.

    :param package_id: the dataset's id or name
    :param score: 1 to 5
    :returns: ``{package_id, count, average, mine}``
    """
    tk.check_access("govopen_rating_create", context, data_dict)
    dataset = common.public_dataset(context, tk.get_or_bust(data_dict, "package_id"))
    raw = data_dict.get("score")
    try:
        score = int(str(raw).strip())
    except (TypeError, ValueError):
        score = None
    if score is None or not 1 <= score <= 5:
        common.invalid("score", "score", value=raw)
    key = common.source_key(context)
    when = m.now()
    existing = model.Session.execute(
        sa.select(m.rating.c.id).where(m.rating.c.package_id == dataset["id"],
                                       m.rating.c.rater_key == key)).scalar()
    if existing is None:
        model.Session.execute(m.rating.insert().values(
            package_id=dataset["id"], rater_key=key, score=score, created=when, updated=when))
    else:
        model.Session.execute(m.rating.update().where(m.rating.c.id == existing).values(
            score=score, updated=when))
    model.Session.commit()
    return _summary(dataset["id"], key)


@tk.side_effect_free
def rating_show(context, data_dict):
    """The average rating of a dataset the caller may see.

    :param package_id: the dataset's id or name
    :returns: ``{package_id, count, average (None without ratings), mine (the caller's score or None)}``
    """
    tk.check_access("govopen_rating_show", context, data_dict)
    pkg = model.Package.get(tk.get_or_bust(data_dict, "package_id"))
    return _summary(pkg.id, common.source_key(context))


@tk.auth_allow_anonymous_access
def rating_create_auth(context, data_dict):
    """Anyone who may see the dataset (the action refuses private ones)."""
    return common.may_see_dataset(context, data_dict)


@tk.auth_allow_anonymous_access
def rating_show_auth(context, data_dict):
    """Whoever may see the dataset may see its rating."""
    return common.may_see_dataset(context, data_dict)

