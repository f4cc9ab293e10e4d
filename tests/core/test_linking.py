"""The linking rules the annotator and the CLI share (annotations.linking)."""

from __future__ import annotations

from annotations.dates import DateValue
from annotations.linking import (
    auto_link_target,
    cluster_keeper,
    picker_is_likely,
    span_from_proposal,
)
from annotations.matching import EntityIndex
from annotations.model import Entity, EntityRow, Span
from annotations.review import Proposal

ENTITIES = [
    Entity(1, "İbrahim Kalın", "PER", ("Kalın", "İbrahim Kalın")),
    Entity(2, "Kahire", "LOC", ("Kahire",)),
    Entity(3, "Hamas", "ORG", ("Hamas",)),
    Entity(4, "Hamas", "PER", ("Hamas",)),  # the same name under another label
    Entity(5, "Mehmet Kaya", "PER", ("Mehmet Kaya",)),
    Entity(6, "Mehmet Kaya", "PER", ("Mehmet Kaya",)),  # two people of one name
]


def span(surface: str, label: str) -> Span:
    return Span("a", 0, len(surface), label, surface, "ayse")


def test_a_span_written_like_one_alias_of_its_label_links_at_once():
    index = EntityIndex.of(ENTITIES)
    assert auto_link_target(index, span("Kalın", "PER")) == 1
    assert auto_link_target(index, span("KALIN", "PER")) == 1  # written alike: any casing
    assert auto_link_target(index, span("Kahire", "LOC")) == 2
    assert auto_link_target(index, span("Hamas", "ORG")) == 3  # the label decides
    assert auto_link_target(index, span("Kahire", "PER")) is None  # no entity of that label
    assert auto_link_target(index, span("Mehmet Kaya", "PER")) is None  # two: ask
    assert auto_link_target(index, span("Kahire", "DATE")) is None  # dates are never linked


def test_the_picker_opens_at_once_only_for_a_likely_entity_of_the_label():
    index = EntityIndex.of(ENTITIES)
    assert picker_is_likely(index, span("Mehmet Kaya", "PER"))
    assert picker_is_likely(index, span("İbrahim", "PER"))  # a first name: part of the name
    assert not picker_is_likely(index, span("Kahire", "PER"))  # only another label's entity
    assert not picker_is_likely(index, span("Ankara", "LOC"))
    assert not picker_is_likely(index, span("Kahire", "DATE"))


def test_a_cluster_merges_into_the_most_used_then_the_fullest_name_then_the_oldest():
    def row(entity_id: int, canonical: str, mentions: int) -> EntityRow:
        return EntityRow(Entity(entity_id, canonical, "PER"), mentions, 1)

    assert cluster_keeper([row(1, "Kalın", 5), row(2, "İbrahim Kalın", 3)]).entity.id == 1
    assert cluster_keeper([row(1, "Kalın", 3), row(2, "İbrahim Kalın", 3)]).entity.id == 2
    assert cluster_keeper([row(7, "Kalın", 3), row(4, "Kalin", 3)]).entity.id == 4


def test_an_accepted_proposal_becomes_a_span_of_the_annotator():
    date = Proposal(5, 12, "DATE", "5 Kasım", "", "", value=DateValue("2025-11-05", None))
    made = span_from_proposal(date, "a", "ayse")
    assert (made.article_id, made.start, made.end, made.label, made.value) == (
        "a", 5, 12, "DATE", "2025-11-05",
    )  # fmt: skip
    assert made.annotator == "ayse" and made.entity_id is None and made.id is None
    mention = Proposal(0, 5, "PER", "Kalın", "", "", article_id="b", entity_id=1)
    made = span_from_proposal(mention, "a", "ayse")
    assert (made.article_id, made.entity_id, made.value) == ("b", 1, None)
