"""Pilot tests of canonical entities: the link picker (k), automatic links, propagation (a), the
entities screen (e) and variant clusters (c), asserted on the store and on the screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from annotations.importers.text_files import import_files
from annotations.model import Article, Span
from annotations.seeds import seed_files
from annotations.store import Store
from tests.tui.test_annotator import annotating, area, panel_lines
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.screens.clusters import ClusterList, ClustersScreen
from tui.screens.entities import EntitiesScreen, EntityList
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.line import LineDialog
from tui.dialogs.link import CandidateList, LinkPicker
from tui.dialogs.review import ProposalList, ReviewScreen
from tui.widgets.span_panel import SpanPanel

TEXT = "Halil Hayye konuştu. Hayye'nin heyeti ve Khalil al-Hayya ile HALİL HAYYE geldi."
SEED_000 = "000_32c02bc332455d9c"
SEED_004 = "004_6b0b2ef26e7569ca"


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a1", "Birinci", TEXT), None)])
    return store


async def label(pilot, app, surface: str, key: str = "p", after: int = 0) -> None:
    start = TEXT.index(surface, after) if app.screen.article_id == "a1" else None
    if start is None:
        text = app.store.get_article(app.screen.article_id).text
        start = text.index(surface, after)
    area(app).select_range(start, start + len(surface))
    await pilot.press(key)
    await pilot.pause()


def picker_rows(app) -> list[str]:
    listing = app.screen.query_one(CandidateList)
    return [listing.row_text(index).split() for index in range(listing.row_count)]


async def test_k_links_to_a_new_entity_with_an_editable_name(store: Store):
    async with annotating(store) as (app, pilot):
        await label(pilot, app, "Hayye", after=12)  # no entity yet: no picker
        assert not isinstance(app.screen, LinkPicker)
        await pilot.press("k")
        assert isinstance(app.screen, LinkPicker)
        field = app.screen.query_one(Input)
        assert field.value == "Hayye"
        field.value = "Halil Hayye"
        await pilot.pause()
        assert picker_rows(app) == [["+", "new", "PER:", "Halil", "Hayye"]]
        await pilot.press("enter")
        await pilot.pause()
        (entity,) = store.entities()
        assert (entity.canonical, entity.label, set(entity.aliases)) == (
            "Halil Hayye", "PER", {"Halil Hayye", "Hayye"},
        )  # fmt: skip
        assert panel_lines(app) == ["PER    Hayye  → Halil Hayye"]
        await pilot.press("u")
        assert store.entity_rows() == []
        assert store.spans_for("a1")[0].entity_id is None


async def test_picker_opens_after_labelling_and_puts_the_person_first(store: Store):
    hayye = store.add_entity("Halil Hayye", "PER")
    store.add_entity("Halil İnalcık", "PER")
    store.add_entity("Hamas", "ORG")
    async with annotating(store) as (app, pilot):
        for surface in ("Hayye", "Khalil al-Hayya"):
            await label(pilot, app, surface, after=12)
            assert isinstance(app.screen, LinkPicker), surface
            rows = picker_rows(app)
            assert rows[0][1:4] == ["PER", "Halil", "Hayye"], rows
            assert app.screen.query_one(CandidateList).cursor == 0  # the best, preselected
            await pilot.press("enter")
            await pilot.pause()
        linked = {s.surface: s.entity_id for s in store.spans_for("a1")}
        assert linked == {"Hayye": hayye.id, "Khalil al-Hayya": hayye.id}
        assert "Khalil al-Hayya" in store.get_entity(hayye.id).aliases


async def test_picker_arrows_choose_escape_cancels_and_a_row_unlinks(store: Store):
    store.add_entity("Halil Hayye", "PER")
    second = store.add_entity("Halil Hayyam", "PER")
    async with annotating(store) as (app, pilot):
        await label(pilot, app, "Hayye", after=12)
        await pilot.press("escape")
        assert store.spans_for("a1")[0].entity_id is None
        await pilot.press("k")
        field = app.screen.query_one(Input)
        field.value = "Halil Hayyam"
        await pilot.pause()
        assert picker_rows(app)[0][2:4] == ["Halil", "Hayyam"]
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert store.spans_for("a1")[0].entity_id == second.id
        await pilot.press("k")
        rows = picker_rows(app)
        assert ["(unlink:", "no", "entity)"] in rows
        for _ in range(len(rows) - 2):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert store.spans_for("a1")[0].entity_id is None


async def test_a_lower_case_query_in_the_picker_finds_what_the_capitalised_one_finds(store: Store):
    cmcc = store.add_entity("Sivil Askeri Koordinasyon Merkezi", "ORG")
    store.add_entity("Sivas Belediyesi", "ORG")
    store.save_articles([(Article("a2", "İkinci", "Toplantıya CMCC heyeti katıldı."), None)])
    async with annotating(store, "a2") as (app, pilot):
        await label(pilot, app, "CMCC", "o")
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)
        listing = app.screen.query_one(CandidateList)
        found = {}
        for query in ("Sivil", "sivil", "SİVİL", "sivil askeri"):
            app.screen.query_one(Input).value = ""
            for character in query:
                await pilot.press(character if character != " " else "space")
            await pilot.pause()
            rows, cursor = drawn_rows(listing)
            found[query] = [" ".join(row.split()[1:]) for row in rows[1:-1]]  # but "+ new"
            assert rows[-1].split()[:2] == ["+", "new"], query
            assert cursor == 1, query  # the best row, preselected
        header = "score label entity matched alias".split()
        assert drawn_rows(listing)[0][0].split() == header
        expected = "ORG Sivil Askeri Koordinasyon Merkezi Sivil Askeri Koordinasyon Merkezi"
        assert found["Sivil"][0] == expected
        assert found["sivil"] == found["SİVİL"] == found["Sivil"]
        assert found["sivil askeri"][0] == expected
        await pilot.press("enter")
        await pilot.pause()
        assert [s.entity_id for s in store.spans_for("a2")] == [cmcc.id]
        panel = app.screen.query_one(SpanPanel)
        assert panel.row_text(0, width=80) == " ORG    CMCC  → Sivil Askeri Koordinasyon Merkezi"


async def test_a_surface_written_like_one_alias_is_linked_at_once_and_undoably(store: Store):
    hayye = store.add_entity("Halil Hayye", "PER")
    async with annotating(store) as (app, pilot):
        await label(pilot, app, "HALİL HAYYE")
        assert not isinstance(app.screen, LinkPicker)
        (span,) = store.spans_for("a1")
        assert span.entity_id == hayye.id
        assert panel_lines(app) == ["PER    HALİL HAYYE  → Halil Hayye"]
        await pilot.press("u")  # undoes the link, keeps the span
        assert [(s.surface, s.entity_id) for s in store.spans_for("a1")] == [("HALİL HAYYE", None)]


async def test_k_on_no_span_says_so(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("k")
        assert not isinstance(app.screen, LinkPicker)
        assert "Put the cursor on a span" in list(app._notifications)[-1].message


async def test_k_on_a_date_just_made_does_not_link_it(store: Store):
    """k right after d opened the picker on the new DATE span, and "+ new DATE" made an entity
    labelled DATE with the span linked to it."""
    store.add_entity("Hayye", "PER", ["Hayye"])
    async with annotating(store) as (app, pilot):
        await label(pilot, app, "Hayye", key="d", after=5)
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, LinkPicker)
        assert "Put the cursor on a span" in list(app._notifications)[-1].message
        (date,) = [span for span in store.spans_for("a1") if span.label == "DATE"]
        assert date.entity_id is None and [e.label for e in store.entities()] == ["PER"]


# Propagation on the seeds ---------------------------------------------------------------------


async def test_a_proposes_every_other_mention_of_kalin_in_both_seeds(store: Store):
    import_files(store, seed_files())  # beside a1, which has no Kalın
    async with annotating(store, SEED_004) as (app, pilot):
        await label(pilot, app, "Kalın")
        await pilot.press("k")
        app.screen.query_one(Input).value = "İbrahim Kalın"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        listing = app.screen.query_one(ProposalList)
        proposals = list(listing.proposals)
        assert {p.surface for p in proposals} == {"İbrahim Kalın", "Kalın"}
        assert [p.article_id for p in proposals[:4]] == [SEED_004] * 4
        assert {p.article_id for p in proposals[4:]} == {SEED_000}
        assert "[İbrahim Kalın]" in listing.row_text(1) or "[Kalın]" in listing.row_text(0)
        await pilot.press("y")  # the first mention in this article
        await pilot.press("n")  # the next: rejected for good
        rejected = proposals[1]
        await pilot.press("A")  # the rest of this article
        assert {p.article_id for p in listing.proposals} == {SEED_000}
        await pilot.press("escape")
        await pilot.pause()
        linked = [s for s in store.spans_for(SEED_004) if s.entity_id]
        assert len(linked) == 1 + len([p for p in proposals if p.article_id == SEED_004]) - 1
        assert all(s.label == "PER" for s in linked)
        assert any("→ İbrahim Kalın" in line for line in panel_lines(app)[1:])
        assert (rejected.start, rejected.end, "PER") in store.rejected_proposals(SEED_004, "ayse")
        await pilot.press("a")
        again = app.screen.query_one(ProposalList).proposals
        assert {p.article_id for p in again} == {SEED_000}


def drawn_rows(listing) -> tuple[list[str], int | None]:
    """The lines the list draws on screen (text without trailing blanks; the header first if it
    has one), and which of them is drawn in the cursor's colours."""
    cursor_style = listing.get_component_rich_style("row-list--cursor")
    rows, cursor = [], None
    lines = listing.row_count + (1 if listing.HEADER else 0)
    for y in range(min(listing.size.height, lines)):
        strip = listing.render_line(y)
        rows.append("".join(segment.text for segment in strip).rstrip())
        if any(s.style and s.style.bgcolor == cursor_style.bgcolor for s in strip):
            cursor = y
    return rows, cursor


