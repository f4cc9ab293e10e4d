"""CoNLL that keeps the data: Turkish tokens, a file's own tokens and sentences, spaCy's
-DOCSTART-, many columns. The real file is tests/data/sadedegel_ner.conll (sadedegel's news, MIT;
made by tests/data/make_sadedegel_conll.py with a tokenizer of its own)."""

from __future__ import annotations

import difflib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.conll import (
    DOCSTART_LINE,
    FLAIR_DOCSTART_LINE,
    outermost,
    read_documents,
    rebuild,
    tag_column,
    to_conll,
)
from annotations.dataset import GoldSpan
from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.store import Store
from annotations.tokenizing import TOKENISED_TAG, sentences_of, tokens_of

DATA = Path(__file__).parent.parent / "data"
REAL = DATA / "sadedegel_ner.conll"
RAW_NEWS = Path("/work/shared/data/sadedegel/raw_news.jsonl")
REAL_ARTICLES = [0, 1, 2, 12, 13, 26, 28, 31, 38, 44, 45, 74, 77, 91]  # as the maker takes them
LABELS = ("PER", "ORG", "LOC", "DATE")


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in tokens_of(text)]


def exported(store: Store, format_name: str = "conll") -> str:
    out = io.StringIO()
    export(store, format_name, None, ExportSelection(), LABELS, stdout=out)
    return out.getvalue()


# The tokenizer ----------------------------------------------------------------------------------


def test_ordinals_abbreviations_and_initials_stay_whole():
    text = "Prof. Dr. Ayşe Doç. Av. Ali Ş.'nin 3. kez 19. yüzyılda T.C. ve A.Ş. M. Kemal G.Saray"
    assert words(text) == [
        "Prof.", "Dr.", "Ayşe", "Doç.", "Av.", "Ali", "Ş.", "'nin", "3.", "kez", "19.",
        "yüzyılda", "T.C.", "ve", "A.Ş.", "M.", "Kemal", "G.Saray",
    ]  # fmt: skip


def test_signed_numbers_and_a_suffix_after_a_space():
    assert words("Hava -6 derece, Almanya 'nın ve Türkiye ’ye") == [
        "Hava", "-6", "derece", ",", "Almanya", "'nın", "ve", "Türkiye", "’ye",
    ]  # fmt: skip
    # An opening quote is not a suffix, nor is a quoted word.
    assert words("bir ‘dönüm noktası’ ve 'bugün' dedi") == [
        "bir", "‘", "dönüm", "noktası", "’", "ve", "'", "bugün", "'", "dedi",
    ]  # fmt: skip


def sentences(text: str) -> list[str]:
    """The text's sentences, their tokens joined by spaces."""
    found = sentences_of(text, tokens_of(text))
    return [" ".join(text[a:b] for a, b in sentence) for sentence in found]


def test_sentences_do_not_end_after_titles_ordinals_or_initials():
    text = "Dr. Ahmet geldi. Prof. Ayşe 3. kez konuştu. M. Kemal Ş.'nin evinde. 2. Fırını açın."
    assert sentences(text) == [
        "Dr. Ahmet geldi .",
        "Prof. Ayşe 3. kez konuştu .",
        "M. Kemal Ş. 'nin evinde .",
        "2. Fırını açın .",
    ]


def test_an_initial_written_apart_from_its_point_does_not_end_a_sentence():
    """Text tokenised with spaces writes ``G . Saray`` (Galatasaray), ``K . Irak``: the point
    after a lone capital letter is an initial's; after a word it still ends the sentence."""
    text = "Demek ki G . Saray da yeniliyor . Burada K . Irak 'ta A . B . D . Sonra"
    assert sentences(text) == [
        "Demek ki G . Saray da yeniliyor .",
        "Burada K . Irak 'ta A . B . D . Sonra",
    ]


