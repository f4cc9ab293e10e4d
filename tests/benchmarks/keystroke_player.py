"""The keystroke player: reaches a gold annotation in the running app by pressing keys only.

Every key goes through ``pilot.press`` and is counted; the player only *reads* the screen and the
store to decide the next key, as an annotator looks at the screen. For each gold span it plans the
cheapest key sequence with ``keystroke_sim`` (the core functions the keys call), presses it, and
checks after every key that the screen did what was predicted (a wrong prediction is a bug here or
in the app, and stops the run).

Two ways to play:

- ``smart``: open each article from the library; date expressions through ``D``; for each entity,
  one mention of each spelling by hand (the canonical spelling first where the text has it), then
  ``a`` propagates the entity to its other mentions in both articles; spans no proposal reached
  (a name inside a name already made) by hand at the end. Navigation, labelling and linking keys
  are whatever the planner finds cheapest.
- ``naive``: for each gold span in text order, ``/`` + the whole surface + enter (+ ``n`` / ``N`` to
  the right match), the label key, ``k`` and the picker when not linked automatically.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotations import keymap
from annotations.annotating import name_at
from annotations.dates import DATE_LABEL
from annotations.matching import EntityIndex
from annotations.model import Entity
from annotations.propagation import propagation_proposals
from annotations.review import Proposal
from annotations.store import Store
from annotations.turkish import loose_key
from tests.benchmarks.keystroke_sim import (
    MOVES,
    Page,
    Plan,
    Sim,
    SimSpan,
    just_made,
    link_target,
    plan_span,
    step,
    typed,
    under_cursor,
    value_of,
)
from tui.dialogs.line import LineDialog
from tui.dialogs.link import CandidateList, LinkPicker
from tui.dialogs.find import FindDialog
from tui.dialogs.review import ReviewScreen
from tui.screens.annotator import AnnotatorScreen
from tui.screens.library import LibraryScreen

GOLD_FILE = Path(__file__).with_name("seeds_gold.yaml")
KINDS = ("navigation", "labelling", "linking", "review", "other")


@dataclass(frozen=True)
class Gold:
    article: str
    start: int
    end: int
    label: str
    surface: str
    entity: str | None = None  # canonical name of the linked entity
    value: str | None = None  # a DATE span's value

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.article, self.start, self.end, self.label)

    def __str__(self) -> str:
        return f"{self.article[:3]} {self.start}-{self.end} {self.label} {self.surface!r}"


def load_gold(data: dict[str, Any], texts: dict[str, str]) -> list[Gold]:
    """The gold spans of a ``{articles: {id: [span, ...]}}`` mapping, each checked against the
    article text (``text[start:end] == surface``), in article then text order."""
    gold = []
    for article, spans in data["articles"].items():
        text = texts[article]
        for entry in spans:
            span = Gold(article, entry["start"], entry["end"], entry["label"], entry["surface"],
                        entry.get("entity"), entry.get("value"))  # fmt: skip
            found = text[span.start : span.end]
            assert found == span.surface, f"{span}: the text there is {found!r}"
            assert (span.value is None) == (span.label != DATE_LABEL), f"{span}: value"
            assert (span.entity is None) == (span.label == DATE_LABEL), f"{span}: entity"
            gold.append(span)
    assert len({span.key for span in gold}) == len(gold), "a gold span is listed twice"
    return sorted(gold, key=lambda span: (span.article, span.start, span.end))


def load_gold_file(texts: dict[str, str], path: Path = GOLD_FILE) -> list[Gold]:
    return load_gold(yaml.safe_load(path.read_text(encoding="utf-8")), texts)


def stored_annotation(store: Store, articles: Iterable[str], annotator: str) -> set[tuple]:
    """The store's spans of these articles as comparable rows (entity by canonical name)."""
    rows = set()
    for article in articles:
        for span in store.spans_for(article):
            if span.annotator != annotator:
                continue
            name = store.get_entity(span.entity_id).canonical if span.entity_id else None
            rows.add((article, span.start, span.end, span.label, span.surface, name, span.value))
    return rows


def gold_rows(gold: Iterable[Gold]) -> set[tuple]:
    return {(g.article, g.start, g.end, g.label, g.surface, g.entity, g.value) for g in gold}


