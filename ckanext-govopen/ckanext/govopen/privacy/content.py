"""The scan's own limit (``govopen.scan.max_bytes``) on the content the pipeline read."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def max_bytes() -> int:
    return int(tk.config.get("govopen.scan.max_bytes"))
