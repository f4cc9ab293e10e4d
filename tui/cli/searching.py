"""``hasiye search`` (fuzzy search of the corpus) and ``hasiye index`` (its repair)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from tui.cli.group import STATUS_CHOICES, Settings, at_most_count_limit, open_store, pass_settings

if TYPE_CHECKING:
    from annotations.search import Hit


@click.command("search")
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    callback=at_most_count_limit,
    default=20,
    show_default=True,
    help="Most hits to show; 0 for every hit.",
)
@click.option(
    "--count", "count_only", is_flag=True, help="Print only the number of matching articles."
)
@click.option("--label", metavar="LABEL", help="Only hits inside spans with this label.")
@click.option(
    "--entity", metavar="NAME", help="Search an entity's aliases (QUERY is added to them)."
)
@click.option("--status", type=click.Choice(STATUS_CHOICES), help="Only articles with this status.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
@pass_settings
def search_command(
    settings: Settings,
    query: str,
    limit: int,
    label: str | None,
    entity: str | None,
    status: str | None,
    as_json: bool,
    count_only: bool,
) -> None:
    """Fuzzy search of the corpus: every word must match, however it is spelled.

    Each word matches its exact, Turkish-folded (İ/I/ı), ASCII (erdogan, baskani) or typo-tolerant
    form (one edit for 4-7 letters, two for longer), or another transliteration (Khalil: Halil,
    Al Thani: Al Sani), with or without an apostrophe suffix; each part of a hyphenated word
    counts and Arabic particles (al-, el-, bin) are optional; "quoted words" must be adjacent;
    kahir* is a prefix. One hit per article, best first, with
    keyword-in-context lines. Exit status 1 when nothing is found, like grep.
    """
    import json

    from annotations.model import Status
    from annotations.search import Vocabulary, entity_query, matching_ids, search
    from tui.cli.output import print_hits

    if not any(character.isalnum() for character in query) and entity is None:
        # '', '*', '-', '""': nothing a word could match
        raise click.ClickException("the query has no word: give the words to search for")
    store = open_store(settings)
    wanted = Status(status) if status else None
    vocabulary = Vocabulary(store)
    queries = [query]
    if entity is not None:
        names = store.entity_names_matching(entity)
        if not names:
            raise click.ClickException(f"no entity named {entity!r}")
        queries = [f"{alias} {query}".strip() for alias in entity_query(names)]
    if count_only and wanted is None and label is None:
        # Ids only, no text read or ranked: ~20x faster than the hits for a common word.
        found = set().union(*(matching_ids(store, text, vocabulary) for text in queries))
        click.echo(len(found))
        sys.exit(0 if found else 1)
    most = None if count_only or limit == 0 else limit
    best: dict[str, Hit] = {}
    for text in queries:
        for hit in search(store, text, most, wanted, label, vocabulary):
            if hit.article_id not in best or hit.score > best[hit.article_id].score:
                best[hit.article_id] = hit
    hits = sorted(best.values(), key=lambda hit: (-hit.score, hit.article_id))[:most]
    if count_only:
        click.echo(len(hits))
        sys.exit(0 if hits else 1)
    if as_json:
        for hit in hits:
            record = {
                "id": hit.article_id,
                "title": hit.title,
                "date": hit.date,
                "score": hit.score,
                "snippets": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "matches": [list(m) for m in s.matches],
                    }
                    for s in hit.snippets
                ],
            }
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        print_hits(hits, color=sys.stdout.isatty())
    if not hits:
        sys.exit(1)


@click.command("index")
@click.option("--rebuild", is_flag=True, required=True, help="Index every article again (repair).")
@pass_settings
def index_command(settings: Settings, rebuild: bool) -> None:
    """Rebuild the search index. It is kept in step with every import on its own; this is for
    repair, with a progress bar on a terminal."""
    store = open_store(settings)
    total = store.article_count()
    with click.progressbar(
        length=total, label="indexing", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        done = store.rebuild_search_index(on_batch=bar.update)
    click.echo(f"indexed {done} article(s)")