def test_a_span_over_an_abbreviated_name_keeps_its_tokens():
    text = "Doç. Dr. Ş. Yılmaz'ın raporu."
    spans = [GoldSpan(9, 18, "PER", "Ş. Yılmaz", "a")]
    assert text[9:18] == "Ş. Yılmaz"
    [sentence] = to_conll(text, spans).sentences
    assert sentence == [
        ("Doç.", "O"), ("Dr.", "O"), ("Ş.", "B-PER"), ("Yılmaz", "I-PER"), ("'ın", "O"),
        ("raporu", "O"), (".", "O"),
    ]  # fmt: skip


@pytest.mark.skipif(not RAW_NEWS.exists(), reason="sadedegel's raw news are not on this machine")
def test_the_tokenizer_agrees_with_the_real_file_on_the_running_text():
    """hasiye's tokens of the original news text against the file's: every ordinal, title and
    initial agrees; what differs is typing in the source (oluruz...Teknik, moralsiz‘‘)."""
    texts = [json.loads(line)["text"] for line in RAW_NEWS.open(encoding="utf-8")]
    documents = list(read_documents(REAL.open(encoding="utf-8")))
    total = differing = 0
    for number, document in zip(REAL_ARTICLES, documents):
        theirs = [token for sentence in document.sentences for token, _, _ in sentence]
        mine = words(texts[number])
        matcher = difflib.SequenceMatcher(a=theirs, b=mine, autojunk=False)
        for kind, first, last, _, _ in matcher.get_opcodes():
            if kind != "equal":
                differing += last - first
                assert not {"Dr.", "Prof.", "Hz.", "M.", "K.", "3."} & set(theirs[first:last])
        total += len(theirs)
    print(f"tokens: {total - differing} of {total} agree")
    assert total > 9000 and differing <= total // 500


# A file's own tokens, tags and sentences ---------------------------------------------------------


def test_a_real_turkish_conll_file_round_trips_identically(store: Store):
    report = import_dataset(store, REAL, "ayse", LABELS)
    assert report.written and report.added == 14, report.problems
    again = exported(store)
    original = REAL.read_text(encoding="utf-8")
    assert again == original  # token for token, tag for tag, sentence for sentence
    assert again.count("\n\n") == original.count("\n\n") and original.count("B-") > 700


def test_conll_flair_differs_only_in_its_docstart_line_and_comes_back_the_same(
    store: Store, tmp_path: Path
):
    """flair's ColumnCorpus finds no entity in a file that starts with spaCy's "-DOCSTART- -X-
    O O" (it takes -X- for the tag column's content); with "-DOCSTART-<TAB>O" flair 0.15.1 read
    all 728 entities of this file and nothing else (checked by hand: flair needs torch)."""
    import_dataset(store, REAL, "ayse", LABELS)
    spacy_lines = exported(store).split("\n")
    flair_file = exported(store, "conll-flair")
    assert flair_file.split("\n") == [
        FLAIR_DOCSTART_LINE if line == DOCSTART_LINE else line for line in spacy_lines
    ]
    assert flair_file.count(FLAIR_DOCSTART_LINE + "\n") == 14
    path = tmp_path / "flair.conll"
    path.write_text(flair_file, encoding="utf-8")
    with Store(tmp_path / "again.db") as again:
        assert import_dataset(again, path, "ayse", LABELS).added == 14
        assert exported(again, "conll-flair") == flair_file
        assert sum(len(again.spans_for(article_id)) for article_id in again.article_ids()) == 728


def test_an_imported_file_keeps_its_sentences_and_tokens_against_the_heuristics(store: Store, tmp_path):
    # One sentence in the file holds ". Ahmet" and a token hasiye would split ("%50", "A.B.D").
    content = (
        "Geldi\tO\n.\tO\nAhmet\tB-PER\n%50\tO\nA.B.D\tB-LOC\n\nİkinci\tO\ncümle\tO\n\n"
    )
    path = tmp_path / "own.conll"
    path.write_text(content, encoding="utf-8")
    import_dataset(store, path, "ayse", LABELS)
    article = store.get_article("own-0001")
    assert TOKENISED_TAG in article.tags
    assert article.text == "Geldi . Ahmet %50 A.B.D\nİkinci cümle"
    assert exported(store) == "-DOCSTART- -X- O O\n\n" + content


