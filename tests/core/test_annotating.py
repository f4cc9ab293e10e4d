import re
from pathlib import Path

import pytest

from annotations.annotating import (
    decide_label,
    grown,
    innermost_at,
    name_at,
    shrunk,
    trim,
)
from annotations.history import History
from annotations.labels import LabelFileError, load_labels
from annotations.model import Article, Label, Span
from annotations.store import Store
from annotations.turkish import find_all, loose_key, turkish_lower

TEXT = "Cumhurbaşkanı Recep Tayyip Erdoğan'a ve 'Gazze ateşkes anlaşması' 2025'te İstanbul’da."


def cut(text: str, bounds) -> str:
    return text[bounds[0] : bounds[1]]


@pytest.mark.parametrize(
    ("selected", "stored"),
    [
        ("Erdoğan'a", "Erdoğan"),
        (" Erdoğan'a ve", "Erdoğan'a ve"),
        ("'Gazze ateşkes anlaşması'", "Gazze ateşkes anlaşması"),
        ("2025'te", "2025"),
        ("İstanbul’da.", "İstanbul"),
    ],
)
def test_trim(selected: str, stored: str):
    start = TEXT.index(selected)
    assert cut(TEXT, trim(TEXT, start, start + len(selected))) == stored


def test_name_under_the_cursor_is_the_run_of_capitalised_words_without_titles():
    # More cases, from real news, in test_name_at.py.
    assert cut(TEXT, name_at(TEXT, TEXT.index("Tayyip"))) == "Recep Tayyip Erdoğan"
    assert cut(TEXT, name_at(TEXT, TEXT.index("İstanbul") + 3)) == "İstanbul"
    assert name_at(TEXT, TEXT.index("ve")) is None


def test_grow_and_shrink_by_one_word():
    start = TEXT.index("Recep")
    span = Span("a", start, start + 5, "PER", "Recep", "x")
    assert cut(TEXT, grown(TEXT, span)) == "Recep Tayyip"
    longer = Span("a", start, start + 20, "PER", "Recep Tayyip Erdoğan", "x")
    assert cut(TEXT, grown(TEXT, longer)) == "Recep Tayyip Erdoğan'a ve"
    assert cut(TEXT, shrunk(TEXT, longer)) == "Recep Tayyip"
    assert shrunk(TEXT, span) is None


def test_innermost_span_wins():
    outer = Span("a", 0, 30, "ORG", "", "x")
    inner = Span("a", 0, 5, "LOC", "", "x")
    assert innermost_at([outer, inner], 2) is inner
    assert innermost_at([outer, inner], 10) is outer
    assert innermost_at([outer], 30) is outer
    assert innermost_at([outer], 31) is None


def test_label_decisions():
    text = "Mısır Genel İstihbarat Servisi Başkanı"
    org = Span("a", 0, 30, "ORG", text[:30], "x")
    assert decide_label(text, [org], 0, 5, "LOC").kind == "create"  # nested
    assert decide_label(text, [org], 0, 30, "ORG").kind == "unchanged"
    assert decide_label(text, [org], 0, 30, "LOC").kind == "relabel"
    assert decide_label(text, [org], 6, 38, "ORG").kind == "resize"
    refused = decide_label(text, [org], 6, 38, "PER")
    assert refused.kind == "refuse" and "crosses ORG span" in refused.why
    assert decide_label(text, [], 5, 6, "PER").kind == "refuse"  # only a blank


def test_turkish_folding():
    assert turkish_lower("İSTANBUL Işık") == "istanbul ışık"
    assert loose_key("Erdoğan’a İSTANBUL") == "erdogan'a istanbul"
    assert len(loose_key("I\u0307stanbul")) == len("I\u0307stanbul")
    assert find_all("Erdoğan'a ve ERDOĞAN", "erdogan") == [0, 13]
    assert find_all("İstanbul ISTANBUL Istanbul ıstanbul", "istanbul") == [0, 9, 18, 27]
    assert find_all("metin", "   ") == []


def test_history_undo_redo_round_trip(store: Store):
    store.save_articles([(Article("a", "t", TEXT), None)])
    history = History(store)
    start = TEXT.index("Recep")
    added = history.add(Span("a", start, start + 5, "PER", "Recep", "x"))
    changed = history.change(added, start, start + 12, "PER", TEXT)
    history.delete(changed)
    assert store.spans_for("a") == []
    history.undo()
    assert [span.surface for span in store.spans_for("a")] == ["Recep Tayyip"]
    assert store.spans_for("a")[0].id == added.id
    history.undo()
    history.undo()
    assert store.spans_for("a") == [] and history.undo() is None
    history.redo()
    history.redo()
    assert [span.surface for span in store.spans_for("a")] == ["Recep Tayyip"]


def test_label_file(tmp_path: Path):
    good = tmp_path / "labels.yaml"
    good.write_text("labels:\n  - {name: PER, key: p, color: '#d75f5f'}\n  - {name: EVENT, key: t, color: '#abc'}\n")
    assert load_labels(good) == (Label("PER", "p", "#d75f5f"), Label("EVENT", "t", "#abc"))
    for content, message in [
        ("- {name: PER, key: u, color: '#fff'}", "key 'u' is taken by hasiye (Undo)"),
        ("- {name: PER, key: k, color: '#fff'}", "key 'k' is taken by hasiye (Link entity)"),
        ("- {name: PER, key: /, color: '#fff'}", "key '/' is taken by hasiye (Find)"),
        ("- {name: PER, key: M, color: '#fff'}", "key 'M' is taken by hasiye (Done, next)"),
        ("- {name: PER, key: '  ', color: '#fff'}", "key '  ' must be one letter or digit"),
        ("- {name: PER, key: p, color: red}", "color 'red' is not"),
        ("- {name: PER, key: p, color: '#fff'}\n- {name: PER, key: t, color: '#fff'}", "given twice"),
        ("labels: [", "not valid YAML"),
        ("{}", "expected a list of labels"),
    ]:
        bad = tmp_path / "bad.yaml"
        bad.write_text(content)
        with pytest.raises(LabelFileError, match="bad.yaml: .*" + re.escape(message)):
            load_labels(bad)


def test_a_suffixed_word_ends_a_name():
    text = "MİT Başkanı Kalın'dan Hamas'la kritik görüşme"
    kalin = text.index("Kalın")
    hamas = text.index("Hamas")
    assert text[slice(*name_at(text, kalin + 1))] == "Kalın"
    assert text[slice(*name_at(text, hamas + 1))] == "Hamas"
    assert text[slice(*name_at(text, 1))] == "MİT"


def test_next_name_skips_covered_words_both_ways():
    from annotations.annotating import next_name

    text = "Dün MİT Başkanı İbrahim Kalın ile Hasan Reşat görüştü.\nKalın döndü."
    spans = [Span("a", 16, 29, "PER", "İbrahim Kalın", "ayse")]
    assert next_name(text, 0, spans) == text.index("MİT")
    assert next_name(text, text.index("MİT"), spans) == text.index("Hasan")  # Başkanı: a title
    assert next_name(text, text.index("Başkanı"), spans) == text.index("Hasan")
    assert next_name(text, text.index("Reşat"), spans) == text.index("Kalın döndü")
    assert next_name(text, text.index("döndü"), spans) is None
    assert next_name(text, text.index("Hasan") + 2, spans, -1) == text.index("MİT")
    assert next_name(text, 0, spans, -1) is None
