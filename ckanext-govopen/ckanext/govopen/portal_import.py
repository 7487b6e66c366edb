"""Import a Chinese portal listing into the catalog through the Action API.

``ckan govopen standard import-portal PORTAL FILE`` reads one of the listings
in ``realdata/china/portal-catalogs/`` through its crosswalk
(``standards/crosswalks/portals/<portal>.yaml``) and calls package_create for
each record, so every validator and the publication gate apply exactly as
for any other write. Datasets are created **private** (conservative: a
reviewer publishes them), and named after their resource code, so a second
run finds what the first created and leaves it alone.

Departments. The organization schema requires the department's real unified
social credit code (``provider_code``, GB 32100), and no listing carries one,
so the importer never creates departments (it would have to invent codes):

- with ``--org NAME`` every record goes to that existing department (the
  portal's operator, the usual owner of a harvest source);
- otherwise the provider named in the record (数据提供方 / 来源部门 ...) must
  match an existing department's title or name exactly; records of
  unregistered providers are rejected with a message saying so, so the data
  management office registers those departments (with their codes) and runs
  the import again.

Rejection reasons are the field-level messages: the crosswalk's (a source
word with no equivalent, a repeated record) and CKAN's ValidationError
messages, in the site language, counted over the run.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field

import click

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.logic.validators import resource_code_taken
from ckanext.govopen.standard import crosswalk, rules
from ckanext.govopen.standard.messages import Message


@dataclass
class ImportReport:
    portal: str
    read: int = 0
    imported: int = 0
    rejected: int = 0
    existing: int = 0
    dry_run: bool = False
    reasons: collections.Counter = field(default_factory=collections.Counter)
    created: list = field(default_factory=list)

    def top(self, n=5):
        return self.reasons.most_common(n)

    def as_dict(self):
        return {"portal": self.portal, "read": self.read, "imported": self.imported,
                "rejected": self.rejected, "existing": self.existing, "dry_run": self.dry_run,
                "top_reasons": self.top()}


# --- reasons ---------------------------------------------------------------------

#: A quoted value that is record-specific (a code, a date, an address), not a vocabulary word.
_QUOTED = re.compile(r"“[^”]*[0-9@/][^”]*”")
_DATE_IN_PARENS = re.compile(r"[（(]\d{4}-\d{2}-\d{2}[）)]")


def reason_key(field_name: str, text: str) -> str:
    """``field: message`` with record-specific values blanked, so equal causes count together."""
    text = _DATE_IN_PARENS.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[-1], text)
    return "%s: %s" % (field_name, _QUOTED.sub("“…”", text))


def _mapping_reasons(problems, lang):
    out = []
    for field_name, m in problems:
        if m.id == "unmapped_value":          # the unknown word is the point: keep it
            out.append("%s: %s" % (field_name, m.render(lang)))
        elif m.id == "duplicate_record":      # which record it repeats is not
            out.append("%s: %s" % (field_name, Message(m.id, field=field_name, first="…", value="…").render(lang)))
        else:
            out.append(reason_key(field_name, m.render(lang)))
    return out


def _error_reasons(error_dict):
    out = []
    for field_name, messages in (error_dict or {}).items():
        if field_name.startswith("__"):
            continue
        for text in messages if isinstance(messages, list) else [messages]:
            out.append(reason_key(field_name, text if isinstance(text, str) else str(text)))
    return out


# --- departments -------------------------------------------------------------------

def departments():
    """``{title or name: organization id}`` of every active department."""
    from ckan import model as ckan_model
    found = {}
    for org in ckan_model.Session.query(ckan_model.Group).filter_by(is_organization=True, state="active"):
        for key in (org.name, (org.title or "").strip()):
            if key:
                found.setdefault(key, org.id)
    return found


def _org_id(context, name):
    try:
        return tk.get_action("organization_show")(dict(context), {"id": name, "include_datasets": False})["id"]
    except tk.ObjectNotFound:
        raise click.BadParameter("no department (organization) named %r: create it first, with its "
                                 "provider_code / 没有名为 %r 的部门，请先创建（含统一社会信用代码）" % (name, name),
                                 param_hint="--org")


# --- one record ----------------------------------------------------------------------

def dataset_name(resource_code: str) -> str:
    """The URL name of an imported dataset: its resource code, lower-cased."""
    return re.sub(r"[^a-z0-9_-]", "-", resource_code.lower())


def package_dict(mapped, owner_org):
    ds = dict(mapped.record)
    ds["owner_org"] = owner_org
    ds["name"] = dataset_name(ds["resource_code"])
    ds["private"] = True
    ds["tags"] = [{"name": t} for t in ds.get("tags") or []]
    return ds


def _exists(context, name):
    try:
        tk.get_action("package_show")(dict(context), {"id": name})
        return True
    except tk.ObjectNotFound:
        return False


def _import_one(mapped, org_id, context, report, lang, dry_run):
    if not mapped.ok:
        report.rejected += 1
        report.reasons.update(set(_mapping_reasons(mapped.problems, lang)))
        return
    ds = package_dict(mapped, org_id)
    if _exists(context, ds["name"]):
        report.existing += 1
        return
    if dry_run:
        problems = rules.flatten(rules.validate_dataset(ds, exists=resource_code_taken))
        if problems:
            report.rejected += 1
            report.reasons.update(set(_mapping_reasons(problems, lang)))
        else:
            report.imported += 1
        return
    try:
        created = tk.get_action("package_create")(dict(context), ds)
    except tk.ValidationError as e:
        report.rejected += 1
        report.reasons.update(set(_error_reasons(e.error_dict)))
        return
    report.imported += 1
    report.created.append(created["id"])


# --- a whole listing -------------------------------------------------------------------

def import_portal(portal, path, org=None, dry_run=False, limit=None, progress=None, context=None):
    """Import listing ``path`` through crosswalk ``portal``; returns an ``ImportReport``.

    ``progress(iterable, length)`` wraps the record loop (the CLI passes a
    click progress bar).
    """
    cfg = crosswalk.portal(portal)
    raws = crosswalk.read_listing(path)
    if limit is not None:
        raws = raws[:limit]
    if context is None:
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site_user["name"], "ignore_auth": True}
    lang = current_lang()
    fixed_org = _org_id(context, org) if org else None
    known = None if fixed_org else departments()
    report = ImportReport(portal=portal, read=len(raws), dry_run=dry_run)
    mapped = crosswalk.map_listing(cfg, raws)
    loop = progress(mapped, len(mapped)) if progress else _plain(mapped)
    with loop as records, _bulk_indexing():
        for m in records:
            org_id = fixed_org
            if org_id is None:
                provider = str(m.record.get("owner_org") or "").strip()
                org_id = known.get(provider)
                if org_id is None and m.ok:
                    m.problems = list(m.problems) + [("owner_org", Message(
                        "department_not_registered", field="owner_org", value=provider or "-"))]
            _import_one(m, org_id, context, report, lang, dry_run)
    return report


class _bulk_indexing:
    """No Solr commit per dataset during an import: the configset soft-commits
    every second (solrconfig.xml ``autoSoftCommit``), and one explicit commit
    at the end makes the whole import searchable at once."""

    def __enter__(self):
        self.before = tk.config.get("ckan.search.solr_commit")
        tk.config["ckan.search.solr_commit"] = False
        return self

    def __exit__(self, *exc):
        tk.config["ckan.search.solr_commit"] = self.before
        from ckan.lib import search
        search.commit()
        return False


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


# --- the command line ---------------------------------------------------------------------

@click.group("standard")
def standard():
    """The national metadata standard: portal imports."""


@standard.command("import-portal")
@click.argument("portal", type=click.Choice(crosswalk.portal_names()))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--org", help="Put every record in this existing department (name or id).")
@click.option("--dry-run", is_flag=True, help="Map and check only; create nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records.")
def import_portal_command(portal, file, org, dry_run, limit):
    """Import the portal listing FILE through the PORTAL crosswalk (datasets are created private)."""
    def bar(items, length):
        return click.progressbar(items, length=length, label=portal + (" (dry run)" if dry_run else ""),
                                 show_pos=True)

    report = import_portal(portal, file, org=org, dry_run=dry_run, limit=limit, progress=bar)
    verb = "would import" if dry_run else "imported"
    click.secho("%s: read %d, %s %d, rejected %d, already present %d"
                % (portal, report.read, verb, report.imported, report.rejected, report.existing),
                fg="green" if report.imported else "yellow")
    if report.reasons:
        click.echo("top rejection reasons (records):")
        for reason, count in report.top(5):
            click.echo("  %6d  %s" % (count, reason if len(reason) <= 160 else reason[:159] + "…"))