def review_title(app) -> str:
    return str(app.screen.query_one("#review-title", Static).render())


def linked_spans(store: Store, article_id: str) -> list[tuple[int, int]]:
    return sorted((s.start, s.end) for s in store.spans_for(article_id) if s.entity_id)


async def review_kalin(pilot, app) -> list:
    """Link the first Kalın of seed 004 to a new entity İbrahim Kalın and open its propagation
    review (4 more mentions in 004, then 5 in 000); returns the proposals as first shown."""
    await label(pilot, app, "Kalın")
    await pilot.press("k")
    app.screen.query_one(Input).value = "İbrahim Kalın"
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    proposals = list(app.screen.query_one(ProposalList).proposals)
    assert [p.article_id for p in proposals] == [SEED_004] * 4 + [SEED_000] * 5
    return proposals


async def test_the_review_queue_takes_the_row_under_the_cursor_and_counts_what_is_left(
    store: Store,
):
    import_files(store, seed_files())
    async with annotating(store, SEED_004) as (app, pilot):
        proposals = await review_kalin(pilot, app)
        listing = app.screen.query_one(ProposalList)
        shown = [listing.row_text(index, width=listing.size.width) for index in range(9)]
        assert drawn_rows(listing) == (shown, 0)
        assert review_title(app) == "Mentions of İbrahim Kalın (PER): 9 left in 2 articles"
        await pilot.press("down", "j", "down", "k")
        assert drawn_rows(listing)[1] == 2
        await pilot.press("y")  # the third row, not the first
        third = proposals[2]
        assert len(linked_spans(store, SEED_004)) == 2  # the one linked by hand and the third
        assert (third.start, third.end) in linked_spans(store, SEED_004)
        # Its row is gone; the cursor is on the row that followed it.
        assert drawn_rows(listing) == (shown[:2] + shown[3:], 2)
        assert review_title(app) == "Mentions of İbrahim Kalın (PER): 8 left in 2 articles"
        await pilot.press("pagedown", "n")  # the last row
        last = proposals[-1]
        assert store.rejected_proposals(SEED_000, "ayse") == {(last.start, last.end, "PER")}
        assert drawn_rows(listing) == (shown[:2] + shown[3:8], 6)
        await pilot.press("pageup", "n")  # the first row
        first = proposals[0]
        assert (first.start, first.end, "PER") in store.rejected_proposals(SEED_004, "ayse")
        assert drawn_rows(listing) == (shown[1:2] + shown[3:8], 0)
        assert review_title(app) == "Mentions of İbrahim Kalın (PER): 6 left in 2 articles"
        assert store.spans_for(SEED_000) == []  # nothing taken but what was asked


