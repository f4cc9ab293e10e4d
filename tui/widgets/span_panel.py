"""The list of an article's spans in text order; enter asks for the cursor on that span."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotations.model import Span
from annotations.safe_text import visible_text


class SpanPanel(OptionList):
    class SpanChosen(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    def __init__(self, colors: dict[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.label_colors = colors
        self.spans: list[Span] = []

    def show_spans(self, spans: list[Span]) -> None:
        highlighted = self.highlighted
        self.spans = spans
        self.clear_options()
        for span in spans:
            prompt = Text.assemble(
                (f"{span.label:<5}", f"bold {self.label_colors.get(span.label, '')}"),
                " ",
                visible_text(span.surface.replace("\n", " ")),
            )
            self.add_option(Option(prompt))
        if spans:
            self.highlighted = min(highlighted or 0, len(spans) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.SpanChosen(self.spans[event.option_index]))
