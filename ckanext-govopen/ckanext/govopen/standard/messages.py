"""Rule messages: an id and parameters, rendered late in the reader's language.

Rules cannot know who reads their verdict (a zh web form, an en API client, a
harvest report), so they return ``Message(id, params)`` and the caller picks
the language with ``render(lang)``. The texts live in ``standards/messages.yaml``.
"""
from . import loader


class Message:
    """One problem found by a rule. Comparable and printable for tests and reports."""

    __slots__ = ("id", "params")

    def __init__(self, id, **params):
        if id not in loader.messages():
            raise KeyError("no message %r in standards/messages.yaml" % id)
        self.id = id
        self.params = params

    def render(self, lang="zh"):
        """The message text in ``lang`` (``zh``/``en`` or a CKAN locale such as ``zh_Hans_CN``)."""
        key = loader.lang_key(lang)
        template = loader.messages()[self.id][key]
        return template.format_map(_Params(self._derived(key)))

    def as_dict(self):
        """JSON-friendly form carrying both languages (for reports and the API)."""
        return {"id": self.id, "params": dict(self.params),
                "zh": self.render("zh"), "en": self.render("en")}

    def _derived(self, lang):
        p = dict(self.params)
        if "field" in p:
            p.setdefault("label", loader.field_label(p["field"], lang))
        if "other_field" in p:
            p.setdefault("other_label", loader.field_label(p["other_field"], lang))
            vocab = p.get("other_vocabulary")
            if vocab and "other_value" in p:
                p.setdefault("other_value_label", loader.label(vocab, p["other_value"], lang))
            p.setdefault("other_value_label", p.get("other_value", ""))
        if "vocabulary" in p:
            p.setdefault("allowed", allowed_text(p["vocabulary"], lang))
        if "vocabulary" in p and "label" not in p:
            p["label"] = loader.vocabulary_label(p["vocabulary"], lang)
        return p

    def __eq__(self, other):
        return isinstance(other, Message) and (self.id, self.params) == (other.id, other.params)

    def __hash__(self):
        return hash((self.id, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def __repr__(self):
        return "Message(%r, %r)" % (self.id, self.params)

    def __str__(self):
        return self.render("en")


def allowed_text(vocabulary, lang, limit=40):
    """``code（label）, ...`` for a vocabulary, shortened for long code lists."""
    items = loader.entries(vocabulary)
    sep = "、" if lang == "zh" else ", "
    parts = ["%s（%s）" % (c, loader.label(vocabulary, c, lang)) if lang == "zh"
             else "%s (%s)" % (c, loader.label(vocabulary, c, lang))
             for c in list(items)[:limit]]
    if len(items) > limit:
        parts.append("…")
    return sep.join(parts)


class _Params(dict):
    def __missing__(self, key):
        return "{%s}" % key
