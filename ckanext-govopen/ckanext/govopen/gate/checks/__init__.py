"""One module per publication check: ``NAME`` and ``check(dataset)``.

``dataset`` is the dataset as it would be stored (a package dict with its
``resources``); a check returns ``gate.Blocker``s and never writes.
"""
