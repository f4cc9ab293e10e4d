"""What an export takes from the store: the selection (which articles, labels, layers), the
records read one snapshot at a time and checked, and the report of what went out and what was left
out. The writers of each format (``annotations.exporting``, ``annotations.export_in_runs``,
``annotations.interop``) take the records from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from annotations.dataset import GoldRecord, GoldSpan, problems_of
from annotations.errors import ExportError
from annotations.model import DEFAULT_GOLD, Status
from annotations.store import Store

# What the CLI and the export dialog take unless told otherwise: a gold dataset holds finished
# articles, not work in progress.
DEFAULT_EXPORT_STATUS = Status.DONE


@dataclass
class ExportSelection:
    """Which articles and spans go out; None or empty means all."""

    status: Status | None = None
    labels: tuple[str, ...] = ()
    annotator: str | None = None
    article_ids: tuple[str, ...] = ()
    # Without an annotator: "gold" takes an article's gold layer when it has one, its one layer
    # when it has only one, and leaves out (and counts) an article with several layers and no
    # gold; "all" takes every layer, each span with its annotator.
    layers: str = "gold"
    gold: str = DEFAULT_GOLD


@dataclass
class ExportReport:
    articles: int = 0
    spans: int = 0
    left_out: int = 0  # nested spans CoNLL cannot hold
    left_out_by_article: dict[str, int] = field(default_factory=dict)
    unfinished_left_out: int = 0  # articles not done that an export of done ones did not take
    done_left_out: int = 0  # proposals export: done articles whose old proposals stayed out
    # Articles with several layers and no gold layer, left out (ids in export order).
    unsettled_left_out: list[str] = field(default_factory=list)


def unfinished_left_out(store: Store, selection: ExportSelection) -> int:
    """How many articles the selection leaves out because they are not done yet (todo or in
    progress), when it takes done ones only: what an export should say it did not take."""
    if selection.status is not Status.DONE:
        return 0
    if selection.article_ids:
        statuses = store.statuses(list(dict.fromkeys(selection.article_ids))).values()
        return sum(1 for status in statuses if status is not Status.DONE)
    counts = store.status_counts()
    return counts[Status.TODO] + counts[Status.IN_PROGRESS]


def chosen_layer(rows: list[tuple], selection: ExportSelection) -> list[tuple] | None:
    """The span rows (annotator fifth) an export takes from an article, None to leave it out:
    see ``ExportSelection.layers``."""
    if selection.annotator is not None:
        return [row for row in rows if row[4] == selection.annotator]
    if selection.layers == "all":
        return rows
    annotators = {row[4] for row in rows}
    if selection.gold in annotators:
        return [row for row in rows if row[4] == selection.gold]
    return rows if len(annotators) <= 1 else None


def gold_records(
    store: Store,
    selection: ExportSelection,
    known_labels: Iterable[str],
    left_out: list[str] | None = None,
    run: tuple[str, str | None] = ("", None),
) -> Iterator[GoldRecord]:
    """The selected articles with their selected spans, each checked; ExportError on the first
    bad one. The ids of articles left out for want of a gold layer go to ``left_out``. ``run``:
    only the articles with an id after its first and up to its second (when not None)."""
    known = set(known_labels) | store.extra_labels()
    names = store.entity_names()
    wanted_labels = set(selection.labels)
    article_ids = list(selection.article_ids) or None
    if article_ids is not None:
        missing = [id_ for id_ in article_ids if not store.has_article(id_)]
        if missing:
            raise ExportError(f"no article with id {missing[0]!r}; nothing was written")
    for batch in store.iter_articles(selection.status, article_ids, after=run[0], upto=run[1]):
        rows_by_article = store.span_rows_of_articles([article.id for article in batch])
        for article in batch:
            rows = chosen_layer(rows_by_article[article.id], selection)
            if rows is None:
                if left_out is not None:
                    left_out.append(article.id)
                continue
            spans = [
                GoldSpan(
                    start,
                    end,
                    label,
                    surface,
                    annotator,
                    entity_id,
                    names.get(entity_id, (None,))[0],
                    value,
                )
                for start, end, label, surface, annotator, entity_id, value in rows
                if not wanted_labels or label in wanted_labels
            ]
            record = GoldRecord(article, spans)
            problems = problems_of(record, known)
            if problems:
                raise ExportError(f"article {article.id}: {problems[0]}; nothing was written")
            yield record


def write_lines(
    records: Iterable[GoldRecord],
    out: TextIO,
    report: ExportReport,
    as_line: Callable[[GoldRecord], str],
) -> None:
    """One line per record (``as_line``'s), counted in the report."""
    for record in records:
        out.write(as_line(record) + "\n")
        report.articles += 1
        report.spans += len(record.spans)
