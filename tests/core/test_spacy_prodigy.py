"""spaCy DocBin and Prodigy JSONL, out and in, checked with spaCy itself and with the libraries
Prodigy hashes with (srsly, murmurhash: spaCy's own dependencies)."""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.dataset import GoldRecord, GoldSpan
from annotations.docbin import to_docbin
from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.model import Article, Span
from annotations.prodigy import murmurhash3_32, set_hashes, to_prodigy
from annotations.store import Store

spacy = pytest.importorskip("spacy")

REAL = Path(__file__).parent.parent / "data" / "sadedegel_ner.conll"
LABELS = ("PER", "ORG", "LOC", "DATE")
VOCAB = spacy.blank("tr").vocab
TEXT = (
    "Prof. Dr. Ahmet Yılmaz'ın raporu Almanya'nın başkenti Berlin'de 3. kez okundu.\n\n"
    "Hamas Siyasi Bürosu'nun lideri Halil Hayye, MİT'e   teşekkür etti. Kohl'ün sözleri."
)


def surface_span(text: str, surface: str, label: str) -> Span:
    start = text.index(surface)
    return Span("t1", start, start + len(surface), label, surface, "ayse")


@pytest.fixture
def suffixed(store: Store) -> Store:
    """An article whose spans end before apostrophe suffixes (spaCy's own tokenizer loses them),
    with a nested span, plus the real CoNLL file's 14 articles."""
    store.save_articles([(Article("t1", "Başlık", TEXT), None)])
    for surface, label in [
        ("Ahmet Yılmaz", "PER"), ("Almanya", "LOC"), ("Berlin", "LOC"),
        ("Hamas Siyasi Bürosu", "ORG"), ("Hamas", "ORG"), ("Halil Hayye", "PER"), ("MİT", "ORG"),
        ("Kohl", "PER"),
    ]:  # fmt: skip
        store.add_span(surface_span(TEXT, surface, label))
    import_dataset(store, REAL, "ayse", LABELS)
    return store


def exported_bytes(store: Store, format_name: str, tmp_path: Path) -> Path:
    target = tmp_path / f"out.{'jsonl' if format_name == 'prodigy' else format_name}"
    export(store, format_name, target, ExportSelection(), LABELS)
    return target


def all_spans(store: Store) -> dict[str, set[tuple[int, int, str]]]:
    return {
        summary.id: {(s.start, s.end, s.label) for s in store.spans_for(summary.id)}
        for summary in store.list_articles()
    }


def test_spacy_itself_cannot_align_turkish_suffixed_spans():
    """Why the DocBin carries hasiye's tokens: spaCy's Turkish tokenizer keeps the suffix."""
    doc = spacy.blank("tr").make_doc(TEXT)
    start = TEXT.index("Almanya")
    assert doc.char_span(start, start + len("Almanya")) is None


def test_every_span_is_in_the_docbin_at_its_exact_offsets(suffixed: Store, tmp_path: Path):
    from spacy.tokens import DocBin

    path = exported_bytes(suffixed, "spacy", tmp_path)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("tr").vocab))
    expected = all_spans(suffixed)
    assert len(docs) == len(expected) == 15
    total = 0
    for doc in docs:
        article = suffixed.get_article(doc.user_data["hasiye_id"])
        assert doc.text == article.text
        in_groups = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert in_groups == expected[article.id]
        entities = {(s.start_char, s.end_char, s.label_) for s in doc.ents}
        assert entities <= in_groups
        total += len(in_groups)
    doc = next(doc for doc in docs if doc.user_data["hasiye_id"] == "t1")
    assert (TEXT.index("Hamas"), TEXT.index("Hamas") + 5, "ORG") not in {
        (s.start_char, s.end_char, s.label_) for s in doc.ents
    }  # nested: in the span group, not among the entities
    assert total == sum(len(spans) for spans in expected.values()) == 736


def test_a_docbin_imports_back_with_every_span(suffixed: Store, tmp_path: Path):
    path = exported_bytes(suffixed, "spacy", tmp_path)
    with Store(tmp_path / "other.db") as other:
        report = import_dataset(other, path, "ayse", LABELS)
        assert report.written and report.added == 15, report.problems
        assert all_spans(other) == all_spans(suffixed)
        assert other.get_article("t1").text == TEXT


def test_a_docbin_made_by_spacy_with_entities_only_imports(store: Store, tmp_path: Path):
    from spacy.tokens import DocBin

    nlp = spacy.blank("tr")
    doc = nlp("Ankara ve İzmir büyük.")
    doc.ents = [doc.char_span(0, 6, label="LOC"), doc.char_span(10, 15, label="LOC")]
    path = tmp_path / "train.spacy"
    DocBin(docs=[doc]).to_disk(path)
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.written
    assert [(s.surface, s.label) for s in store.spans_for("train-0001")] == [("Ankara", "LOC"), ("İzmir", "LOC")]


