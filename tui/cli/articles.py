"""``hasiye list`` and ``hasiye show``: the articles, one page or one article at a time."""

from __future__ import annotations

import sys

import click

from tui.cli.group import STATUS_CHOICES, Settings, at_most_count_limit, open_store, pass_settings


@click.command("list")
@click.option(
    "--page",
    type=click.IntRange(min=1),
    callback=at_most_count_limit,
    default=1,
    show_default=True,
    help="Page to show.",
)
@click.option(
    "--per-page",
    type=click.IntRange(min=1),
    callback=at_most_count_limit,
    default=50,
    show_default=True,
    help="Articles per page.",
)
@click.option("--all", "show_all", is_flag=True, help="Every article, no paging.")
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    help="Only articles with this status.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per article and line (id, title, date, source, tags, spans, status).",
)
@pass_settings
def list_command(
    settings: Settings,
    page: int,
    per_page: int,
    show_all: bool,
    status: str | None,
    as_json: bool,
) -> None:
    """List articles: id, title, date, source, tags, spans, status.

    A table on a terminal; tab-separated lines (with a header line) when piped; JSON lines with
    --json. The page note goes to standard error.
    """
    from annotations.model import Status
    from tui.cli.output import article_record, echo_json, print_article_list

    store = open_store(settings)
    wanted = Status(status) if status else None
    total = store.article_count(wanted)
    offset, limit = (0, None) if show_all else ((page - 1) * per_page, per_page)
    rows = store.list_articles(offset=offset, limit=limit, status=wanted)
    if as_json:
        for row in rows:
            echo_json(article_record(row))
    else:
        print_article_list(rows)
    if not show_all:
        pages = max(1, -(-total // per_page))
        note = f"page {page} of {pages}, {total} article(s)"
        if page < pages:
            note += f"; --page {page + 1} for more, --all for every article"
        click.echo(note, err=True)


@click.command("show")
@click.argument("article_id", metavar="ID")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the spans. Default: colour on a terminal, plain [surface]LABEL marks in a pipe.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="The article as one JSON object: its fields, its text and its spans (start, end, "
    "label, text, annotator, entity_id, value).",
)
@pass_settings
def show_command(
    settings: Settings, article_id: str, color: bool | None, as_json: bool
) -> None:
    """Print an article with its spans marked as [surface]LABEL (or as JSON with --json)."""
    from tui.cli.output import article_with_spans, echo_json, print_article

    store = open_store(settings)
    article = store.get_article(article_id)
    spans = store.spans_for(article_id)
    if as_json:
        echo_json(article_with_spans(article, spans))
        return
    to_terminal = sys.stdout.isatty()
    print_article(article, spans, color=to_terminal if color is None else color, mask=to_terminal)
