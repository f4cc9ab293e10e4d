"""A one-line article of hundreds of kilobytes: shown broken at spaces (one character for one),
so that drawing it never re-divides the whole line per visual line; labelling there stores and
paints the right text (issue 17, pathological sizes; the 10 MB figure is bench_sizes')."""

from __future__ import annotations

from annotations.model import Article
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.span_text import DISPLAY_LINE, SpanText, broken_for_display

SENTENCE = "Ali Veli ile Ankara'da görüştü ve Kahire'ye döndü. "


def test_long_paragraphs_are_broken_at_spaces_and_nothing_else_changes() -> None:
    text = SENTENCE * 200 + "\n" + "kısa satır\n" + "x" * (DISPLAY_LINE * 2)
    shown = broken_for_display(text)
    assert len(shown) == len(text)
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(text, shown))
    lines = shown.split("\n")
    assert max(len(line) for line in lines[:-1]) <= DISPLAY_LINE
    assert "kısa satır" in lines and lines[-1] == "x" * (DISPLAY_LINE * 2)  # no space: kept
    assert broken_for_display("kısa metin") == "kısa metin"


async def test_labelling_far_into_a_long_one_line_article(store: Store, painted) -> None:
    text = (SENTENCE * 4000).strip()  # 200 KB on one line
    store.save_articles([(Article("long", "Uzun", text), None)])
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        app.push_screen(AnnotatorScreen("long"))
        await pilot.pause()
        area = app.screen.query_one(SpanText)
        assert area.document.line_count > 90  # shown as paragraphs of ~2,000 characters
        start = text.index("Kahire", len(text) - 3 * len(SENTENCE))
        area.put_cursor(start)
        await pilot.press("l")
        await pilot.pause()
        [span] = store.spans_for("long")
        assert (span.start, span.end, span.surface) == (start, start + 6, "Kahire")
        assert area.cursor_offset > start  # waits on the next word, at the right offset
        assert ("Kahire", "LOC") in painted(app)