async def test_capital_a_takes_an_article_c_the_corpus_after_saying_how_many_then_it_closes(
    store: Store,
):
    import_files(store, seed_files())
    async with annotating(store, SEED_004) as (app, pilot):
        proposals = await review_kalin(pilot, app)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Static).render())
        assert question == "Accept all 9 proposals left in 2 articles?"
        await pilot.press("n")  # not now: nothing taken, the queue as it was
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(linked_spans(store, SEED_004)) == 1 and store.spans_for(SEED_000) == []
        assert review_title(app) == "Mentions of İbrahim Kalın (PER): 9 left in 2 articles"
        await pilot.press("A")  # this article's four
        assert len(linked_spans(store, SEED_004)) == 5
        assert review_title(app) == "Mentions of İbrahim Kalın (PER): 5 left in 1 article"
        listing = app.screen.query_one(ProposalList)
        assert all(SEED_000 in row for row in drawn_rows(listing)[0])
        await pilot.press("C")
        await pilot.pause()
        question = str(app.screen.query_one("#question", Static).render())
        assert question == "Accept all 5 proposals left in 1 article?"
        await pilot.press("y")
        await pilot.pause()
        # Nothing left: the queue closed by itself and said what was done.
        assert isinstance(app.screen, AnnotatorScreen)
        assert linked_spans(store, SEED_000) == sorted((p.start, p.end) for p in proposals[4:])
        assert {s.entity_id for s in store.spans_for(SEED_000)} == {next(store.entities()).id}
        message = list(app._notifications)[-1].message
        assert message == "Mentions of İbrahim Kalın (PER): accepted 9; nothing left to review"
        assert len([line for line in panel_lines(app) if "→ İbrahim Kalın" in line]) == 5
        await pilot.press("u")  # each accepted span is one undo step
        assert len(linked_spans(store, SEED_000)) == 4