def test_iob1_comes_back_as_iob2_with_the_same_entities(store: Store, tmp_path):
    path = tmp_path / "iob1.conll"
    path.write_text("Angela\tI-PER\nMerkel\tI-PER\nBerlin\tI-LOC\n", encoding="utf-8")
    import_dataset(store, path, "ayse", LABELS)
    assert exported(store).splitlines()[2:] == ["Angela\tB-PER", "Merkel\tI-PER", "Berlin\tB-LOC", ""]


# Columns -----------------------------------------------------------------------------------------


def test_the_tag_column_by_position_or_by_name():
    lines = ["# columns = word pos chunk ner\n", "Ankara NNP B-NP B-LOC\n", "'da X I-NP O\n"]
    by_default = list(read_documents(lines))[0]
    assert [(token, tag) for token, tag, _ in by_default.sentences[0]] == [("Ankara", "B-LOC"), ("'da", "O")]
    chunks = list(read_documents(lines, tag_column("3")))[0]
    assert [tag for _, tag, _ in chunks.sentences[0]] == ["B-NP", "I-NP"]
    named = list(read_documents(lines, tag_column("chunk")))[0]
    assert [tag for _, tag, _ in named.sentences[0]] == ["B-NP", "I-NP"]
    with pytest.raises(ValueError, match="no column named 'ner2'"):
        list(read_documents(lines, tag_column("ner2")))


def test_conll_u_plus_columns_name_the_token_too():
    lines = [
        "# global.columns = ID FORM NE\n", "# sent_id = 1\n", "# text = Ankara güzel\n",
        "1\tAnkara\tB-LOC\n", "2\tgüzel\tO\n", "3\t#\tO\n",
    ]  # fmt: skip
    [document] = list(read_documents(lines))
    text, spans = rebuild(document, "a")
    assert text == "Ankara güzel #" and [(s.text, s.label) for s in spans] == [("Ankara", "LOC")]


def test_pipe_separated_tokens_one_per_line_or_a_sentence_per_line():
    per_token = list(read_documents(["Ankara|NNP|B-LOC\n", "güzel|JJ|O\n"]))[0]
    per_sentence = list(read_documents(["Ankara|NNP|B-LOC güzel|JJ|O\n", "Ali|NNP|B-PER geldi|VB|O\n"]))[0]
    assert rebuild(per_token, "a")[0] == "Ankara güzel"
    text, spans = rebuild(per_sentence, "a")
    assert text == "Ankara güzel\nAli geldi" and [s.text for s in spans] == ["Ankara", "Ali"]


