"""The entity store, its undo history, propagation over the seeds and variant clusters."""

from __future__ import annotations

import pytest

from annotations.errors import AmbiguousEntity, EntityChanged, InvalidEntity
from annotations.history import History
from annotations.matching import EntityIndex
from annotations.model import Article, Span
from annotations.propagation import find_mentions, propagation_proposals
from annotations.store import Store
from annotations.variant_clusters import variant_clusters

ANNOTATOR = "ayse"


def first_span(store: Store, article_id: str, surface: str, label: str = "PER") -> Span:
    text = store.get_article(article_id).text
    start = text.index(surface)
    return store.add_span(Span(article_id, start, start + len(surface), label, surface, ANNOTATOR))


@pytest.fixture
def seeds(seeded_store: Store) -> tuple[Store, str, str]:
    first, second = seeded_store.article_ids()
    return seeded_store, first, second


def test_linking_makes_the_surface_an_alias_and_undo_takes_it_back(seeds):
    store, first, _ = seeds
    history = History(store)
    span = first_span(store, first, "Kalın", "PER")
    linked = history.link_new(span, "İbrahim Kalın")
    entity = store.get_entity(linked.entity_id)
    assert (entity.canonical, entity.label) == ("İbrahim Kalın", "PER")
    assert set(entity.aliases) == {"İbrahim Kalın", "Kalın"}
    history.undo()
    assert store.get_span(span.id).entity_id is None
    assert store.entity_rows() == []
    history.redo()
    assert store.get_span(span.id).entity_id == entity.id
    assert store.get_entity(entity.id).aliases == entity.aliases


def test_rename_keeps_the_id_and_drops_a_misspelt_old_name(seeds):
    store, first, _ = seeds
    history = History(store)
    entity = store.add_entity("İbrahim Kalin", "PER")
    span = history.link(first_span(store, first, "Kalın"), entity.id)
    renamed = history.rename_entity(entity, "İbrahim Kalın")
    assert renamed.id == entity.id
    assert set(renamed.aliases) == {"İbrahim Kalın", "Kalın"}
    assert store.get_span(span.id).entity_id == entity.id
    history.undo()
    assert store.get_entity(entity.id).canonical == "İbrahim Kalin"


def test_relabel_changes_the_entity_and_its_spans(seeds):
    store, first, _ = seeds
    history = History(store)
    entity = store.add_entity("Kalın", "ORG")
    span = history.link(first_span(store, first, "Kalın", "ORG"), entity.id)
    history.relabel_entity(store.get_entity(entity.id), "PER")
    assert store.get_entity(entity.id).label == "PER"
    assert store.get_span(span.id).label == "PER"
    history.undo()
    assert store.get_span(span.id).label == "ORG"


def test_merge_relinks_every_span_joins_aliases_and_undo_round_trips(seeds):
    store, first, second = seeds
    history = History(store)
    hayye = store.add_entity("Halil Hayye", "PER")
    other = store.add_entity("Khalil al-Hayya", "PER", ["Hayye"])
    kept_span = history.link(first_span(store, second, "Halil Hayye"), hayye.id)
    text = store.get_article(second).text
    start = text.index("Halil Hayye", kept_span.end)
    moved = store.add_span(
        Span(second, start, start + 11, "PER", "Halil Hayye", ANNOTATOR, entity_id=other.id)
    )
    before = (store.snapshot([kept_span.id, moved.id], [hayye.id, other.id]), store.entity_rows())
    merged = history.merge_entities(store.get_entity(hayye.id), [store.get_entity(other.id)])
    assert set(merged.aliases) == {"Halil Hayye", "Khalil al-Hayya", "Hayye"}
    assert store.get_span(moved.id).entity_id == hayye.id
    assert [row.entity.id for row in store.entity_rows()] == [hayye.id]
    assert store.entity_rows()[0].mentions == 2
    history.undo()
    after = (store.snapshot([kept_span.id, moved.id], [hayye.id, other.id]), store.entity_rows())
    assert after[0].entities == before[0].entities
    assert {i: s.entity_id for i, s in after[0].spans.items()} == {
        kept_span.id: hayye.id,
        moved.id: other.id,
    }
    assert [(r.entity.id, r.mentions) for r in after[1]] == [(hayye.id, 1), (other.id, 1)]
    history.redo()
    assert store.get_span(moved.id).entity_id == hayye.id


