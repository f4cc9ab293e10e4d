"""Property tests: random Turkish text (suffixes, casing, control characters) with random nested
spans survives export → import into an empty database → export, byte for byte (JSONL, YAML),
and token for token, tag for tag (CoNLL)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.dataset import GoldRecord, GoldSpan, to_native
from annotations.dates import span_value
from annotations.exporting import ExportSelection, export
from annotations.json_lines import native_json_line
from annotations.importers.datasets import import_dataset
from annotations.model import Article, Span, Status
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")
STEMS = ["İstanbul", "ışık", "IŞIK", "Erdoğan", "Hayye", "Kalın", "MİT", "şöyle", "Çarşamba",
         "2025", "5.11.2025", "20:20", "el-Hayye", "ağaç", "Ünye", "gör", "x"]  # fmt: skip
SUFFIXES = ["", "", "", "'a", "'nın", "’de", "'te"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", " \x1b[31m ", " \x85 ", "\t", " [bold] ", " ' ", "\r\n"]


@st.composite
def articles(draw):
    count = draw(st.integers(min_value=1, max_value=25))
    pieces, words = [], []
    position = 0
    for index in range(count):
        if index:
            separator = draw(st.sampled_from(SEPARATORS))
            pieces.append(separator)
            position += len(separator)
        stem = draw(st.sampled_from(STEMS))
        words.append((position, position + len(stem)))
        word = stem + draw(st.sampled_from(SUFFIXES))
        pieces.append(word)
        position += len(word)
    text = "".join(pieces)
    # Spans over runs of words: laminar (nested or apart, never crossing), no duplicates.
    spans: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        first = draw(st.integers(min_value=0, max_value=count - 1))
        last = draw(st.integers(min_value=first, max_value=min(count - 1, first + 3)))
        start, end = words[first][0], words[last][1]
        crosses = any(
            s < end and start < e and not (s <= start and end <= e or start <= s and e <= end)
            for s, e, _ in spans
        )
        if crosses or any((s, e) == (start, end) for s, e, _ in spans):
            continue
        spans.append((start, end, draw(st.sampled_from(LABELS))))
    status = draw(st.sampled_from(list(Status)))
    return text, spans, status


def exported(store: Store, format_name: str) -> str:
    out = io.StringIO()
    export(store, format_name, None, ExportSelection(), LABELS, stdout=out)
    return out.getvalue()


def filled(directory: Path, text: str, spans, status: Status) -> Store:
    store = Store(directory / "first.db")
    store.save_articles([(Article("p1", "başlık", text, status=status), None)])
    store.set_status("p1", status)
    for start, end, label in spans:
        # As the app makes them: a DATE span carries the value its surface gives (or none).
        value = span_value(label, text[start:end], None)
        store.add_span(Span("p1", start, end, label, text[start:end], "ayse", value=value))
    return store


def round_trip(first: str, suffix: str, directory: Path, format_name: str) -> str:
    path = directory / f"data.{suffix}"
    path.write_text(first, encoding="utf-8", newline="")
    with Store(directory / f"second-{suffix}.db") as second:
        report = import_dataset(second, path, "ayse", LABELS)
        assert report.written, report.problems
        return exported(second, format_name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_jsonl_and_yaml_round_trips_are_byte_identical(article):
    text, spans, status = article
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        with filled(directory, text, spans, status) as store:
            for format_name, suffix in (("jsonl", "jsonl"), ("yaml", "yaml")):
                first = exported(store, format_name)
                assert round_trip(first, suffix, directory, format_name) == first


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_conll_round_trip_keeps_tokens_and_tags(article):
    text, spans, status = article
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        with filled(directory, text, spans, status) as store:
            first = exported(store, "conll")
            assert round_trip(first, "conll", directory, "conll") == first


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def gold_records(draw):
    text = draw(TEXT)
    spans = [
        GoldSpan(
            draw(st.integers(-2, 60)), draw(st.integers(-2, 60)), draw(TEXT), draw(TEXT),
            draw(TEXT), draw(st.none() | st.integers(0, 2**40)), draw(st.none() | TEXT),
            draw(st.none() | TEXT),
        )  # fmt: skip
        for _ in range(draw(st.integers(0, 4)))
    ]
    article = Article(
        id=draw(TEXT), title=draw(TEXT), summary=draw(TEXT), text=text,
        date=draw(st.none() | TEXT), source=draw(st.none() | TEXT),
        tags=tuple(draw(st.lists(TEXT, max_size=3))), status=draw(st.sampled_from(Status)),
    )  # fmt: skip
    return GoldRecord(article, spans)


@given(gold_records())
@settings(max_examples=300)
def test_the_jsonl_line_is_json_dumps_of_the_native_object(record):
    # The exporter writes each line field by field (for speed): character for character what
    # json.dumps writes, control characters, quotes, U+2028 and nulls included.
    assert native_json_line(record) == json.dumps(to_native(record), ensure_ascii=False)
