"""How the CLI prints articles: rich tables and colours on a terminal, plain lines in a pipe."""

from __future__ import annotations

import json
import sys
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotations.marked_text import marked_pieces, marked_text
from annotations.model import DEFAULT_LABELS, Article, ArticleSummary, Span
from annotations.safe_text import raw_stream, visible_text

if TYPE_CHECKING:
    from annotations.search import Hit

LABEL_COLORS = {label.name: label.color for label in DEFAULT_LABELS}
STATUS_STYLES = {"todo": "dim", "in progress": "yellow", "done": "green"}


def _console() -> Console:
    # The terminal itself, not the masking stream over it (tui.cli.group.main): what a console
    # prints from data is masked by the callers (visible_text), its colours are its own.
    return Console(file=raw_stream(sys.stdout), highlight=False, soft_wrap=False)


def _plain_field(value: str | None) -> str:
    """A value for a tab-separated line: tabs and newlines would break the columns."""
    return (value or "").replace("\t", " ").replace("\n", " ")


def print_article_list(rows: list[ArticleSummary]) -> None:
    if not sys.stdout.isatty():
        click.echo("id\ttitle\tdate\tsource\ttags\tspans\tstatus\tdone by")
        for row in rows:
            fields = [row.id, row.title, row.date, row.source, ", ".join(row.tags)]
            click.echo(
                "\t".join(_plain_field(field) for field in fields)
                + f"\t{row.span_count}\t{row.status.value}\t"
                + _plain_field(", ".join(row.done_by))
            )
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in ("id", "title", "date", "source", "tags"):
        table.add_column(column, overflow="fold")
    table.add_column("spans", justify="right")
    table.add_column("status")
    table.add_column("done by")
    for row in rows:
        table.add_row(
            *(
                Text(visible_text(value or ""))
                for value in (row.id, row.title, row.date, row.source)
            ),
            Text(visible_text(", ".join(row.tags))),
            str(row.span_count),
            Text(row.status.value, style=STATUS_STYLES[row.status.value]),
            Text(visible_text(", ".join(row.done_by))),
        )
    _console().print(table)


def _header_lines(article: Article, span_count: int) -> list[str]:
    lines = [f"{article.id}  {article.title}"]
    meta = "  ".join(value for value in (article.date, article.source) if value)
    if meta:
        lines.append(meta)
    if article.tags:
        lines.append("tags: " + ", ".join(article.tags))
    lines.append(f"status: {article.status.value}, {span_count} span(s)")
    return lines


def print_article(article: Article, spans: list[Span], color: bool, mask: bool) -> None:
    """The article's header then its text with spans marked as [surface]LABEL."""
    shown = visible_text if mask else (lambda text: text)
    if not color:
        for line in _header_lines(article, len(spans)):
            click.echo(shown(line))
        click.echo()
        click.echo(shown(marked_text(article.text, spans)))
        return
    console = _console()
    for line in _header_lines(article, len(spans)):
        console.print(Text(shown(line), style="bold"))
    console.print()
    body = Text()
    styles: list[str] = []
    for piece in marked_pieces(article.text, spans):
        if piece.span is None:  # a run of text; the marks carry their span
            body.append(shown(piece.text), style=styles[-1] if styles else "")
        elif piece.kind == "open":
            style = f"on {LABEL_COLORS.get(piece.span.label, '#808080')}"
            styles.append(style)
            body.append("[", style="dim")
        else:
            styles.pop()
            body.append(
                f"]{piece.span.label}", style=f"bold {LABEL_COLORS.get(piece.span.label, '')}"
            )
    console.print(body)


def print_hits(hits: list[Hit], color: bool) -> None:
    """Search hits: a line with id, title, date and score, then indented keyword-in-context lines
    with the matched words highlighted (on a terminal) or plain (in a pipe)."""
    console = _console() if color else None
    for hit in hits:
        if console is None:
            fields = [hit.article_id, hit.title, hit.date or "", f"score {hit.score:g}"]
            click.echo("\t".join(_plain_field(field) for field in fields))
        else:
            line = Text(visible_text(hit.article_id), style="bold")
            line.append(f"  {visible_text(hit.title)}  ")
            line.append(visible_text(hit.date or ""), style="dim")
            line.append(f"  score {hit.score:g}", style="dim")
            console.print(line, soft_wrap=True)
        for snippet in hit.snippets:
            if console is None:  # a pipe or a file: the context as it is, on one line
                click.echo(f"    …{_plain_field(snippet.text)}…")
                continue
            body = Text(visible_text(snippet.text))
            for start, end in snippet.matches:
                body.stylize("bold reverse", start - snippet.start, end - snippet.start)
            console.print(Text("    …") + body + Text("…"), soft_wrap=True)


def print_table(
    columns: list[str], rows: list[list[object]], numeric: AbstractSet[str] = frozenset()
) -> None:
    """A rich table on a terminal; tab-separated lines with a header line in a pipe."""
    if not sys.stdout.isatty():
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(_plain_field(str(value)) for value in row))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, justify="right" if column in numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible_text(str(value))) for value in row))
    _console().print(table)


_UNSAFE_IN_JSON = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0)]}


def json_line(value: object) -> str:
    """One JSON document on one line, UTF-8 as it is, but with DEL and the C1 controls escaped
    too (json escapes C0 itself): a terminal never receives a raw control byte from the data."""
    return json.dumps(value, ensure_ascii=False).translate(_UNSAFE_IN_JSON)


def echo_json(value: object, err: bool = False) -> None:
    click.echo(json_line(value), err=err)


def article_record(summary: ArticleSummary) -> dict:
    return {
        "id": summary.id,
        "title": summary.title,
        "date": summary.date,
        "source": summary.source,
        "tags": list(summary.tags),
        "spans": summary.span_count,
        "status": summary.status.value,
    }


def article_with_spans(article: Article, spans: list[Span]) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "tags": list(article.tags),
        "status": article.status.value,
        "summary": article.summary,
        "text": article.text,
        "spans": [
            {
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "text": span.surface,
                "annotator": span.annotator,
                "entity_id": span.entity_id,
                "value": span.value,
            }
            for span in sorted(spans, key=lambda span: (span.start, -span.end, span.label))
        ],
    }
