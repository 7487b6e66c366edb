"""An item's image from a link: fetched once, by a job, through the one
outbound guard (``content.guard``: http(s) only, internal addresses refused,
every redirect checked, size and time caps), its type read from the bytes,
and kept in the item's row. Pages show only the site's own copy
(``/showcase/<id>/image``), never the link: nothing is hotlinked."""
from __future__ import annotations

import json
import logging

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from govopen_harvesters import outbound

from ckanext.govopen import content, events
from . import messages, rules
from . import model as m

log = logging.getLogger(__name__)

READ_TIMEOUT = 10.0


def requested(showcase_id: str) -> None:
    """Fetch the image now (CLI, tests with inline jobs) or on the job queue
    (always from a web request: the web process never fetches)."""
    if events.inline():
        fetch_image(showcase_id)
    else:
        tk.enqueue_job(fetch_image, [showcase_id], title=f"showcase image {showcase_id}",
                       rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout"))})


def _fetch(url: str) -> bytes:
    limit = rules.image_limit()
    guard = content.guard(max_bytes=limit, read_timeout=READ_TIMEOUT)
    with guard.open(url) as resp:
        if resp.status != 200:
            raise ValueError("HTTP %s" % resp.status)
        return resp.read()


def fetch_image(showcase_id: str) -> str:
    """Fetch a pending image link; returns the image state it left."""
    row = model.Session.execute(sa.select(m.showcase.c.image_source, m.showcase.c.image_state).where(
        m.showcase.c.id == showcase_id)).first()
    if row is None or row.image_state != m.IMAGE_PENDING or not row.image_source:
        return row.image_state if row else m.NO_IMAGE
    try:
        data = _fetch(row.image_source)
        problem = rules.image_problem(data)
    except outbound.OutboundError as e:
        data, problem = None, messages.message("image_fetch_failed", detail=e.message)
    except Exception as e:  # noqa: BLE001 - any failure leaves the item without an image
        log.info("showcase %s: image not fetched: %s", showcase_id, e)
        data, problem = None, messages.message("image_fetch_failed", detail=str(e)[:200])
    if problem is None:
        values = {"image": data, "image_type": rules.image_type(data), "image_state": m.IMAGE_READY,
                  "image_error": None}
    else:
        values = {"image_state": m.IMAGE_FAILED, "image_error": json.dumps(problem, ensure_ascii=False)}
    model.Session.execute(m.showcase.update().where(m.showcase.c.id == showcase_id).values(**values))
    model.Session.commit()
    return values["image_state"]


def failure(row: dict):
    """Why the image link failed (a message value; for its submitter), or None."""
    try:
        return json.loads(row.get("image_error") or "null")
    except ValueError:
        return None
