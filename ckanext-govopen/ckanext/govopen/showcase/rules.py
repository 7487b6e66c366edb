"""What a showcase submission must be: clean text within limits, an http(s)
link, a known type, datasets the submitter may see, an image whose type is
read from its bytes. Each rule raises ``ValidationError`` naming the field,
with the message in both languages; nothing is stored before all pass."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import joined

from . import messages
from . import model as m

TITLE = (2, 120)
DESCRIPTION = (10, 2000)
LINK_MAX = 500
REASON_MAX = 500
MAX_DATASETS = 20

#: Control characters other than tab and newline never make it into a text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: the first bytes of the image types a page may show (never SVG: it is a document)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def invalid(key, msg_id, **params):
    """Refuse the input at ``key`` (the field's name) with message ``msg_id``."""
    raise tk.ValidationError({key: [joined(messages.message(msg_id, **params))]})


def _label(field):
    return messages.FIELD_LABELS[field]() if field in messages.FIELD_LABELS else field


def text(data_dict, field, limits, required=True) -> str:
    raw = data_dict.get(field)
    value = _CONTROL.sub("", str(raw if raw is not None else "")).strip()
    if not value and not required:
        return ""
    low, high = limits
    if not low <= len(value) <= high:
        invalid(field, "length", field=_label(field), min=low, max=high, got=len(value))
    return value


def link(data_dict, field, required=True) -> str:
    """An absolute http(s) address with a host, no spaces or control characters."""
    value = str(data_dict.get(field) or "").strip()
    if not value and not required:
        return ""
    parts = None
    try:
        parts = urlsplit(value)
    except ValueError:
        pass
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or len(value) > LINK_MAX or re.search(r"[\s\x00-\x1f\x7f\\]", value)):
        invalid(field, "bad_link", field=_label(field), value=value[:80])
    return value


def kind(data_dict) -> str:
    value = str(data_dict.get("kind") or "").strip()
    if value not in m.KINDS:
        invalid("kind", "bad_kind", allowed=", ".join(m.KINDS), value=value[:40])
    return value


def _names(value) -> list:
    """Dataset ids or names from a list, or text separated by commas, spaces or
    new lines; a dataset page address counts as its name."""
    if isinstance(value, str):
        value = re.split(r"[\s,，、]+", value)
    out = []
    for item in value or []:
        item = str(item).strip().rstrip("/")
        if "/dataset/" in item:
            item = item.rsplit("/dataset/", 1)[1].split("?")[0].split("#")[0]
        if item and item not in out:
            out.append(item)
    return out


def datasets(context, data_dict, user) -> list:
    """The ids of the datasets named, each one the submitter may see (a dataset
    they may not see reads as one that does not exist)."""
    names = _names(data_dict.get("datasets"))
    if not names:
        invalid("datasets", "no_datasets", max=MAX_DATASETS)
    if len(names) > MAX_DATASETS:
        invalid("datasets", "too_many_datasets", max=MAX_DATASETS, got=len(names))
    ids = []
    for name in names:
        pkg = model.Package.get(name)
        visible = pkg is not None and pkg.state == "active" and pkg.type == "dataset"
        if visible:
            try:
                tk.check_access("package_show", {"user": user.name, "auth_user_obj": user}, {"id": pkg.id})
            except (tk.NotAuthorized, tk.ObjectNotFound):
                visible = False
        if not visible:
            invalid("datasets", "unknown_dataset", value=name[:100])
        if pkg.id not in ids:
            ids.append(pkg.id)
    return ids


def image_limit() -> int:
    return int(tk.config.get("govopen.showcase.image_max_bytes"))


def image_type(data: bytes):
    """The image's media type read from its first bytes, or None."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_problem(data: bytes):
    """What is wrong with an image (a message value), or None; its media type is ``image_type``."""
    limit = image_limit()
    if len(data) > limit:
        return messages.message("image_too_large", max=limit)
    if image_type(data) is None:
        return messages.message("bad_image")
    return None


def checked_image(data: bytes, field="image"):
    """``(bytes, media type)`` of an image within the size limit, else ValidationError."""
    problem = image_problem(data)
    if problem is not None:
        raise tk.ValidationError({field: [joined(problem)]})
    return data, image_type(data)


def uploaded(data_dict):
    """The bytes of an uploaded image (a form's or the API's multipart file), or None."""
    upload = data_dict.get("image_upload")
    if upload is None or isinstance(upload, str) or not hasattr(upload, "read"):
        return None
    data = upload.read(image_limit() + 1)
    return data or None