def difference(store: Store, gold: list[Gold], annotator: str) -> list[str]:
    """What the store has that the gold has not (+) and the other way round (-); empty if equal."""
    have = stored_annotation(store, {g.article for g in gold}, annotator)
    want = gold_rows(gold)
    lines = [f"- {row}" for row in sorted(want - have)]
    lines += [f"+ {row}" for row in sorted(have - want)]
    return lines


# The count ----------------------------------------------------------------------------------


@dataclass
class KeyLog:
    presses: list[tuple[str, str, str]] = field(default_factory=list)  # key, kind, for what

    def add(self, key: str, kind: str, what: str) -> None:
        assert kind in KINDS, kind
        self.presses.append((key, kind, what))

    @property
    def total(self) -> int:
        return len(self.presses)

    def by_kind(self) -> Counter[str]:
        return Counter(kind for _, kind, _ in self.presses)

    def by_target(self) -> dict[str, list[str]]:
        keys: dict[str, list[str]] = defaultdict(list)
        for key, _, what in self.presses:
            keys[what].append(key)
        return keys


def char_key(character: str) -> str:
    return {" ": "space", "/": "slash", ":": "colon", "-": "minus", ".": "full_stop"}.get(
        character, character
    )


# The player ---------------------------------------------------------------------------------


class PlayerError(AssertionError):
    """The screen did not do what the player predicted: a bug in the player or in the app."""