def test_a_pos_column_mistaken_for_tags_names_the_option(store: Store, tmp_path):
    path = tmp_path / "pos.conll"
    path.write_text("Ankara B-LOC NNP\n", encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.problems[0].endswith(
        "tag 'NNP' is not O or B-, I-, E-, S- and a label (IOB, IOB2, BIOES)"
        " (--tag-column chooses another column)"
    )
    fixed = import_dataset(store, path, "ayse", LABELS, tag_column=tag_column("2"))
    assert fixed.written and [s.surface for s in store.spans_for("pos-0001")] == ["Ankara"]


def test_a_token_with_a_space_inside_is_refused_with_its_line(store: Store, tmp_path):
    """Kept, "New York" would be stored as two words and come back as two tokens."""
    path = tmp_path / "space.conll"
    path.write_text("Ali\tB-PER\ngeldi\tO\n\nNew York\tB-LOC\n", encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.problems == [
        f"{path}:4: token 'New York' contains a space; a token is one word (split or join it)"
    ]
    assert not report.written and store.article_count() == 0


# The tools that read it ----------------------------------------------------------------------------


def test_seqeval_reads_every_exported_entity_as_a_well_formed_iob2_chunk(gold_store: Store):
    """seqeval (what NER papers score CoNLL with): its lenient reading and its strict IOB2
    reading find the same chunks, one per span CoNLL holds, with the span's label and words."""
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, Entities

    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in exported(gold_store).splitlines() + [""]:
        if line.strip() and line != DOCSTART_LINE:
            token, tag = line.split("\t")
            sentence.append((token, tag))
        elif sentence:
            sentences.append(sentence)
            sentence = []
    tags = [[tag for _, tag in sentence] for sentence in sentences]
    strict = {entity.to_tuple() for chunk in Entities(tags, IOB2).entities for entity in chunk}
    found = []
    for number, sentence in enumerate(sentences):
        for label, start, end in get_entities(tags[number]):
            assert (number, label, start, end + 1) in strict
            found.append((label, "".join(token for token, _ in sentence[start : end + 1])))
    assert len(found) == len(strict)
    expected = []
    for article_id in gold_store.article_ids():
        kept, _ = outermost(
            GoldSpan(s.start, s.end, s.label, s.surface, s.annotator)
            for s in gold_store.spans_for(article_id)
        )
        expected += [(span.label, "".join(span.text.split())) for span in kept]
    assert sorted(found) == sorted(expected) and len(found) > 50


def test_spacy_converter_sees_each_article_as_a_document(store: Store):
    converters = pytest.importorskip("spacy.training.converters")
    import_dataset(store, REAL, "ayse", LABELS)
    text = exported(store)
    docs = list(converters.conll_ner_to_docs(text, n_sents=0, no_print=True))
    assert len(docs) == 14
    tokens = [token.text for doc in docs for token in doc]
    assert "-DOCSTART-" not in tokens
    expected = [line.split("\t")[0] for line in text.splitlines() if "\t" in line]
    assert tokens == expected
    entities = sum(len(doc.ents) for doc in docs)
    assert entities == text.count("\tB-")


# Any file of tokens and IOB2 tags comes back as it was --------------------------------------------

ODD_TOKENS = [
    "Ankara", "'nın", "’de", "3.", "Dr.", "Ş.", "%50", "A.B.D", "(", ")", "‘", "…", "...", "-6",
    "e-posta", "G.Saray", "http://x.y/z?a=b", "#", "|", "a|b", "O'nun", "İ", "ı", "5.11.2025",
    "#columns=x", "\x1b[31m", "[bold]", "ﬁ", "é",
]  # fmt: skip


@st.composite
def conll_files(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        lines.append(f"{DOCSTART_LINE}\n\n")
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            previous = "O"
            for _ in range(draw(st.integers(min_value=1, max_value=8))):
                token = draw(st.sampled_from(ODD_TOKENS))
                kind = draw(st.sampled_from(["O", "B", "I"] if previous != "O" else ["O", "B"]))
                label = previous[2:] if kind == "I" else draw(st.sampled_from(LABELS))
                tag = "O" if kind == "O" else f"{kind}-{label}"
                lines.append(f"{token}\t{tag}\n")
                previous = tag
            lines.append("\n")
    return "".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conll_files())
def test_any_iob2_file_round_trips_identically(content: str):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "random.conll"
        path.write_text(content, encoding="utf-8", newline="")
        with Store(Path(scratch) / "random.db") as store:
            report = import_dataset(store, path, "ayse", LABELS)
            assert report.written, report.problems
            assert exported(store) == content


def test_spacy_convert_on_the_command_line_makes_one_doc_per_article(store: Store, tmp_path: Path):
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    import spacy

    import_dataset(store, REAL, "ayse", LABELS)
    source = tmp_path / "gold.conll"
    source.write_text(exported(store), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(source), str(tmp_path), "--converter", "ner"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    docs = list(DocBin().from_disk(tmp_path / "gold.spacy").get_docs(spacy.blank("tr").vocab))
    assert len(docs) == 14
    assert sum(len(doc.ents) for doc in docs) == 728
    assert all(token.text != "-DOCSTART-" for doc in docs for token in doc)
