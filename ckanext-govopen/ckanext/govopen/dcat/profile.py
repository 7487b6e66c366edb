"""The ckanext-dcat RDF profile ``govopen_dcat_ap_3``: the national standard as DCAT-AP 3.

It builds on ckanext-dcat's ``EuropeanDCATAP3Profile``: a dataset in the
standard is first turned into the dict that profile understands (EU URIs from
the crosswalk ``standards/crosswalks/dcat_ap_3.yaml``, zh/en literals,
contact, publisher, temporal coverage, distributions), the upstream profile
writes the graph, and this profile then adds what DCAT-AP 3 needs on top
(concept descriptions of the controlled values, the GB/T 2260 location, the
national theme, licence documents, rights statements) and removes what it
must not say.

Publication rule: a dataset whose ``open_type`` is not ``unconditional`` has no
``dcat:downloadURL`` and no ``dcat:accessURL`` to its files; each
distribution's access URL is the dataset's page on this site.

Parsing (``parse_dataset``) reverses the mapping, so a dataset exported and
read back by ckanext-dcat keeps its standard fields.
"""
import logging
import re
import time

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

import ckantoolkit as toolkit

from ckanext.dcat.profiles import (
    DCAT, DCT, FOAF, VCARD, CleanedURIRef, EuropeanDCATAP3Profile)
from ckanext.dcat.profiles.base import namespaces
from ckanext.dcat.utils import catalog_uri, publisher_uri_organization_fallback, resource_uri

from ckanext.govopen.standard import loader

from . import mapping as m

log = logging.getLogger(__name__)

UNKNOWN_IPR = URIRef("http://purl.org/adms/licencetype/UnknownIPR")

#: Path under the catalog URI where the standard's own concepts live.
STANDARD_PATH = "standard"

#: Config options (optional): who publishes the catalog (DCAT-AP requires one).
CATALOG_PUBLISHER = "govopen.dcat.catalog_publisher"
CATALOG_PUBLISHER_EN = "govopen.dcat.catalog_publisher_en"

_ORG_TTL = 60.0
_org_cache = {}


def standard_base():
    """Base URI of the standard's concepts on this site (``<catalog>/standard``)."""
    return "%s/%s" % (catalog_uri().rstrip("/"), STANDARD_PATH)


def concept_uri(vocabulary, code=None):
    """URI of a standard vocabulary (scheme) or of one of its codes."""
    uri = "%s/%s" % (standard_base(), vocabulary)
    return uri if code is None else "%s/%s" % (uri, code)


def _site_url():
    return (toolkit.config.get("ckan.site_url") or catalog_uri()).rstrip("/")


def dataset_page(d):
    """The dataset's page on this site (where conditional access is requested)."""
    return "%s/dataset/%s" % (_site_url(), d.get("name") or d.get("id"))


def _organization(d):
    """The dataset's organization with its scheming fields (provider_code ...)."""
    org = dict(d.get("organization") or {})
    if not org or "provider_code" in org:
        return org
    key = org.get("id") or org.get("name")
    hit = _org_cache.get(key)
    if hit and time.monotonic() - hit[0] < _ORG_TTL:
        return dict(org, **hit[1])
    try:
        full = toolkit.get_action("organization_show")(
            {"ignore_auth": True},
            {"id": key, "include_datasets": False, "include_users": False,
             "include_groups": False, "include_tags": False, "include_followers": False})
    except Exception:  # no CKAN (unit tests) or no such organization
        log.debug("organization_show failed for %s", key, exc_info=True)
        return org
    extra = {k: full.get(k) for k in ("provider_code", "title_en", "contact_email", "title")
             if full.get(k)}
    _org_cache[key] = (time.monotonic(), extra)
    return dict(org, **extra)


def _translated(pairs):
    """``{lang: text}`` from ``[(lang, value)]``, skipping empty values."""
    out = {}
    for lang, value in pairs:
        value = m.text(value)
        if value and lang not in out:
            out[lang] = value
    return out


