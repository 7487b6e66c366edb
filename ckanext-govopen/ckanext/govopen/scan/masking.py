"""Masking of found values: reports and logs carry only these, never raw values.

Every function keeps a fixed prefix/suffix and replaces the rest with ``*``;
values too short to keep anything are masked completely.
"""


def keep(value, head, tail, star="*"):
    """``value`` with all but ``head`` leading and ``tail`` trailing characters starred.

    At least a third of the characters are always starred, whatever head/tail say.
    """
    n = len(value)
    hidden = max(n - head - tail, (n + 2) // 3, 1)
    if hidden >= n:
        return star * n
    head = min(head, n - hidden)
    tail = n - hidden - head
    return value[:head] + star * hidden + (value[n - tail:] if tail else "")


def resident_id(v):      # 110105********123X
    return keep(v.upper(), 6, 4)


def mobile(v):           # 138****5678
    return keep(v, 3, 4)


def bank_card(v):        # 622202******1234
    return keep(v, 6, 4)


def credit_code(v):      # 91110000********3B
    return keep(v, 8, 2)


def passport(v):         # E1*****78
    return keep(v, 2, 2)


def email(v):            # z***@example.com
    local, _, domain = v.partition("@")
    return (local[:1] + "***" if len(local) > 1 else "*") + "@" + domain


def text(v, head=1):
    """A free-text cell (name, address, account): a few leading characters, length preserved up to 8 stars."""
    v = v.strip()
    n = len(v)
    if n <= 1:
        return "*"
    head = min(head, n // 2)
    return v[:head] + "*" * min(n - head, 8)
