"""What a file may hold before hasiye reads it as data: the limits every importer applies.

A decoded JSON or YAML record is checked before it is looked at: nesting at most
``MAX_NESTING`` levels, whole numbers that SQLite can store (64 bits), strings without lone
surrogates (``"\\ud800"`` in JSON decodes to one; it is not a character and cannot be written
as UTF-8). YAML is read by ``annotations.limited_yaml``, which refuses deep nesting and alias
bombs while it parses. Only regular files are read: a fifo or a device would block or never end.
No yaml import here: the CLI's options use ``COUNT_LIMIT`` and ``hasiye --help`` stays light.
"""

from __future__ import annotations

import os
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


def is_standard_input(path: Path) -> bool:
    """``-``, or a name of this process's own standard input (/dev/stdin, /dev/fd/0): read as a
    stream. Any other fifo or device is refused (``not_a_regular_file``): opening a fifo nobody
    writes to waits forever."""
    if str(path) == "-":
        return True
    try:
        named, own = os.stat(path), os.fstat(0)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (own.st_dev, own.st_ino)


def lone_surrogate(text: str) -> str | None:
    """Why a string is not text (None: it is): a lone surrogate, named by its code point."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"a lone surrogate U+{ord(found.group()):04X} at character {found.start()} is not a character"


class BeyondLimits(ValueError):
    """A value ``problem_in`` refuses, met while a record is parsed (``whole_number``)."""


def whole_number(digits: str) -> int:
    """A JSON whole number, for ``json.loads(parse_int=...)``: BeyondLimits past 64 bits, with
    ``problem_in``'s words, so that the record need not be walked for it."""
    value = int(digits)
    if not -LARGEST_INTEGER - 1 <= value <= LARGEST_INTEGER:
        raise BeyondLimits(f"a whole number beyond 64 bits ({digits[:20]}...)")
    return value


def problem_in_json(text: str, data: object) -> str | None:
    """``problem_in`` of the record parsed from the JSON ``text`` with ``whole_number``: at once
    (a few searches in C, not a walk of every value, which was a third of a large import's
    time) when the text shows none can be there: no ``\\u`` escape and no surrogate character
    (a lone surrogate), fewer brackets than ``MAX_NESTING`` (nesting); numbers were checked as
    they were parsed."""
    if (
        text.count("[") + text.count("{") < MAX_NESTING
        and "\\u" not in text
        and not _SURROGATE.search(text)
    ):
        return None
    return problem_in(data)


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
