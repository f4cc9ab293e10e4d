"""Making article text safe to put on a terminal without changing any offset.

Control characters (C0 but newline and tab, DEL, C1) would reach the terminal as escape
sequences through every Rich and Textual widget; some are silently dropped, shifting offsets.
Characters that change how the text around them is drawn without showing themselves (bidi
overrides and isolates such as U+202E, zero-width spaces and joiners, the byte-order mark) could
make a line read as something it is not, and U+2028 / U+2029 break a line that is not broken.
Each is replaced by exactly one visible symbol.
"""

from __future__ import annotations

import io
from typing import TextIO, cast

C1_SYMBOL = "\ufffd"  # C1 controls have no Control Pictures of their own
INVISIBLE_SYMBOL = "\ufffd"  # nor do bidi and zero-width characters

# Drawn as nothing, or reordering what follows: marks, embeddings, overrides, isolates, the
# Arabic letter mark, zero-width space / non-joiner / joiner, word joiner, invisible operators,
# the byte-order mark.
INVISIBLE = (
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}
_VISIBLE[0x7F] = "\u2421"  # ␡
_VISIBLE.update({code: C1_SYMBOL for code in range(0x80, 0xA0)})
_VISIBLE.update({ord(character): INVISIBLE_SYMBOL for character in INVISIBLE})
# Line and paragraph separators: a terminal or a TextArea would break the line there, and then
# the lines would no longer be the text's lines (the annotator counts lines at "\n" only).
_VISIBLE[0x2028] = _VISIBLE[0x2029] = "\u2424"  # ␤


def visible_text(text: str) -> str:
    """The text with every control character but newline and tab, and every invisible formatting
    character, shown as one visible symbol."""
    return text.translate(_VISIBLE)


class VisibleWriter(io.TextIOBase):
    """A text stream that writes what it is given through ``visible_text`` to ``raw``."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.raw, "errors", None)

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.raw.write(visible_text(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()


def is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a masking one (``terminal_safe``), or the stream itself."""
    return stream.raw if isinstance(stream, VisibleWriter) else stream


def terminal_safe(stream: TextIO) -> TextIO:
    """The stream itself when it is a file or a pipe (records stay exact); on a terminal, a stream
    that shows control and invisible characters as visible symbols."""
    if isinstance(stream, VisibleWriter) or not is_terminal(stream):
        return stream
    return cast(TextIO, VisibleWriter(stream))
