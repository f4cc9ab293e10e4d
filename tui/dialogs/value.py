"""The date value editor (= on a DATE span): one line, checked before it is saved."""

from __future__ import annotations

from annotations.dates import check_value
from tui.dialogs.line import LineDialog


def _problem(value: str) -> str | None:
    problem = check_value(value) if value else None
    return f"Not a value: {problem}" if problem else None


class ValueDialog(LineDialog):
    """Returns the new value, "" to clear it, or None when cancelled."""

    def __init__(self, surface: str, value: str | None) -> None:
        super().__init__(
            f"Value of {surface!r}",
            "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-Www or START/END; empty clears",
            value,
            check=_problem,
            input_id="value-input",
        )
