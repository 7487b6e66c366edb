"""Searches that found nothing: what visitors type that the search does not understand.

The lists in ``config/search/`` learn from what people type (a synonym or
glossary line for a word no list held found its datasets: every blind set's
misses, ``bench/search/RESULTS.md``); a list's keeper cannot write them ahead.
So the search page keeps what found nothing: ``note`` (a search hook) counts a
query of the search page (``dataset.search``) that found no dataset, per ISO
week, in Redis (a sorted set per week, kept WEEKS_KEPT weeks, at most MAX_KEPT
queries a week), and ``ckan govopen search-missed`` lists the commonest. Beside
them it counts every such search of the week and those that found nothing
(``tally``): the share that found nothing is the figure a list's keeper
watches fall as lines are added.

Only what a visitor typed into the page's search box, with no filter chosen
(a filter that empties the page is not the words' fault), its first page (the
next is the same search), counted once per request: the page's first
``package_search`` is its own (its "did you mean" asks again after it), and not
a sysadmin's (the lists' keepers, trying a query again from the page). A query
with field syntax is a developer's and is not kept. Nothing personal is kept:
what the privacy scanner's detectors find (``scan.detectors``: ID and passport
numbers, mobile numbers, bank cards, e-mail addresses) becomes ``#`` (an e-mail
address ``@``), and so does any other run of 5+ digits (a landline or a
mistyped ID number, also typed in groups: 138 1234 5678, 138-1234-5678);
the text is cut to MAX_CHARS characters. Kept where only the server and a
sysadmin read it (Redis; the page ``/govopen/search-missed``, sysadmins only;
no API); a Redis failure is logged and the search goes on.
"""
from __future__ import annotations

import datetime
import logging
import re

import click
import flask
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.govopen import common
from ckanext.govopen.scan import detectors

log = logging.getLogger(__name__)

#: weeks a week's counts are kept
WEEKS_KEPT = 12
#: queries kept a week (the least asked go first): a crawler typing junk cannot grow Redis
MAX_KEPT = 5000
#: characters of a query kept
MAX_CHARS = 60
#: request arguments a plain search from the box may carry (anything else is a filter)
PLAIN_ARGS = frozenset({"q", "sort", "page"})

_DIGITS = re.compile(r"\d(?:[ \-]?\d){4,}")
_SYNTAX = re.compile(r'[:"*?\\{}\[\]]|\b(?:AND|OR|NOT|TO)\b')
_DONE = "govopen_search_missed_seen"         # a flask.g attribute: this request's first search


def _typed(q) -> str | None:
    """``q`` with its spaces folded; None for nothing typed or a query with syntax
    (what is counted at all: cheap, no detector runs for a search that found something)."""
    if not isinstance(q, str):
        return None
    text = " ".join(q.split())
    return text if text and not _SYNTAX.search(text) else None


def redacted(q) -> str | None:
    """What is kept of ``q``: personal values (the scanner's detectors) and digit
    runs masked, spaces folded, cut to MAX_CHARS; None for nothing to keep or a
    query with syntax."""
    text = _typed(q)
    if text is None:
        return None
    end = len(text)
    for found in sorted(detectors.find_entities(text), key=lambda m: m.start, reverse=True):
        if found.end <= end:          # the last of two overlapping values was masked already
            text = text[:found.start] + ("@" if found.entity == "email" else "#") + text[found.end:]
            end = found.start
    text = _DIGITS.sub("#", text)
    return text[:MAX_CHARS].strip().lower() or None


def _week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return "%d-W%02d" % (year, week)


def week_key(day: datetime.date) -> str:
    """The week's searches that found nothing: a sorted set, query -> times."""
    return common.redis_key("search_missed", _week(day))


def totals_key(day: datetime.date) -> str:
    """The week's counters: searches (every plain search of the box) and missed."""
    return common.redis_key("search_counts", _week(day))


def _weeks(weeks: int, today: datetime.date | None) -> list:
    """The last ``weeks`` weeks' days, this one first."""
    today = today or datetime.date.today()
    return [today - datetime.timedelta(weeks=n) for n in range(max(1, weeks))]


def _redis():
    return common.redis_client(connect_to_redis)


def record(q, today: datetime.date | None = None, found_nothing: bool = True) -> bool:
    """Count a search for ``q`` this week (``tally``) and, if it found nothing, ``q``
    (redacted) among what found nothing; False if nothing was counted (nothing
    typed, syntax, or Redis failed)."""
    if _typed(q) is None:
        return False
    text = redacted(q) if found_nothing else None
    today = today or datetime.date.today()
    key, totals = week_key(today), totals_key(today)
    try:
        pipe = _redis().pipeline()
        pipe.hincrby(totals, "searches", 1)
        if text is not None:
            pipe.hincrby(totals, "missed", 1)
            pipe.zincrby(key, 1, text)
            pipe.expire(key, WEEKS_KEPT * 7 * 86400)
            pipe.zremrangebyrank(key, 0, -MAX_KEPT - 1)     # all but the MAX_KEPT most asked
        pipe.expire(totals, WEEKS_KEPT * 7 * 86400)
        pipe.execute()
    except Exception as e:  # noqa: BLE001 - never fail a search for its count
        log.warning("search missed: not counted: %r", e)
        return False
    return True