async def test_a_on_an_unlinked_span_says_so(store: Store):
    async with annotating(store) as (app, pilot):
        await label(pilot, app, "Hayye", after=12)
        await pilot.press("a")
        assert not isinstance(app.screen, ReviewScreen)
        assert "linked span" in list(app._notifications)[-1].message


# The entities screen ----------------------------------------------------------------------------


def entity_lines(app) -> list[str]:
    listing = app.screen.query_one(EntityList)
    return [" ".join(listing.row_text(index).split()) for index in range(listing.row_count)]


@pytest.fixture
def linked(store: Store) -> Store:
    hayye = store.add_entity("Halil Hayye", "PER")
    khalil = store.add_entity("Khalil al-Hayya", "PER")
    for surface, entity in (("Halil Hayye", hayye), ("Khalil al-Hayya", khalil)):
        start = TEXT.index(surface)
        store.add_span(
            Span("a1", start, start + len(surface), "PER", surface, "ayse", entity_id=entity.id)
        )
    return store


async def test_e_lists_entities_and_merge_then_undo_round_trips(linked: Store):
    store = linked
    before = store.entity_rows()
    async with annotating(store) as (app, pilot):
        await pilot.press("e")
        assert isinstance(app.screen, EntitiesScreen)
        assert entity_lines(app) == ["1 PER 1 1 Halil Hayye", "2 PER 1 1 Khalil al-Hayya"]
        await pilot.press("down", "space", "up", "m")
        assert entity_lines(app) == ["1 PER 2 1 Halil Hayye (Khalil al-Hayya)"]
        assert {s.entity_id for s in store.spans_for("a1")} == {1}
        await pilot.press("u")
        assert store.entity_rows() == before
        assert [s.entity_id for s in store.spans_for("a1")] == [1, 2]
        await pilot.press("ctrl+r")
        assert [row.entity.id for row in store.entity_rows()] == [1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        assert panel_lines(app) == [
            "PER    Halil Hayye  → Halil Hayye",
            "PER    Khalil al-Hayya  → Halil Hayye",
        ]
        await pilot.press("u")  # the annotator shares the history: the merge is undone
        assert [s.entity_id for s in store.spans_for("a1")] == [1, 2]


async def test_m_without_marks_says_how(linked: Store):
    async with annotating(linked) as (app, pilot):
        await pilot.press("e", "m")
        assert len(linked.entity_rows()) == 2
        assert "Mark the entities" in list(app._notifications)[-1].message


async def test_n_renames_r_relabels_i_and_t_edit_details(linked: Store):
    store = linked
    async with annotating(store) as (app, pilot):
        await pilot.press("e", "n")
        assert isinstance(app.screen, LineDialog)
        app.screen.query_one(Input).value = "Halil el-Hayye"
        await pilot.press("enter")
        await pilot.pause()
        assert store.get_entity(1).canonical == "Halil el-Hayye"
        assert entity_lines(app)[0] == "1 PER 1 1 Halil el-Hayye (Halil Hayye)"
        await pilot.press("r", "o")
        assert store.get_entity(1).label == "ORG"
        assert store.spans_for("a1")[0].label == "ORG"
        await pilot.press("i")
        app.screen.query_one(Input).value = "Q123"
        await pilot.press("enter")
        await pilot.press("t")
        app.screen.query_one(Input).value = "Hamas yöneticisi"
        await pilot.press("enter")
        await pilot.pause()
        entity = store.get_entity(1)
        assert (entity.external_id, entity.note) == ("Q123", "Hamas yöneticisi")
        assert "[Q123]" in entity_lines(app)[0]
        for _ in range(4):
            await pilot.press("u")
        assert (store.get_entity(1).canonical, store.get_entity(1).label) == ("Halil Hayye", "PER")


async def test_r_d_does_not_make_an_entity_a_date(linked: Store):
    store = linked
    async with annotating(store) as (app, pilot):
        await pilot.press("e", "r", "d")
        await pilot.pause()
        assert store.get_entity(1).label == "PER" and store.spans_for("a1")[0].label == "PER"
        (refusal,) = [n for n in app._notifications if "cannot be DATE" in n.message]
        assert refusal.severity == "error"
        assert entity_lines(app)[0].startswith("1 PER")


async def test_n_on_an_entity_another_app_renamed_since_is_refused_and_shows_it(linked: Store):
    store = linked
    async with annotating(store) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        with Store(store.path, annotator="ali") as ali:
            ali.rename_entity(1, "Halil Hayya")  # ali, in his app, while ayse's list shows it
        await pilot.press("n")
        app.screen.query_one(Input).value = "Halil el-Hayye"
        await pilot.press("enter")
        await pilot.pause()
        assert store.get_entity(1).canonical == "Halil Hayya"
        (refusal,) = [n for n in app._notifications if "changed elsewhere" in n.message]
        assert refusal.message.startswith("entity 'Halil Hayye' was changed elsewhere")
        assert entity_lines(app)[0].endswith("Halil Hayya (Halil Hayye)")
        await pilot.press("n")  # from the copy shown now: saved
        app.screen.query_one(Input).value = "Halil el-Hayye"
        await pilot.press("enter")
        await pilot.pause()
        assert store.get_entity(1).canonical == "Halil el-Hayye"


async def test_x_deletes_keeping_spans_and_enter_opens_the_first_mention(linked: Store):
    store = linked
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 30)) as pilot:
        await pilot.press("e")  # from the library
        assert isinstance(app.screen, EntitiesScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        assert area(app).cursor_offset == TEXT.index("Khalil al-Hayya")
        await pilot.press("escape")
        await pilot.press("x")
        assert [row.entity.canonical for row in store.entity_rows()] == ["Halil Hayye"]
        assert [s.entity_id for s in store.spans_for("a1")] == [1, None]
        await pilot.press("u")
        assert [s.entity_id for s in store.spans_for("a1")] == [1, 2]


async def test_c_clusters_merge_with_one_key_dismiss_for_good_and_undo(linked: Store):
    store = linked
    store.add_entity("İbrahim Kalın", "PER")
    store.add_entity("Kalın", "PER")
    async with annotating(store) as (app, pilot):
        await pilot.press("e", "c")
        assert isinstance(app.screen, ClustersScreen)
        listing = app.screen.query_one(ClusterList)
        lines = [" ".join(listing.row_text(i).split()) for i in range(listing.row_count)]
        assert lines[0].startswith("PER 95 Halil Hayye ~ Khalil al-Hayya")
        assert "İbrahim Kalın ~ Kalın" in lines[1]
        await pilot.press("m")
        assert [row.entity.canonical for row in store.entity_rows()][:1] == ["Halil Hayye"]
        assert len(store.entity_rows()) == 3
        await pilot.press("m")  # a tie: the name with most words is kept
        assert [row.entity.canonical for row in store.entity_rows()] == [
            "Halil Hayye", "İbrahim Kalın",
        ]  # fmt: skip
        await pilot.press("u")
        assert len(store.entity_rows()) == 3
        await pilot.press("escape", "c")
        await pilot.pause()
        listing = app.screen.query_one(ClusterList)
        assert [c.entity_ids for c in listing.clusters] == [(3, 4)]
        await pilot.press("n")
        assert store.dismissed_clusters() == {frozenset({3, 4})}
        assert listing.row_count == 0
        title = str(app.screen.query_one("#clusters-title", Static).render())
        assert title.startswith("0 variant clusters")
        await pilot.press("u")  # the first merge
        assert len(store.entity_rows()) == 4
        await pilot.press("escape", "c")
        await pilot.pause()
        shown = app.screen.query_one(ClusterList)
        assert [c.entity_ids for c in shown.clusters] == [(1, 2)]  # the dismissed one stays away
