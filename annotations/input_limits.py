"""What a file may hold before hasiye reads it as data: the limits every importer applies.

A decoded JSON or YAML record is checked before it is looked at: nesting at most
``MAX_NESTING`` levels, whole numbers that SQLite can store (64 bits), strings without lone
surrogates (``"\\ud800"`` in JSON decodes to one; it is not a character and cannot be written
as UTF-8). YAML is read by ``annotations.limited_yaml``, which refuses deep nesting and alias
bombs while it parses. Only regular files are read: a fifo or a device would block or never end.
No yaml import here: the CLI's options use ``COUNT_LIMIT`` and ``hasiye --help`` stays light.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_NESTING = 64
LARGEST_INTEGER = 2**63 - 1
# The most a count option (--limit, --page, --per-page) means: a larger one is taken as this many.
COUNT_LIMIT = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def not_a_regular_file(path: Path) -> str | None:
    """Why a path cannot be read as a file of articles (None: it can)."""
    if path.exists() and not path.is_file():
        return "not a regular file (a fifo, device or socket), not read"
    return None


def lone_surrogate(text: str) -> str | None:
    """Why a string is not text (None: it is): a lone surrogate, named by its code point."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"a lone surrogate U+{ord(found.group()):04X} at character {found.start()} is not a character"


def problem_in(data: object) -> str | None:
    """What makes a decoded record unusable as data (None: nothing): see the module docstring.
    Iterative, so a deep record cannot exhaust Python's stack here."""
    pending: list[tuple[object, int]] = [(data, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_NESTING:
            return f"nested deeper than {MAX_NESTING} levels"
        if isinstance(item, str):
            why = lone_surrogate(item)
            if why:
                return why
        elif isinstance(item, int) and not isinstance(item, bool):
            if not -LARGEST_INTEGER - 1 <= item <= LARGEST_INTEGER:
                return f"a whole number beyond 64 bits ({str(item)[:20]}...)"
        elif isinstance(item, dict):
            pending.extend((key, depth + 1) for key in item)
            pending.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend((value, depth + 1) for value in item)
    return None
