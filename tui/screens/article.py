"""One article, read-only, with its metadata above the text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from annotations.safe_text import visible_text


class ArticleScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Library")]

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article = None
        self.article_id = article_id

    def compose(self) -> ComposeResult:
        article = self.app.store.get_article(self.article_id)
        self.article = article
        meta = "  ".join(value for value in (article.date, article.source) if value)
        tags = ("  tags: " + ", ".join(article.tags)) if article.tags else ""
        yield Header()
        yield Static(visible_text(f"{article.title}\n{meta}{tags}"), id="meta", markup=False)
        yield TextArea(
            visible_text(article.text),
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
        )
        yield Footer()