def test_merging_an_entity_into_itself_is_refused(store):
    entity = store.add_entity("Hamas", "ORG")
    with pytest.raises(InvalidEntity, match="itself"):
        store.merge_entities(entity.id, entity.id)


def test_delete_keeps_the_spans_unlinked_and_undo_relinks_them(seeds):
    store, first, _ = seeds
    history = History(store)
    entity = store.add_entity("İbrahim Kalın", "PER", ["Kalın"])
    span = history.link(first_span(store, first, "Kalın"), entity.id)
    history.delete_entity(store.get_entity(entity.id))
    assert store.get_span(span.id).entity_id is None
    assert store.entity_rows() == []
    history.undo()
    assert store.get_span(span.id).entity_id == entity.id
    assert set(store.get_entity(entity.id).aliases) == {"İbrahim Kalın", "Kalın"}


def test_external_id_and_note(store):
    entity = store.add_entity("İbrahim Kalın", "PER")
    store.set_entity_details(entity.id, " Q6052187 ", "MİT Başkanı")
    changed = store.get_entity(entity.id)
    assert (changed.external_id, changed.note) == ("Q6052187", "MİT Başkanı")
    store.set_entity_details(entity.id, "", "")
    assert store.get_entity(entity.id).external_id is None


def test_a_write_from_a_copy_another_hasiye_changed_since_is_refused(store: Store):
    """Two apps on one file: ali renames and annotates an entity while ayse's list still shows it
    as it was. Her rename, relabel, details, merge or delete from that copy would undo his rename
    unseen: each is refused, and nothing of it is written. An alias his span added meanwhile is
    no change to what she edits."""
    hayye = store.add_entity("Halil Hayye", "PER", ["Hayye"])
    other = store.add_entity("Khalil al-Hayya", "PER")
    history = History(store)
    with Store(store.path, annotator="ali") as ali:
        ali.add_alias(hayye.key, "Halil el-Hayye")  # a span linked: no conflict
        assert history.set_entity_details(hayye, "Q1", None).external_id == "Q1"
        hayye = store.get_entity(hayye.key)  # ayse's list shows it again
        ali.rename_entity(hayye.key, "Halil Hayya")
    attempts = [
        lambda: history.rename_entity(hayye, "Halil el-Hayye"),
        lambda: history.relabel_entity(hayye, "ORG"),
        lambda: history.set_entity_details(hayye, "Q1", "a note from the old copy"),
        lambda: history.merge_entities(other, [hayye]),
        lambda: history.merge_entities(hayye, [other]),
        lambda: history.delete_entity(hayye),
    ]
    for attempt in attempts:
        with pytest.raises(EntityChanged, match="'Halil Hayye' was changed elsewhere"):
            attempt()
    now = store.get_entity(hayye.key)
    assert (now.canonical, now.label, now.external_id, now.note) == (
        "Halil Hayya", "PER", "Q1", None
    )
    assert store.get_entity(other.key).canonical == "Khalil al-Hayya"
    assert len(history.done) == 1  # only the write from a current copy
    assert history.rename_entity(now, "Halil Hayye").canonical == "Halil Hayye"


def test_find_entity_by_id_name_or_alias_and_ambiguity(store):
    kalin = store.add_entity("İbrahim Kalın", "PER", ["Kalın"])
    assert store.find_entity("ibrahim kalin").id == kalin.id
    assert store.find_entity(str(kalin.id)).id == kalin.id
    store.add_entity("Kalın Holding", "ORG", ["Kalın"])
    with pytest.raises(AmbiguousEntity, match="several entities"):
        store.find_entity("KALIN")
    with pytest.raises(InvalidEntity, match="no entity named"):
        store.find_entity("Nobody")


def test_mentions_fold_casing_and_ascii_and_leave_suffixes_and_lower_case_out():
    text = "Kalın'dan mesaj. KALIN ve Kalin geldi; kalın bir kitap. İbrahim Kalın, Kalınlar"
    found = [text[start:end] for start, end in find_mentions(text, ["İbrahim Kalın", "Kalın"])]
    assert found == ["Kalın", "KALIN", "Kalin", "İbrahim Kalın"]


