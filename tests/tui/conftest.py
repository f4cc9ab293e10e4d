"""Fixtures for the Pilot tests: what the article text draws, read from the rendered lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.style import Style
from textual.widget import Widget

Painted = list[tuple[str, str]]


def _runs(widget: Widget, label_of: Callable[[Style | None], str | None]) -> Painted:
    """Every run of text the widget draws whose style ``label_of`` names a label, as (text,
    label name), top to bottom (wrapped parts of one span are separate runs)."""
    runs: Painted = []
    for y in range(widget.size.height):
        previous = None
        for segment in widget.render_line(y):
            label = label_of(segment.style)
            if label is not None and label == previous:
                runs[-1] = (runs[-1][0] + segment.text, label)
            elif label is not None:
                runs.append((segment.text, label))
            previous = label
    return runs


def _hex(color) -> str | None:
    return color.triplet.hex if color is not None and color.triplet is not None else None


def _painted(widget: Widget, colors: dict[str, str]) -> Painted:
    """Every run of text the widget draws on a label's colour: the spans as the screen shows
    them. ``colors``: label name by #rrggbb colour."""
    by_color = {color.lower(): name for color, name in colors.items()}
    return _runs(widget, lambda style: by_color.get(_hex(style.bgcolor) or "") if style else None)


def _underlined(widget: Widget, colors: dict[str, str], on_gold: bool) -> Painted:
    """Every run the widget draws underlined in a label's colour; ``on_gold``: also on a label's
    background (else only on no label colour)."""
    by_color = {color.lower(): name for color, name in colors.items()}

    def label_of(style: Style | None) -> str | None:
        if not style or not style.underline:
            return None
        if not on_gold and (_hex(style.bgcolor) or "") in by_color:
            return None
        return by_color.get(_hex(style.color) or "")

    return _runs(widget, label_of)


def _proposed(widget: Widget, colors: dict[str, str]) -> Painted:
    """The pre-annotation model's proposals as the screen shows them: underlined in a label's
    colour, on no label colour."""
    return _underlined(widget, colors, on_gold=False)


def _drawn_with(app, reader: Callable[[Widget, dict[str, str]], Painted]) -> Painted:
    """What the annotator's text draws, read with the cursor at the end of the text (the cursor
    cell is drawn in the cursor's colours); the cursor is put back where it was."""
    from tui.widgets.span_text import SpanText

    area = app.screen.query_one(SpanText)
    selection, selecting = area.selection, area.selecting
    area.put_cursor(len(area.text))
    colors = {label.color: label.name for label in app.session.labels}
    runs = reader(area, colors)
    area.selection, area.selecting = selection, selecting
    return runs


@pytest.fixture
def underlined() -> Callable[..., Painted]:
    """``underlined(app)``: the runs underlined in a label's colour on any background (another
    layer's spans where two layers are compared)."""
    return lambda app: _drawn_with(app, lambda area, colors: _underlined(area, colors, True))


@pytest.fixture
def proposed() -> Callable[..., Painted]:
    """``proposed(app)``: the runs the annotator's text draws as proposals (see ``painted``)."""
    return lambda app: _drawn_with(app, _proposed)


@pytest.fixture
def painted() -> Callable[..., Painted]:
    """``painted(app)``: the runs the annotator's text draws in label colours. The cursor cell is
    drawn in the cursor's colours, so the lines are drawn with the cursor at the end of the text
    (and the cursor is put back where it was)."""
    return lambda app: _drawn_with(app, _painted)