@pytest.mark.parametrize(
    "content", [b"not msgpack at all", b"", zlib.compress(b"\x93\x01\x02\x03"), zlib.compress(b"\xc1")]
)
def test_not_a_docbin_is_refused_with_its_name(store: Store, tmp_path: Path, content: bytes):
    from annotations.errors import ImportFileError

    path = tmp_path / "broken.spacy"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="broken.spacy: not a spaCy DocBin"):
        import_dataset(store, path, "ayse", LABELS)
    assert store.article_count() == 0


# Prodigy ------------------------------------------------------------------------------------------


def test_the_hash_is_murmurhash3_as_prodigy_computes_it():
    murmurhash = pytest.importorskip("murmurhash")
    srsly = pytest.importorskip("srsly")
    for text in ["", "a", "abc", "abcd", "Almanya'nın", "İstanbul’da şiddetli yağış", "x" * 1001]:
        assert murmurhash3_32(text.encode("utf-8")) == murmurhash.hash(text)
    task = {"text": "Almanya'nın başkenti", "spans": [{"start": 0, "end": 7, "label": "LOC"}]}
    set_hashes(task)
    input_json = srsly.json_dumps({"text": task["text"]}, sort_keys=True)
    assert task["_input_hash"] == murmurhash.hash(input_json)
    task_json = srsly.json_dumps({"spans": task["spans"]}, sort_keys=True)
    assert task["_task_hash"] == murmurhash.hash(str(task["_input_hash"]) + task_json)


