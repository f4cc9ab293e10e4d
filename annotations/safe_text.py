"""Making article text safe to put on a terminal without changing any offset.

Control characters (C0 but newline and tab, DEL, C1) would reach the terminal as escape
sequences through every Rich and Textual widget; some are silently dropped, shifting offsets.
Each is replaced by exactly one visible symbol.
"""

from __future__ import annotations

C1_SYMBOL = "\ufffd"  # C1 controls have no Control Pictures of their own

_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}
_VISIBLE[0x7F] = "\u2421"  # ␡
_VISIBLE.update({code: C1_SYMBOL for code in range(0x80, 0xA0)})


def visible_text(text: str) -> str:
    """The text with every control character but newline and tab shown as one visible symbol."""
    return text.translate(_VISIBLE)