def test_mentions_across_particles_and_hyphens():
    text = "Halil el-Hayye dedi ki Hayye'nin heyeti; Halil, Hayye değil."
    found = [text[s:e] for s, e in find_mentions(text, ["Halil el-Hayye", "Hayye"])]
    assert found == ["Halil el-Hayye", "Hayye", "Hayye"]  # the second one without its suffix


def test_every_word_of_a_name_written_with_capitals_needs_its_capital():
    text = "halil Hayye, Halil hayye, HALİL  HAYYE, Halil-Hayye ve Halil el-hayye; Halil El-Hayye."
    found = [text[s:e] for s, e in find_mentions(text, ["Halil Hayye", "Halil el-Hayye"])]
    # "el" is written in lower case in the alias: it needs no capital, the other words do.
    assert found == ["HALİL  HAYYE", "Halil-Hayye", "Halil El-Hayye"]


@pytest.mark.parametrize("quote", ["'", "‘", "’", "`"])
def test_an_opening_quote_is_not_a_suffix_apostrophe(quote: str):
    # The seed's "'Gazze ateşkes anlaşması'": the quote stands after a blank, not after a name.
    text = f"Hamas, {quote}Gazze ateşkes anlaşması{quote} için Gazze'nin adına teşekkür etti."
    found = [(text[s:e], s) for s, e in find_mentions(text, ["Gazze"])]
    assert found == [("Gazze", text.index("Gazze")), ("Gazze", text.index("Gazze'nin"))]


def test_a_name_inside_a_suffix_or_after_a_joining_apostrophe_is_not_a_mention():
    text = "Ankara'gazze ve O'Gazze"
    assert find_mentions(text, ["gazze"]) == []


def test_propagation_from_one_kalin_finds_every_other_mention_in_both_seeds(seeds):
    store, first, second = seeds
    history = History(store)
    span = history.link_new(first_span(store, first, "Kalın"), "İbrahim Kalın")
    entity = store.get_entity(span.entity_id)
    proposals = list(propagation_proposals(store, entity, "PER", ANNOTATOR, first_article=first))
    surfaces = {proposal.surface for proposal in proposals}
    assert surfaces == {"İbrahim Kalın", "Kalın"}
    for article_id in (first, second):
        text = store.get_article(article_id).text
        expected = len(find_mentions(text, ["İbrahim Kalın", "Kalın"]))
        got = [p for p in proposals if p.article_id == article_id]
        taken = 1 if article_id == first else 0
        assert len(got) == expected - taken > 0
    assert proposals[0].article_id == first
    assert all(not (p.start < span.end and span.start < p.end) for p in proposals)
    assert any(p.after.startswith("'dan") for p in proposals)


def test_propagation_skips_rejected_and_overlapping_positions(seeds):
    store, first, second = seeds
    entity = store.add_entity("İbrahim Kalın", "PER", ["Kalın"])
    proposals = list(propagation_proposals(store, entity, "PER", ANNOTATOR))
    rejected, covered = proposals[0], proposals[1]
    store.reject_proposal(
        rejected.article_id, ANNOTATOR, rejected.start, rejected.end, rejected.label
    )
    text = store.get_article(covered.article_id).text
    store.add_span(
        Span(covered.article_id, covered.start - 4, covered.end, "ORG",
             text[covered.start - 4 : covered.end], ANNOTATOR)
    )  # fmt: skip
    again = {
        (p.article_id, p.start) for p in propagation_proposals(store, entity, "PER", ANNOTATOR)
    }
    assert (rejected.article_id, rejected.start) not in again
    assert (covered.article_id, covered.start) not in again
    assert len(again) == len(proposals) - 2


def test_variant_clusters_group_transliterations_and_surnames_not_look_alikes():
    index = EntityIndex()
    index.add(1, "PER", ["Halil Hayye"])
    index.add(2, "PER", ["Khalil al-Hayya"])
    index.add(3, "PER", ["İbrahim Kalın"])
    index.add(4, "PER", ["Kalın"])
    index.add(5, "ORG", ["Hamas"])
    index.add(6, "ORG", ["Hamas Siyasi Bürosu"])
    index.add(7, "PER", ["Ahmet Kalın"])
    index.add(8, "LOC", ["Halil Hayye"])  # another label: not the person
    clusters = variant_clusters(index)
    groups = {cluster.entity_ids for cluster in clusters}
    assert (1, 2) in groups
    assert any({3, 4} <= set(group) for group in groups)
    assert not any({5, 6} <= set(group) for group in groups)
    assert not any(8 in group for group in groups)
    assert not any({3, 7} == set(group) for group in groups)
    dismissed = variant_clusters(index, {frozenset({1, 2})})
    assert (1, 2) not in {cluster.entity_ids for cluster in dismissed}


