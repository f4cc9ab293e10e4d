"""Fixtures for the Pilot tests: what the article text draws, read from the rendered lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widget import Widget

Painted = list[tuple[str, str]]


def _painted(widget: Widget, colors: dict[str, str]) -> Painted:
    """Every run of text the widget draws on a label's colour, as (text, label name), top to
    bottom: the spans as the screen shows them (wrapped parts of one span are separate runs).
    ``colors``: label name by #rrggbb colour."""
    by_color = {color.lower(): name for color, name in colors.items()}
    runs: Painted = []
    for y in range(widget.size.height):
        previous = None
        for segment in widget.render_line(y):
            style = segment.style
            triplet = style.bgcolor.triplet if style and style.bgcolor else None
            label = by_color.get(triplet.hex) if triplet else None
            if label is not None and label == previous:
                runs[-1] = (runs[-1][0] + segment.text, label)
            elif label is not None:
                runs.append((segment.text, label))
            previous = label
    return runs


def _proposed(widget: Widget, colors: dict[str, str]) -> Painted:
    """Every run the widget draws underlined in a label's colour, on no label colour: the
    pre-annotation model's proposals as the screen shows them."""
    by_color = {color.lower(): name for color, name in colors.items()}
    runs: Painted = []
    for y in range(widget.size.height):
        previous = None
        for segment in widget.render_line(y):
            style = segment.style
            label = None
            if style and style.underline and style.color and style.color.triplet:
                on_gold = style.bgcolor and style.bgcolor.triplet and style.bgcolor.triplet.hex in by_color
                label = None if on_gold else by_color.get(style.color.triplet.hex)
            if label is not None and label == previous:
                runs[-1] = (runs[-1][0] + segment.text, label)
            elif label is not None:
                runs.append((segment.text, label))
            previous = label
    return runs


@pytest.fixture
def proposed() -> Callable[..., Painted]:
    """``proposed(app)``: the runs the annotator's text draws as proposals (see ``painted``)."""

    def proposed_text(app) -> Painted:
        from tui.widgets.span_text import SpanText

        area = app.screen.query_one(SpanText)
        selection, selecting = area.selection, area.selecting
        area.put_cursor(len(area.text))
        colors = {label.color: label.name for label in app.session.labels}
        runs = _proposed(area, colors)
        area.selection, area.selecting = selection, selecting
        return runs

    return proposed_text


@pytest.fixture
def painted() -> Callable[..., Painted]:
    """``painted(app)``: the runs the annotator's text draws in label colours. The cursor cell is
    drawn in the cursor's colours, so the lines are drawn with the cursor at the end of the text
    (and the cursor is put back where it was)."""

    def painted_text(app) -> Painted:
        from tui.widgets.span_text import SpanText

        area = app.screen.query_one(SpanText)
        selection, selecting = area.selection, area.selecting
        area.put_cursor(len(area.text))
        colors = {label.color: label.name for label in app.session.labels}
        runs = _painted(area, colors)
        area.selection, area.selecting = selection, selecting
        return runs

    return painted_text