def commonest(weeks: int = 4, top: int = 50, today: datetime.date | None = None) -> list:
    """[(query, times)] over the last ``weeks`` weeks (this one included), most asked first."""
    pipe = _redis().pipeline()
    for day in _weeks(weeks, today):
        pipe.zrange(week_key(day), 0, -1, withscores=True)
    totals: dict = {}
    for week in pipe.execute():
        for text, times in week:
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            totals[text] = totals.get(text, 0) + int(times)
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def tally(weeks: int = 4, today: datetime.date | None = None) -> tuple:
    """(searches, found nothing) over the last ``weeks`` weeks, this one included:
    the plain searches of the box ``note`` counts (not a sysadmin's, not a filter's)."""
    pipe = _redis().pipeline()
    for day in _weeks(weeks, today):
        pipe.hmget(totals_key(day), "searches", "missed")
    counted = pipe.execute()
    return sum(int(s or 0) for s, _ in counted), sum(int(m or 0) for _, m in counted)


def share(searches: int, missed: int) -> str:
    """The share that found nothing, as the page and the command print it (4.5%)."""
    return "%.1f%%" % (100.0 * missed / searches) if searches else "-"


def _sysadmin() -> bool:
    return bool(tk.current_user.is_authenticated and getattr(tk.current_user, "sysadmin", False))


def note(search_results, search_params) -> None:
    """Search hook: the search page's own search for what was typed, counted, and
    kept among what found nothing if it found nothing."""
    try:
        request = flask.request
        if not flask.has_request_context() or request.endpoint != "dataset.search" or getattr(flask.g, _DONE, False):
            return
        setattr(flask.g, _DONE, True)
        if set(request.args) - PLAIN_ARGS or request.args.get("page", "1") != "1":
            return                    # a filter chosen, or the next page of a search counted already
        if _sysadmin():
            return                    # the lists' keepers trying a query again (the page's links)
        record(request.args.get("q"), found_nothing=(search_results or {}).get("count") == 0)
    except Exception as e:  # noqa: BLE001 - a search is never answered with an error for this
        log.warning("search missed: %r", e)


@click.command("search-missed")
@click.option("--weeks", default=4, show_default=True, type=click.IntRange(1, WEEKS_KEPT),
              help="Weeks counted, this one included.")
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, MAX_KEPT),
              help="How many queries to list.")
def command(weeks, top):
    """The commonest searches that found nothing (for config/search's lists)."""
    try:
        rows = commonest(weeks, top)
        searches, nothing = tally(weeks)
    except Exception as e:  # noqa: BLE001 - Redis down: say so, in both languages
        raise click.ClickException("Redis cannot be read (%s) / 无法读取 Redis（%s）" % (e, e))
    click.echo("%d searches, %d found nothing (%s) / %d 次搜索，%d 次无结果（%s）"
               % (searches, nothing, share(searches, nothing), searches, nothing, share(searches, nothing)))
    if not rows:
        click.echo("every search of the last %d week(s) found something / 近 %d 周的每次搜索都有结果" % (weeks, weeks))
        return
    click.echo("times  query / 次数  搜索词")
    for text, times in rows:
        click.echo("%5d  %s" % (times, text))


blueprint = flask.Blueprint("govopen_search_missed", __name__)
#: the page's choice of weeks
PAGE_WEEKS = (1, 4, 12)
#: queries the page lists
PAGE_TOP = 100


@blueprint.route("/govopen/search-missed")
def page():
    """The commonest searches that found nothing, for a sysadmin (403 for anyone else)."""
    if not _sysadmin():
        return tk.abort(403, "只有系统管理员可以查看。 / Only sysadmins may see this page.")
    try:
        weeks = int(tk.request.args.get("weeks", 4))
    except ValueError:
        weeks = 0
    if weeks not in PAGE_WEEKS:
        return tk.abort(400, "weeks 只能是 1、4 或 12 / weeks must be 1, 4 or 12")
    try:
        rows, (searches, nothing), failed = commonest(weeks, PAGE_TOP), tally(weeks), False
    except Exception as e:  # noqa: BLE001 - Redis down: the page says so
        log.warning("search missed: not read: %r", e)
        rows, searches, nothing, failed = [], 0, 0, True
    return tk.render("govopen/search_missed.html", {"rows": rows, "weeks": weeks, "searches": searches,
                                                     "nothing": nothing, "share": share(searches, nothing),
                                                     "choices": [(n, _week_label(n)) for n in PAGE_WEEKS],
                                                     "failed": failed})


def _week_label(n: int) -> str:
    return tk._("This week") if n == 1 else tk._("Last {n} weeks").format(n=n)


def get_blueprint():
    return blueprint