def test_dismissed_clusters_are_remembered(store):
    store.dismiss_cluster([7, 3])
    assert store.dismissed_clusters() == {frozenset({3, 7})}


def test_a_rejected_proposal_is_a_step_of_its_article_and_undo_proposes_it_again(seeds):
    store, first, _ = seeds
    history = History(store)
    text = store.get_article(first).text
    start = text.index("Kalın")
    key = (first, ANNOTATOR, start, start + 5, "PER")
    history.reject(key, "rejected PER Kalın")
    assert store.rejected_proposals(first, ANNOTATOR) == {(start, start + 5, "PER")}
    step = history.done[-1]
    # Undoing it from another article opens this one, at the proposal.
    assert (step.article_id, step.offset) == (first, start)
    history.undo()
    assert store.rejected_proposals(first, ANNOTATOR) == set()
    history.redo()
    assert store.rejected_proposals(first, ANNOTATOR) == {(start, start + 5, "PER")}


def test_a_linked_span_made_a_date_leaves_its_entity_and_no_entity_becomes_date(store: Store):
    """DATE spans are never linked: relabelling a linked LOC to DATE (r d) kept the link, and
    then k would not unlink it; relabelling an entity to DATE made every linked span so."""
    store.save_articles([(Article("a", "t", "Katar ile 5 Kasım 2025 günü görüşüldü."), None)])
    katar = store.add_entity("Katar", "LOC", ["Katar"])
    span = store.add_span(Span("a", 0, 5, "LOC", "Katar", ANNOTATOR, entity_id=katar.key))
    history = History(store)
    text = store.get_article("a").text
    changed = history.change(span, 0, 5, "DATE", text)
    assert (changed.label, changed.entity_id, changed.value) == ("DATE", None, None)
    history.undo()
    assert store.get_span(span.key).entity_id == katar.key  # undo links it again
    with pytest.raises(InvalidEntity, match="an entity cannot be DATE"):
        history.relabel_entity(store.get_entity(katar.key), "DATE")
    assert store.get_entity(katar.key).label == "LOC" and store.get_span(span.key).label == "LOC"
    date = history.change(store.get_span(span.key), 10, 22, "DATE", text)
    assert (date.surface, date.value, date.entity_id) == ("5 Kasım 2025", "2025-11-05", None)


def test_no_way_links_a_date_span(store: Store, tmp_path):
    """The store refuses a DATE span with an entity (the picker, propagation, undo); an import
    refuses a DATE span that names one, with its line."""
    from annotations.errors import InvalidSpan
    from annotations.importers.datasets import import_dataset

    store.save_articles([(Article("a", "t", "Dün Ankara'da görüşüldü."), None)])
    ankara = store.add_entity("Ankara", "LOC")
    with pytest.raises(InvalidSpan, match="a DATE span is not linked to an entity"):
        store.add_span(Span("a", 0, 3, "DATE", "Dün", ANNOTATOR, entity_id=ankara.key))
    date = store.add_span(Span("a", 0, 3, "DATE", "Dün", ANNOTATOR))
    with pytest.raises(InvalidSpan, match="a DATE span is not linked"):
        store.change_span(date, entity_id=ankara.key)
    assert store.get_span(date.key).entity_id is None
    dataset = tmp_path / "d.jsonl"
    dataset.write_text(
        '{"id": "b", "text": "Dün geldi.", "spans": [{"start": 0, "end": 3, "label": "DATE", '
        '"canonical": "Dün Entity"}]}\n',
        encoding="utf-8",
    )
    report = import_dataset(store, dataset, ANNOTATOR, ("PER", "ORG", "LOC", "DATE"))
    assert not report.written and not store.has_article("b")
    assert report.problems == [
        f"{dataset}:1: article b: span 0-3 DATE: a DATE span is not linked to an entity "
        "(entity 'Dün Entity')"
    ]