class GovopenDCATAP3Profile(EuropeanDCATAP3Profile):
    """DCAT-AP 3.0 for datasets described in the govopen national standard."""

    # --- CKAN -> RDF ------------------------------------------------------------

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        d = dataset_dict
        view = self._dcat_view(d)
        super().graph_from_dataset(view, dataset_ref)
        self._graph_govopen(d, view, dataset_ref)

    def _dcat_view(self, d):
        """The dataset as the dict ckanext-dcat's DCAT-AP 3 profile reads."""
        org = _organization(d)
        view = {
            "id": d.get("id"),
            "name": d.get("name"),
            "type": d.get("type"),
            "title_translated": _translated([(m.ap_lang("title"), d.get("title")),
                                             (m.ap_lang("title_en"), d.get("title_en"))]),
            "notes_translated": _translated([(m.ap_lang("notes"), d.get("notes")),
                                             (m.ap_lang("notes_en"), d.get("notes_en"))]),
            "identifier": m.text(d.get("resource_code")) or None,
            # The source page (crosswalk), else the dataset's page here.
            "url": self._landing_page(d),
            "version": m.text(d.get("version")) or None,
            # The standard's dates only: the record's own timestamps
            # (metadata_created/modified) are not the data's.
            "issued": m.iso_date(d.get("issued")) or None,
            "modified": m.iso_date(d.get("modified")) or None,
            "frequency": m.ap_uri("frequency", d.get("update_frequency")),
            "access_rights": m.ap_uri("access_rights", m.open_type(d)),
            "language": [u for c in m.languages(d) for u in m.ap_uris("language", c)],
            "theme": self._theme_uris(d),
            "tags_translated": {m.ap_lang("tags"): m.tag_names(d)} if m.tag_names(d) else {},
        }
        if not view["title_translated"]:
            view["title_translated"] = {m.ap_lang("title"): m.text(d.get("name"))}
        if not view["notes_translated"]:
            # dct:description is mandatory: the title says at least what it is.
            view["notes_translated"] = dict(view["title_translated"])

        contact = {"name": m.text(d.get("contact_name")) or m.text(org.get("title")),
                   "email": m.email(d.get("contact_email")) or m.email(org.get("contact_email"))}
        if contact["name"] or contact["email"]:
            view["contact"] = [{k: v for k, v in contact.items() if v}]

        if org:
            publisher = {
                "name_translated": _translated([("zh", org.get("title") or org.get("name")),
                                                ("en", org.get("title_en"))]),
                "identifier": m.text(org.get("provider_code")) or None,
            }
            if org.get("id"):
                publisher["uri"] = publisher_uri_organization_fallback({"organization": org})
            view["publisher"] = [{k: v for k, v in publisher.items() if v}]

        start, end = m.iso_date(d.get("temporal_start")), m.iso_date(d.get("temporal_end"))
        if start or end:
            view["temporal_coverage"] = [{k: v for k, v in (("start", start), ("end", end)) if v}]

        view["resources"] = [self._resource_view(r, d, n) for n, r in enumerate(m.resources(d))]
        return {k: v for k, v in view.items() if v not in (None, "", [], {})}

    def _landing_page(self, d):
        url = m.text(d.get("url"))
        files = {m.text(r.get("url")) for r in m.resources(d)}
        if url and (m.is_open(d) or url not in files):
            return url
        return dataset_page(d) if d.get("name") or d.get("id") else None

    def _theme_uris(self, d):
        uris = []
        for code in m.themes(d):
            for uri in m.ap_uris("theme", code) + [concept_uri("theme", code)]:
                if uri not in uris:
                    uris.append(uri)
        return uris

    def _resource_view(self, r, d, n):
        rv = {
            "id": r.get("id"),
            "package_id": r.get("package_id") or d.get("id"),
            "name_translated": _translated([(m.ap_lang("name", "distribution"), r.get("name")),
                                            (m.ap_lang("name_en", "distribution"), r.get("name_en"))]),
            "description_translated": _translated(
                [(m.ap_lang("description", "distribution"), r.get("description"))]),
            "created": r.get("created"),
            "metadata_modified": r.get("metadata_modified") or r.get("last_modified"),
            "size": r.get("size"),
        }
        if r.get("uri"):
            rv["uri"] = r["uri"]
        elif r.get("id"):
            rv["uri"] = resource_uri(rv)
        else:
            rv["uri"] = "%s/dataset/%s/resource/%d" % (
                catalog_uri().rstrip("/"), d.get("id") or d.get("name"), n)

        entry = m.format_entry(r.get("format")) or m.format_entry(r.get("mimetype"))
        if entry:
            rv["format"] = m.ap_uri("file_type", entry["code"])
        media_type = m.media_type(r)
        if media_type:
            prefix = m.ap_field("mimetype", "distribution").get("uri_prefix") or ""
            rv["mimetype"] = prefix + media_type

        url = m.text(r.get("url"))
        if m.is_open(d):
            if url:
                rv["access_url"] = url
                if m.is_file(r):
                    rv["download_url"] = url
        else:
            rv["access_url"] = dataset_page(d)

        rights = self._rights_text(d)
        if rights:
            rv["rights"] = {"zh": rights}
        return {k: v for k, v in rv.items() if v not in (None, "", [], {})}

    def _rights_text(self, d):
        """Open condition and legal basis as one rights statement (crosswalk)."""
        lines = []
        for field in ("open_condition", "legal_basis"):
            value = m.text(d.get(field))
            if value:
                lines.append("%s：%s" % (loader.field_label(field, "zh"), value))
        return "\n".join(lines)

    def _graph_govopen(self, d, view, dataset_ref):
        g = self.g
        g.bind("skos", SKOS)

        # Controlled values: the concept descriptions DCAT-AP 3 checks
        # (class, scheme, label), so the graph validates on its own.
        for uri in view.get("theme", []):
            if uri.startswith(standard_base()):
                self._standard_concept("theme", uri.rsplit("/", 1)[-1])
            else:
                self._eu_concept("theme", uri)
        if view.get("frequency"):
            self._eu_concept("frequency", view["frequency"], DCT.Frequency)
        if view.get("access_rights"):
            self._eu_concept("access_rights", view["access_rights"], DCT.RightsStatement)
        for uri in view.get("language", []):
            self._eu_concept("language", uri, DCT.LinguisticSystem)

        # Contact point: a vcard:Kind (DCAT-AP) that is an organization (crosswalk).
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Organization))
        for agent in g.objects(dataset_ref, DCT.publisher):
            g.add((agent, RDF.type, FOAF.Organization))

        self._spatial_location(d, dataset_ref)

        # Distributions: licence document, formats as concepts, no file URLs
        # for datasets that are not unconditionally open.
        license_ref = self._license_document(d)
        file_urls = {m.text(r.get("url")) for r in m.resources(d)} - {""}
        for rv in view.get("resources", []):
            dist = CleanedURIRef(rv["uri"])  # as the upstream profile names it
            if license_ref is not None:
                g.add((dist, DCT.license, license_ref))
            if rv.get("format"):
                self._eu_concept("file_type", rv["format"], DCT.MediaTypeOrExtent)
            if not m.is_open(d):
                for url in list(g.objects(dist, DCAT.downloadURL)):
                    g.remove((dist, DCAT.downloadURL, url))
        if not m.is_open(d):
            self._forget_files(dataset_ref, file_urls)

        # ckanext-dcat types every licence as "unknown IPR" (its own TODO);
        # DCAT-AP wants dct:type from the ADMS licence-type table, which the
        # standard does not map yet, so say nothing rather than something wrong.
        for lic in list(g.subjects(DCT.type, UNKNOWN_IPR)):
            g.remove((lic, DCT.type, UNKNOWN_IPR))

    def _forget_files(self, dataset_ref, file_urls):
        """No statement of this dataset or its distributions may point at a file."""
        g = self.g
        subjects = [dataset_ref] + list(g.objects(dataset_ref, DCAT.distribution))
        for url in file_urls:
            node = URIRef(url)
            for subject in subjects:
                g.remove((subject, None, node))
            if not any(True for _ in g.subject_predicates(node)):
                g.remove((node, None, None))

    def _eu_concept(self, map_name, uri, *types):
        ref = URIRef(uri)
        g = self.g
        g.add((ref, RDF.type, SKOS.Concept))
        for t in types:
            g.add((ref, RDF.type, t))
        scheme = m.ap_scheme(map_name)
        if scheme:
            g.add((ref, SKOS.inScheme, URIRef(scheme)))
        g.add((ref, SKOS.notation, Literal(m.ap_notation(map_name, uri))))
        for lang, value in m.eu_concept_labels(map_name, uri).items():
            g.add((ref, SKOS.prefLabel, Literal(value, lang=lang)))
        return ref

    def _standard_concept(self, vocabulary, code, *types):
        """A concept of one of the standard's own vocabularies (national theme ...)."""
        ref = URIRef(concept_uri(vocabulary, code))
        scheme = URIRef(concept_uri(vocabulary))
        g = self.g
        g.add((ref, RDF.type, SKOS.Concept))
        for t in types:
            g.add((ref, RDF.type, t))
        g.add((ref, SKOS.inScheme, scheme))
        g.add((ref, SKOS.notation, Literal(code)))
        for lang, value in (m.labels(vocabulary, code) or {"zh": code}).items():
            g.add((ref, SKOS.prefLabel, Literal(value, lang=lang)))
        self._standard_scheme(vocabulary)
        return ref

    def _standard_scheme(self, vocabulary):
        scheme = URIRef(concept_uri(vocabulary))
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        for lang in ("zh", "en"):
            self.g.add((scheme, DCT.title, Literal(loader.vocabulary_label(vocabulary, lang), lang=lang)))
        return scheme

    def _spatial_location(self, d, dataset_ref):
        code = m.text(d.get("spatial_code"))
        if not code:
            return
        g = self.g
        ref = URIRef(concept_uri("gb2260", code))
        g.add((dataset_ref, DCT.spatial, ref))
        g.add((ref, RDF.type, DCT.Location))
        g.add((ref, DCT.identifier, Literal(m.spatial_identifier(code))))
        entry = m.region(code) or {}
        for lang in ("zh", "en"):
            if entry.get(lang):
                g.add((ref, SKOS.prefLabel, Literal(entry[lang], lang=lang)))

    def _license_document(self, d):
        """The dataset's licence as a dct:LicenseDocument node (or None)."""
        g = self.g
        url = m.license_url(d)
        code = m.license_id(d)
        if url:
            ref = URIRef(url)
        elif loader.is_member("licenses", code):
            # A licence without a public URL (e.g. the platform's own): described here.
            ref = URIRef(concept_uri("licenses", code))
            g.add((ref, DCT.identifier, Literal(code)))
        else:
            return None
        g.add((ref, RDF.type, DCT.LicenseDocument))
        for lang, value in m.labels("licenses", code).items():
            g.add((ref, DCT.title, Literal(value, lang=lang)))
        return ref

    # --- catalog ----------------------------------------------------------------

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g = self.g
        catalog_dict = catalog_dict or {}
        config = toolkit.config
        for prefix, namespace in namespaces.items():
            g.bind(prefix, namespace)
        g.bind("skos", SKOS)

        g.add((catalog_ref, RDF.type, DCAT.Catalog))
        title = catalog_dict.get("title") or config.get("ckan.site_title") or "govopen"
        description = (catalog_dict.get("description") or config.get("ckan.site_description")
                       or title)
        g.add((catalog_ref, DCT.title, Literal(title)))
        g.add((catalog_ref, DCT.description, Literal(description)))

        homepage = catalog_dict.get("homepage") or config.get("ckan.site_url")
        if homepage:
            g.add((catalog_ref, FOAF.homepage, URIRef(homepage)))
            g.add((URIRef(homepage), RDF.type, FOAF.Document))

        # Languages of the catalog's metadata: the locales the site offers.
        locales = catalog_dict.get("language") or (
            (config.get("ckan.locales_offered") or config.get("ckan.locale_default") or "zh"))
        if isinstance(locales, str):
            locales = locales.split()
        seen = []
        for locale in locales:
            code = str(locale).split("_")[0].lower()
            for uri in m.ap_uris("language", code):
                if uri not in seen:
                    seen.append(uri)
                    g.add((catalog_ref, DCT.language, URIRef(uri)))
                    self._eu_concept("language", uri, DCT.LinguisticSystem)

        # Publisher (mandatory): the office that runs the catalog.
        publisher = URIRef(str(catalog_ref).rstrip("/") + "#publisher")
        g.add((catalog_ref, DCT.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, RDF.type, FOAF.Organization))
        g.add((publisher, FOAF.name, Literal(
            catalog_dict.get("publisher") or config.get(CATALOG_PUBLISHER) or title)))
        if config.get(CATALOG_PUBLISHER_EN):
            g.add((publisher, FOAF.name, Literal(config.get(CATALOG_PUBLISHER_EN), lang="en")))

        # Theme taxonomies: the EU data themes and the national theme classes.
        eu_scheme = URIRef(m.ap_scheme("theme"))
        g.add((catalog_ref, DCAT.themeTaxonomy, eu_scheme))
        g.add((eu_scheme, RDF.type, SKOS.ConceptScheme))
        for lang, value in (m.eu_scheme_labels("theme") or {"en": "Data theme"}).items():
            g.add((eu_scheme, DCT.title, Literal(value, lang=lang)))
        g.add((catalog_ref, DCAT.themeTaxonomy, self._standard_scheme("theme")))

        modified = catalog_dict.get("modified") or self._catalog_modified()
        if modified:
            self._add_date_triple(catalog_ref, DCT.modified, modified)

    def _catalog_modified(self):
        """When a public dataset last changed (private ones are not looked at)."""
        try:
            result = toolkit.get_action("package_search")(
                {}, {"sort": "metadata_modified desc", "rows": 1,
                     "include_private": False, "include_drafts": False})
        except Exception:  # no CKAN (unit tests)
            log.debug("package_search for catalog modified failed", exc_info=True)
            return None
        results = result.get("results") or []
        return results[0].get("metadata_modified") if results else None

    # --- RDF -> CKAN ------------------------------------------------------------

    def parse_dataset(self, dataset_dict, dataset_ref):
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        return self._parse_govopen(dataset_dict, dataset_ref)

    def _literals(self, subject, predicate):
        """``{lang: value}`` of the literals of a property ("" for no language)."""
        out = {}
        for o in self.g.objects(subject, predicate):
            if isinstance(o, Literal):
                out.setdefault(o.language or "", str(o))
        return out

    def _pick(self, values, lang):
        return values.get(lang) or values.get("") or ""

    def _parse_govopen(self, d, ref):
        g = self.g
        extras = {e["key"]: e["value"] for e in d.get("extras", [])}
        consumed = set()

        def put(key, value):
            # Standard fields always come from this profile: set, or drop
            # whatever the upstream profile left under that key.
            if value not in (None, "", []):
                d[key] = value
            else:
                d.pop(key, None)

        # Texts by language (the crosswalk says which language each one is in).
        for field, predicate in (("title", DCT.title), ("notes", DCT.description)):
            values = self._literals(ref, predicate)
            main = self._pick(values, m.ap_lang(field))
            if not main:  # no text in the main language: any other will do
                main = next((v for k, v in values.items() if k != m.ap_lang(field + "_en")),
                            next(iter(values.values()), ""))
            put(field, main)
            put(field + "_en", values.get(m.ap_lang(field + "_en"), ""))
        d.pop("title_translated", None)
        d.pop("notes_translated", None)

        put("resource_code", self._object_value(ref, DCT.identifier))
        consumed.add("identifier")

        # Themes: the national class when the graph names one, else the EU
        # theme when exactly one national class maps onto it.
        theme = None
        for o in g.objects(ref, DCAT.theme):
            notation = str(g.value(o, SKOS.notation) or "")
            tail = re.search(r"/%s/theme/([^/]+)$" % STANDARD_PATH, str(o))
            for candidate in (notation, tail.group(1) if tail else ""):
                if candidate and loader.is_member("theme", candidate) and not str(o).startswith(
                        m.ap_scheme("theme")):
                    theme = candidate
                    break
            if theme:
                break
        if not theme:
            for o in g.objects(ref, DCAT.theme):
                theme = m.ap_code("theme", str(o))
                if theme:
                    break
        put("theme", theme)
        consumed.add("theme")

        rights = g.value(ref, DCT.accessRights)
        if isinstance(rights, URIRef):
            put("open_type", m.ap_code("access_rights", str(rights)))
        consumed.add("access_rights")

        frequency = g.value(ref, DCT.accrualPeriodicity)
        if frequency is not None:
            put("update_frequency", m.ap_code("frequency", str(frequency)))
        consumed.add("frequency")

        for key in ("issued", "modified"):
            value = self._object_value(ref, getattr(DCT, key))
            put(key, m.iso_date(value) or value)
            consumed.update({key, "dcat_" + key})

        langs = [m.ap_code("language", str(o)) for o in g.objects(ref, DCT.language)]
        langs = [c for c in langs if c]
        put("language", langs[0] if langs else None)
        consumed.add("language")

        # Spatial: the GB/T 2260 division, by identifier or by its URI.
        for loc in g.objects(ref, DCT.spatial):
            code = None
            for ident in g.objects(loc, DCT.identifier):
                code = m.spatial_code_from_identifier(ident)
                if code:
                    break
            if not code:
                tail = re.search(r"/gb2260/(\d{6})$", str(loc))
                code = tail.group(1) if tail else None
            if code:
                put("spatial_code", code)
                break
        consumed.update({"spatial_uri", "spatial_text", "spatial", "homepage"})

        start = extras.get("temporal_start")
        end = extras.get("temporal_end")
        put("temporal_start", m.iso_date(start) or start)
        put("temporal_end", m.iso_date(end) or end)
        consumed.update({"temporal_start", "temporal_end"})
        d.pop("temporal_coverage", None)

        contacts = self._contact_details(ref, DCAT.contactPoint)
        if contacts:
            put("contact_name", contacts[0].get("name"))
            put("contact_email", contacts[0].get("email"))
        d.pop("contact", None)
        consumed.update(k for k in extras if k.startswith("contact_"))
        consumed.update(k for k in extras if k.startswith("publisher_"))
        d.pop("publisher", None)

        put("url", self._object_value(ref, DCAT.landingPage))
        put("version", self._object_value(ref, DCAT.version))

        # Licence: from the distributions' licence documents.
        license_id = None
        for dist in self._distributions(ref):
            for lic in g.objects(dist, DCT.license):
                license_id = m.license_code(str(lic))
                if not license_id:
                    ident = str(g.value(lic, DCT.identifier) or "")
                    license_id = ident if loader.is_member("licenses", ident) else None
                if license_id:
                    break
            if license_id:
                break
        if license_id:
            d["license_id"] = license_id

        distributions = {str(dist): dist for dist in self._distributions(ref)}
        for res in d.get("resources", []):
            dist = distributions.get(res.get("distribution_ref"))
            if dist is not None:
                self._parse_resource(res, dist)

        d["extras"] = [e for e in d.get("extras", []) if e["key"] not in consumed]
        return d

    def _parse_resource(self, res, dist):
        g = self.g
        names = self._literals(dist, DCT.title)
        if names:
            res["name"] = self._pick(names, m.ap_lang("name", "distribution"))
            if names.get(m.ap_lang("name_en", "distribution")):
                res["name_en"] = names[m.ap_lang("name_en", "distribution")]
        descriptions = self._literals(dist, DCT.description)
        if descriptions:
            res["description"] = self._pick(descriptions, m.ap_lang("description", "distribution"))

        fmt = g.value(dist, DCT["format"])
        code = None
        if isinstance(fmt, URIRef):
            code = m.ap_code("file_type", str(fmt))
        media = g.value(dist, DCAT.mediaType)
        plain = None
        if media is not None:
            plain = str(media)
            prefix = m.ap_field("mimetype", "distribution").get("uri_prefix") or ""
            for p in {prefix, prefix.replace("http://", "https://")} - {""}:
                if plain.startswith(p):
                    plain = plain[len(p):]
            res["mimetype"] = plain
        if not code and plain:
            entry = m.format_entry(plain)
            code = entry["code"] if entry else None
        if code:
            res["format"] = code
        elif res.get("format") and str(res["format"]).startswith("http"):
            res["format"] = m.ap_notation("file_type", str(res["format"]))
        size = g.value(dist, DCAT.byteSize)
        if size is not None:
            try:
                res["size"] = int(float(size))
            except ValueError:
                pass