def test_prodigy_tasks_carry_tokens_that_align_every_span(suffixed: Store, tmp_path: Path):
    path = exported_bytes(suffixed, "prodigy", tmp_path)
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 15
    vocab = spacy.blank("tr").vocab
    from spacy.tokens import Doc

    for task in tasks:
        text, tokens = task["text"], task["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        assert all(text[t["start"] : t["end"]] == t["text"] for t in tokens)
        doc = Doc(vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        assert doc.text == text
        for span in task["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
            assert doc[span["token_start"] : span["token_end"] + 1].text == span["text"]
        assert task["answer"] == "accept"
        assert set_hashes(dict(task))["_task_hash"] == task["_task_hash"]
    t1 = next(task for task in tasks if task["meta"]["id"] == "t1")
    suffix = next(t for t in t1["tokens"] if t["text"] == "'nın")
    assert t1["tokens"][suffix["id"] - 1] == {
        "text": "Almanya", "start": TEXT.index("Almanya"), "end": TEXT.index("Almanya") + 7,
        "id": suffix["id"] - 1, "ws": False,
    }  # fmt: skip


def test_prodigy_round_trip_keeps_every_span(suffixed: Store, tmp_path: Path):
    path = exported_bytes(suffixed, "prodigy", tmp_path)
    with Store(tmp_path / "other.db") as other:
        report = import_dataset(other, path, "ayse", LABELS)
        assert report.written and report.added == 15, report.problems
        assert all_spans(other) == all_spans(suffixed)


def test_prodigy_rejects_and_ignores_are_skipped_and_counted(store: Store, tmp_path: Path):
    lines = [
        {"text": "Ankara güzel.", "spans": [{"start": 0, "end": 6, "label": "LOC"}], "answer": "accept", "meta": {"id": "p1"}},
        {"text": "İzmir güzel.", "spans": [{"start": 0, "end": 5, "label": "PER"}], "answer": "reject"},
        {"text": "Bursa güzel.", "spans": [], "answer": "ignore"},
        {"text": "Van güzel.", "tokens": [{"text": "Van", "start": 0, "end": 3, "id": 0, "ws": True}],
         "spans": [{"token_start": 0, "token_end": 0, "label": "LOC"}], "answer": "reject"},
        {"text": "Muş güzel.", "tokens": [{"text": "Muş", "start": 0, "end": 3, "id": 0, "ws": True}],
         "spans": [{"token_start": 0, "token_end": 0, "label": "LOC"}], "meta": {"id": "p5"},
         "_annotator_id": "haberler-zeynep"},
    ]  # fmt: skip
    path = tmp_path / "prodigy.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.written and report.added == 2
    assert report.skipped == {'answer "reject"': 2, 'answer "ignore"': 1}
    assert [s.surface for s in store.spans_for("p1")] == ["Ankara"]
    assert [(s.surface, s.annotator) for s in store.spans_for("p5")] == [("Muş", "haberler-zeynep")]
    assert [s.annotator for s in store.spans_for("p1")] == ["ayse"]


def _answer(text: str, spans: list[tuple[int, int, str]], who: str, **more) -> dict:
    task = set_hashes({"text": text, "spans": [
        {"start": start, "end": end, "label": label} for start, end, label in spans
    ]})  # fmt: skip
    return {**task, "answer": "accept", "_annotator_id": who, "_session_id": who, **more}


def test_answers_of_several_annotators_to_one_input_are_one_article_with_a_layer_each(
    store: Store, tmp_path: Path
):
    """Prodigy's multi-user sessions write an answer per annotator, interleaved, without an id."""
    first, second = "Ankara'da Ali Bey konuştu.", "İzmir sakin."
    lines = [
        _answer(first, [(0, 6, "LOC"), (10, 17, "PER")], "haber-zeynep"),
        _answer(second, [(0, 5, "LOC")], "haber-zeynep"),
        _answer(first, [(0, 6, "ORG")], "haber-ali"),
        _answer(second, [], "haber-ali"),  # looked at, found nothing: a layer with no span
    ]
    path = tmp_path / "team.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.written and not report.problems
    assert (report.added, report.layers_added, report.spans) == (2, 2, 4)
    assert store.article_count() == 2
    layers = {
        article_id: sorted((s.annotator, s.surface, s.label) for s in store.spans_for(article_id))
        for article_id in store.article_ids()
    }
    assert layers == {
        "team-0001": [("haber-ali", "Ankara", "ORG"), ("haber-zeynep", "Ali Bey", "PER"),
                      ("haber-zeynep", "Ankara", "LOC")],
        "team-0002": [("haber-zeynep", "İzmir", "LOC")],
    }  # fmt: skip
    assert set(store.statuses_by_annotator("team-0002")) >= {"haber-zeynep", "haber-ali"}


def test_a_repeated_input_is_refused_unless_it_is_another_annotators_layer(
    store: Store, tmp_path: Path
):
    text = "Ankara güzel."
    lines = [
        _answer(text, [(0, 6, "LOC")], "haber-zeynep", meta={"id": "p1"}),
        _answer(text, [(0, 6, "ORG")], "haber-zeynep", meta={"id": "p1"}),
        _answer("Bursa güzel.", [], "haber-ali", meta={"id": "p1"}),
    ]
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert not report.written and store.article_count() == 0
    assert report.problems == [
        f"{path}:2: article id 'p1' repeats the one on line 1 for annotator 'haber-zeynep'"
        " (a repeated article must be another annotator's layer)",
        f"{path}:3: article id 'p1' repeats the one on line 1 with another text",
    ]


def test_the_native_jsonl_stays_as_it_was(suffixed: Store):
    out = io.StringIO()
    export(suffixed, "jsonl", None, ExportSelection(), LABELS, stdout=out)
    assert "tokens" not in json.loads(out.getvalue().splitlines()[0])


# Any text, any spans that start and end on a non-space character -------------------------------

PIECES = ["Almanya", "'nın", "Kohl", "’ün", " ", " ", "  ", "\n", "\n\n", ", ", ". ", "3.", " kez",
          "Dr.", "Ş.", "'nin", "el-Hayye", "5.11.2025", "(AA)", "İ", "ı", "\t", "\x1b[31m", "é"]  # fmt: skip


@st.composite
def texts_with_spans(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)))
    spans: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        start = draw(st.integers(min_value=0, max_value=len(text) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=len(text)))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        crosses = any(s < end and start < e and not (s <= start and end <= e or start <= s and e <= end) for s, e in spans)
        if start < end and not crosses and (start, end) not in spans:
            spans.append((start, end))
    return text, spans


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_with_spans())
def test_every_span_of_any_text_aligns_in_docbin_and_prodigy(article):
    from spacy.tokens import DocBin

    text, offsets = article
    spans = [GoldSpan(start, end, "PER", text[start:end], "a") for start, end in offsets]
    record = GoldRecord(Article("r", "r", text), spans)
    data, _, _ = to_docbin([record])
    [doc] = list(DocBin().from_bytes(data).get_docs(VOCAB))
    assert doc.text == text
    assert sorted((s.start_char, s.end_char) for s in doc.spans["sc"]) == sorted(offsets)
    task = to_prodigy(record)
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in task["tokens"]) == text
    assert sorted(
        (task["tokens"][s["token_start"]]["start"], task["tokens"][s["token_end"]]["end"])
        for s in task["spans"]
    ) == sorted(offsets)


def test_without_spacy_the_spacy_format_says_how_to_install_it(
    suffixed: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from annotations.errors import ExportError, ImportFileError

    good = exported_bytes(suffixed, "spacy", tmp_path)
    monkeypatch.setitem(__import__("sys").modules, "spacy", None)  # import spacy now fails
    target = tmp_path / "none.spacy"
    with pytest.raises(ExportError, match=r"needs spaCy \(pip install 'hasiye\[spacy\]'\); nothing was written"):
        export(suffixed, "spacy", target, ExportSelection(), LABELS)
    assert not target.exists()
    with Store(tmp_path / "other.db") as other:
        with pytest.raises(ImportFileError, match="needs spaCy"):
            import_dataset(other, good, "ayse", LABELS)
        assert other.article_count() == 0