class Player:
    def __init__(self, app: Any, pilot: Any, gold: list[Gold], mode: str = "smart") -> None:
        self.app = app
        self.pilot = pilot
        self.gold = gold
        self.mode = mode
        self.log = KeyLog()
        self.by_key = {g.key: g for g in gold}
        self.articles = sorted({g.article for g in gold})
        self.propagated: set[str] = set()  # entities whose propagation point has passed
        self.events: list[str] = []  # propagation and date reviews: keys and spans made
        self.plan = PropagationPlan([], {})

    # Pressing and reading ---------------------------------------------------------------------

    async def press(self, kind: str, what: str, *keys: str) -> None:
        for key in keys:
            self.log.add(key, kind, what)
            await self.pilot.press(key)
        await self.pilot.pause()

    @property
    def store(self) -> Store:
        return self.app.session.store

    @property
    def annotator(self) -> str:
        return self.app.session.annotator

    @property
    def screen(self) -> AnnotatorScreen:
        screen = self.app.screen
        if not isinstance(screen, AnnotatorScreen):
            raise PlayerError(f"expected the annotator, the screen is {type(screen).__name__}")
        return screen

    def index(self) -> EntityIndex:
        return self.app.session.entities().index

    def page(self) -> Page:
        screen = self.screen
        labels = {label.key: label.name for label in self.app.session.labels}
        return Page(screen.article_id, screen.article.text, self.app.session.titles,
                    self.index(), labels, screen.article_date)  # fmt: skip

    def live(self) -> Sim:
        screen = self.screen
        area = screen.text_area
        spans = tuple(SimSpan(s.key, s.start, s.end, s.label, s.entity_id) for s in screen.spans)
        fresh = screen.fresh.id if screen.fresh is not None else None
        return Sim(
            cursor=area.offset_of(area.selection.end),
            anchor=area.offset_of(area.selection.start),
            selecting=area.selecting,
            fresh=fresh,
            fresh_cursor=screen.fresh_cursor,
            spans=spans,
            relabel_pending=screen.relabel_pending,
            query=screen.query_text,
            match_index=screen.match_index,
        )

    def made(self) -> set[tuple[str, int, int, str]]:
        return {
            (span.article_id, span.start, span.end, span.label)
            for article in self.articles
            for span in self.store.spans_for(article)
            if span.annotator == self.annotator
        }

    def entity_named(self, name: str, label: str) -> Entity | None:
        return next(
            (e for e in self.store.entities() if e.canonical == name and e.label == label), None
        )

    # Opening articles -------------------------------------------------------------------------

    async def open_first(self) -> None:
        """From the library: the cursor starts on the first article; move to the one wanted."""
        assert isinstance(self.app.screen, LibraryScreen)
        await self.open(self.articles[0])

    async def open(self, article: str) -> None:
        screen = self.app.screen
        if isinstance(screen, LibraryScreen):
            listing = screen.article_list
            target = listing.ids.index(article)
            step_key = "down" if target > listing.cursor else "up"
            for _ in range(abs(target - listing.cursor)):
                await self.press("navigation", "open article", step_key)
            await self.press("navigation", "open article", "enter")
        elif self.screen.article_id != article:
            ids = self.store.article_ids()
            here, there = ids.index(self.screen.article_id), ids.index(article)
            key = "right_square_bracket" if there > here else "left_square_bracket"
            for _ in range(abs(there - here)):
                await self.press("navigation", "open article", key)
        for _ in range(20):
            if isinstance(self.app.screen, AnnotatorScreen) and self.screen.article_id == article:
                break
            await self.pilot.pause()
        assert self.screen.article_id == article

    # Making one span --------------------------------------------------------------------------

    async def make(self, g: Gold) -> None:
        """Make one gold span by the cheapest planned keys, then link it (or set its value)."""
        page, sim = self.page(), self.live()
        entity = self.entity_named(g.entity, g.label) if g.entity else None
        plans = plan_span(page, sim, g.start, g.end, g.label)
        if not plans:
            raise PlayerError(f"no key sequence found for {g}")
        best = min(plans, key=lambda plan: plan.cost + self.finish_cost(page, plan.end, g, entity))
        await self.execute(page, sim, best, str(g))
        await self.finish(g)

    async def execute(self, page: Page, sim: Sim, plan: Plan, what: str) -> None:
        for key in plan.keys:
            predicted = step(page, sim, key)
            assert predicted is not None
            await self.press_planned(key, what)
            sim = self.check(predicted, key, what)

    async def press_planned(self, key: str, what: str) -> None:
        if key.startswith("/"):
            await self.press("navigation", what, "slash")
            if not isinstance(self.app.screen, FindDialog):
                raise PlayerError("/ did not open the find prompt")
            await self.press("navigation", what, *map(char_key, key[1:]), "enter")
            return
        kind = "navigation" if key in MOVES else (
            "linking" if key == "escape" else "labelling"
        )
        name = {">": "greater_than_sign", "<": "less_than_sign", "(": "left_parenthesis",
                ")": "right_parenthesis"}.get(key, key)  # fmt: skip
        await self.press(kind, what, name)

    def check(self, predicted: Sim, key: str, what: str) -> Sim:
        """The live state after a key, which must be the predicted one."""
        picker = isinstance(self.app.screen, LinkPicker)
        if picker != (predicted.picker is not None):
            raise PlayerError(f"{what}: after {key!r} the picker is {'open' if picker else 'shut'}")
        if picker:
            return predicted
        live = self.live()
        for name in ("cursor", "anchor", "selecting", "relabel_pending"):
            if getattr(live, name) != getattr(predicted, name):
                raise PlayerError(
                    f"{what}: after {key!r} {name} is {getattr(live, name)}, "
                    f"predicted {getattr(predicted, name)}"
                )
        if live.ranges() != predicted.ranges():
            raise PlayerError(
                f"{what}: after {key!r} the spans are {sorted(live.ranges() ^ predicted.ranges())}"
                " off the prediction"
            )
        return live

    # Linking and values -----------------------------------------------------------------------

    def finish_cost(self, page: Page, sim: Sim, g: Gold, entity: Entity | None) -> int:
        """Keys to link the span (or fix its value) from a plan's end state; large when the
        span could not be reached from there."""
        span = next(s for s in sim.spans if (s.start, s.end, s.label) == (g.start, g.end, g.label))
        if g.label == DATE_LABEL:
            if value_of(page, g.label, g.surface) == g.value:
                return 0
            return 2 + len(g.value or "") if under_cursor(page, sim) == span else 99
        if sim.picker == span.id:
            return self.choose_cost(page.index, g, entity, linked=False)[0]
        if entity is not None and span.entity == entity.id:
            return 0
        if link_target(page, sim) != span:
            return 99
        return 1 + self.choose_cost(page.index, g, entity, linked=span.entity is not None)[0]

    def choose_cost(
        self, index: EntityIndex, g: Gold, entity: Entity | None, linked: bool
    ) -> tuple[int, list[str]]:
        """Keys in the picker to link to the gold entity, and what to type first: the field
        holds the surface, selected (typing replaces it); rows are the candidates for what the
        field says, then (on a linked span) unlink, then the new entity row."""
        assert g.entity is not None

        def rows(text: str) -> list[int]:
            return [c.entity_id for c in index.rank(text, label=g.label)] if text.strip() else []

        options: list[tuple[int, list[str]]] = []
        name = g.entity
        if entity is not None:
            for typing in ["", *(name[:length] for length in range(1, len(name) + 1))]:
                found = rows(typing or g.surface)
                if entity.id in found:
                    options.append((len(typing) + found.index(entity.id) + 1, list(typing)))
                    break
        else:
            extra = 1 if linked else 0
            edits: list[list[str]] = [list(name)]
            if name == g.surface:
                edits.insert(0, [])
            elif name.endswith(g.surface):
                edits.append(["home", *name[: len(name) - len(g.surface)]])
            elif name.startswith(g.surface):
                edits.append(["end", *name[len(g.surface) :]])
            for edit in edits:
                options.append((len(edit) + len(rows(name)) + extra + 1, edit))
        if not options:
            return 99, []
        return min(options, key=lambda option: option[0])

    async def finish(self, g: Gold) -> None:
        """Link the span just made to its entity (or fix a DATE value), by the picker."""
        what = str(g)
        if g.label == DATE_LABEL:
            span = self.stored(g)
            if span.value != g.value:
                await self.press("other", what, "equals_sign")
                assert isinstance(self.app.screen, LineDialog)
                await self.press("other", what, *map(char_key, g.value or ""), "enter")
            return
        assert g.entity is not None
        entity = self.entity_named(g.entity, g.label)
        span = self.stored(g)
        if entity is not None and span.entity_id == entity.id:
            return
        if not isinstance(self.app.screen, LinkPicker):
            await self.press("linking", what, "k")
        picker = self.app.screen
        if not isinstance(picker, LinkPicker) or picker.span.id != span.id:
            raise PlayerError(f"{what}: the picker did not open for the span")
        _, typing = self.choose_cost(self.index(), g, entity, linked=span.entity_id is not None)
        if typing:
            await self.press("linking", what, *map(char_key, typing))
        listing = picker.query_one(CandidateList)
        if entity is not None and entity.id is not None:
            row = [c.entity_id for c in listing.candidates].index(entity.id)
        else:
            row = listing.row_count - 1
        await self.press("linking", what, *["down"] * (row - listing.cursor), "enter")
        linked = self.stored(g)
        name = self.store.get_entity(linked.entity_id).canonical if linked.entity_id else None
        if name != g.entity:
            raise PlayerError(f"{what}: linked to {name!r}")

    def stored(self, g: Gold) -> Any:
        return next(
            span
            for span in self.store.spans_for(g.article)
            if (span.start, span.end, span.label) == (g.start, g.end, g.label)
            and span.annotator == self.annotator
        )

    # Review queues ----------------------------------------------------------------------------

    def wanted(self, proposal: Proposal, article: str) -> bool:
        g = self.by_key.get((proposal.article_id or article, proposal.start, proposal.end,
                             proposal.label))  # fmt: skip
        if g is None:
            return False
        if proposal.value is not None:
            return proposal.value.value == g.value
        if proposal.entity_id is None:
            return g.entity is None
        return self.store.get_entity(proposal.entity_id).canonical == g.entity

    async def review(self, what: str) -> int:
        """Work through the open review queue: accept the gold proposals, reject the others,
        a whole article (or the whole queue) at once when every proposal there is gold."""
        review = self.app.screen
        assert isinstance(review, ReviewScreen)
        article = self.screen_below_article()
        everything = corpus_key()
        accepted = 0
        while isinstance(self.app.screen, ReviewScreen) and review.proposals:
            rows = review.proposals
            current = rows[review.listing.cursor]
            same = [p for p in rows if p.article_id == current.article_id]
            if everything is not None and all(self.wanted(p, article) for p in rows):
                await self.press("review", what, everything)
                accepted += len(rows)
            elif len(same) > 1 and all(self.wanted(p, article) for p in same):
                await self.press("review", what, "A")
                accepted += len(same)
            elif self.wanted(current, article):
                await self.press("review", what, "y")
                accepted += 1
            else:
                await self.press("review", what, "n")
        if isinstance(self.app.screen, ReviewScreen):  # unless it closed itself when empty
            await self.press("review", what, "escape")
        return accepted

    def screen_below_article(self) -> str:
        below = self.app.screen_stack[-2]
        assert isinstance(below, AnnotatorScreen)
        return below.article_id

    async def dates(self) -> None:
        article = self.screen.article_id
        todo = [g for g in self.gold if g.article == article and g.label == DATE_LABEL]
        if not todo or all(g.key in self.made() for g in todo):
            return
        await self.press("review", "dates", "D")
        if isinstance(self.app.screen, ReviewScreen):
            before = self.log.total - 1
            accepted = await self.review("dates")
            self.events.append(f"D in {article[:3]}: {self.log.total - before} keys, "
                               f"{accepted} DATE spans")  # fmt: skip

    async def propagate(self, g: Gold) -> None:
        """a on the span just made: its entity's other mentions in both articles."""
        entity = self.entity_named(g.entity or "", g.label)
        assert entity is not None
        proposals = list(
            propagation_proposals(self.store, entity, g.label, self.annotator, g.article)
        )
        useful = [p for p in proposals if self.wanted(p, g.article)]
        if not useful or self.ahead_alone(useful):
            return
        page, sim = self.page(), self.live()
        target = under_cursor(page, sim)
        if target is None or target.id != self.stored(g).id:
            return  # the cursor has left the span: not worth walking back for
        what = f"propagate {entity.canonical}"
        before = self.log.total
        await self.press("review", what, "a")
        for _ in range(100):
            if isinstance(self.app.screen, ReviewScreen):
                break
            await asyncio.sleep(0.02)
            await self.pilot.pause()
        else:
            raise PlayerError(f"{what}: the review did not open")
        accepted = await self.review(what)
        self.events.append(f"{what}: {self.log.total - before} keys, {accepted} spans")

    # The two ways -----------------------------------------------------------------------------

    async def play(self) -> KeyLog:
        await self.open_first()
        if self.mode == "naive":
            for article in self.articles:
                await self.open(article)
                for g in [g for g in self.gold if g.article == article]:
                    await self.make_naively(g)
            return self.log
        texts = {article: self.store.get_article(article).text for article in self.articles}
        plan = self.plan = PropagationPlan(self.gold, texts)
        for article in self.articles:
            await self.open(article)
            await self.walk(article, plan)
        for article in self.articles:  # what no proposal reached, behind the cursor
            left = [g for g in self.gold if g.article == article and g.key not in self.made()]
            if left:
                await self.open(article)
                for g in left:
                    if g.key not in self.made():
                        await self.make(g)
        return self.log

    async def walk(self, article: str, plan: PropagationPlan) -> None:
        await self.dates()
        for g in [g for g in self.gold if g.article == article and g.label != DATE_LABEL]:
            if g.key in self.made():
                continue
            assert g.entity is not None
            if g.key not in plan.by_hand and g.entity not in self.propagated:
                continue  # its entity's propagation will propose it
            if self.later_with_its_name(g):
                continue  # made at the end, linked to the entity that mention makes
            for inner in self.waiting_inside(g):
                await self.make(inner)  # first: no proposal reaches it once g is made
            await self.make(g)
            if plan.last_by_hand.get(g.entity) == g.key:
                self.propagated.add(g.entity)
                await self.propagate(g)

    def waiting_inside(self, g: Gold) -> list[Gold]:
        """The gold spans inside this one left for a propagation still to come."""
        made = self.made()
        return [
            h for h in self.gold
            if h.article == g.article and g.start <= h.start and h.end <= g.end and h != g
            and h.key not in made and h.entity is not None and h.entity not in self.propagated
        ]  # fmt: skip

    def ahead_alone(self, useful: list[Proposal]) -> bool:
        """One mention left, further on and on the walk's way: labelling it there (linked at
        once, as it is written like an alias) costs about what a, y and escape would."""
        if len(useful) != 1:
            return False
        (proposal,) = useful
        here = self.screen.article_id
        there = proposal.article_id or here
        ahead = there > here or (there == here and proposal.start > self.live().cursor)
        # ... and on the way: a span still to be made lies beyond it.
        made = self.made()
        return ahead and any(
            h.article == there and h.start > proposal.start and h.key not in made
            and h.label != DATE_LABEL and (h.start, h.end) != (proposal.start, proposal.end)
            for h in self.gold
        )  # fmt: skip

    def later_with_its_name(self, g: Gold) -> bool:
        """Whether the span would make its entity under a name typed in full, while a mention
        further on in this article is written like that name: that one goes first, and this
        span is made in the sweep at the end."""
        assert g.entity is not None
        if form(g.surface) == form(g.entity) or self.entity_named(g.entity, g.label):
            return False
        return any(
            h.article == g.article and h.start > g.start and h.entity == g.entity
            and form(h.surface) == form(g.entity)
            for h in self.gold
        )  # fmt: skip

    async def make_naively(self, g: Gold) -> None:
        """/ + the whole surface + enter, n or N to the right match, the label key (another label
        and r + the label where the label key would resize a span of the same label), k."""
        if g.key in self.made():
            return
        page, sim = self.page(), self.live()
        query = "/" + typed(g.surface)
        found = step(page, sim, query)
        keys: list[str] = [query]
        matches = page.matches(query[1:])
        target = matches.index((g.start, g.end))
        assert found is not None
        ahead = (target - found.match_index) % len(matches)
        keys += ["n"] * ahead if ahead <= len(matches) - ahead else ["N"] * (len(matches) - ahead)
        label_key = next(k for k, name in page.label_keys.items() if name == g.label)
        sim_after = found
        for key in keys[1:]:
            following = step(page, sim_after, key)
            assert following is not None
            sim_after = following
        labelled = step(page, sim_after, label_key)
        if labelled is None or labelled.ranges() != sim.ranges() | {(g.start, g.end, g.label)}:
            other = next(k for k, name in page.label_keys.items()
                         if name not in (g.label, DATE_LABEL))  # fmt: skip
            keys += [other, "r", label_key]
        else:
            keys.append(label_key)
        plan = Plan(tuple(keys), sim, 0)
        await self.execute(page, sim, plan, str(g))
        await self.finish(g)


def corpus_key() -> str | None:
    """A review key that accepts every proposal of the queue, if the review has one."""
    for key in keymap.REVIEW:
        action = key.action
        if "accept" in action and action not in ("accept", "accept_all"):
            return key.keys.split(",")[0]
    return None


def form(surface: str) -> str:
    return " ".join(loose_key(surface).split())


def _easy(text: str, g: Gold) -> bool:
    """Whether the name a label key takes on the span's first word starts where the span does
    (then at most a few > < make it the span)."""
    taken = name_at(text, g.start, [], g.label)
    return taken is not None and taken[0] == g.start


class PropagationPlan:
    """Which mentions of each entity to make by hand: one of each spelling, the last of them the
    point where its entity is propagated. Of the mentions of one spelling, the first at or after
    the first mention written like the canonical name (so that the entity is made with its name,
    and no name is typed), preferring one that is a whole name by itself (a label key takes it
    as it stands: "Hamas'la", not the "Hamas" of "İsrail-Hamas")."""

    def __init__(self, gold: list[Gold], texts: dict[str, str]) -> None:
        self.by_hand: set[tuple[str, int, int, str]] = set()
        self.last_by_hand: dict[str, tuple[str, int, int, str]] = {}
        mentions: dict[str, list[Gold]] = defaultdict(list)
        for g in gold:
            if g.entity is not None:
                mentions[g.entity].append(g)
        for name, found in mentions.items():
            canonical = next((i for i, g in enumerate(found) if form(g.surface) == form(name)), 0)
            chosen: dict[str, Gold] = {}
            ordered = found[canonical:] + found[:canonical]
            easy = [g for g in ordered if _easy(texts[g.article], g)]
            for g in easy + ordered:
                chosen.setdefault(form(g.surface), g)
            hand = sorted(chosen.values(), key=lambda g: (g.article, g.start, g.end))
            self.by_hand.update(g.key for g in hand)
            self.last_by_hand[name] = hand[-1].key
