"""Propagation: every unannotated mention of an entity's aliases, in one article or the corpus.

A mention is a run of words that folds to an alias (Turkish casing, ASCII spellings: "KALIN",
"Kalin" and "Kalın" are one), whole words only, optionally followed by an apostrophe suffix that
stays outside the proposed span ("Kalın'dan" proposes "Kalın"). An alias written with capitals
is not found in lower case: "kalın" (thick) is not İbrahim Kalın. Where aliases overlap the
longest wins ("İbrahim Kalın" over "Kalın"). A mention that overlaps any of the annotator's
spans, or was rejected before, is not proposed: existing spans are never touched.

Across the corpus the search index picks the articles that contain an alias's words, so only
those are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from annotations.model import Entity, Span
from annotations.review import Proposal, keyword_in_context
from annotations.store import Store
from annotations.turkish import APOSTROPHES, loose_key

_TOKEN = re.compile(r"[^\W_]+")
_JOINER = re.compile(r"[ \t\-‐]+")  # what may stand between the words of one name


def _alias_words(alias: str) -> list[str]:
    """The alias's words as written, each without an apostrophe suffix."""
    words = []
    for chunk in alias.split():
        for mark in APOSTROPHES:
            chunk = chunk.split(mark, 1)[0]
        words.extend(_TOKEN.findall(chunk))
    return words


def _alias_forms(aliases: Iterable[str]) -> list[tuple[tuple[str, ...], tuple[bool, ...]]]:
    """Each alias as folded words, and for each word whether it must be written with a capital
    (only if every alias folding alike has it: "Kalın" and "KALIN" ask for one, "el" does not)."""
    forms: dict[tuple[str, ...], tuple[bool, ...]] = {}
    for alias in aliases:
        written = _alias_words(alias)
        if not written:
            continue
        words = tuple(loose_key(word) for word in written)
        capitals = tuple(word[0].isupper() for word in written)
        previous = forms.get(words, capitals)
        forms[words] = tuple(a and b for a, b in zip(previous, capitals))
    return sorted(forms.items(), key=lambda item: -len(item[0]))


def find_mentions(text: str, aliases: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every mention of the aliases in the text, longest first where they overlap,
    in text order."""
    forms = _alias_forms(aliases)
    if not forms:
        return []
    folded = loose_key(text)
    tokens = [(match.start(), match.end(), match.group()) for match in _TOKEN.finditer(folded)]
    starts: dict[str, list[int]] = {}
    for index, (_, _, word) in enumerate(tokens):
        starts.setdefault(word, []).append(index)
    found: list[tuple[int, int]] = []
    for words, capitals in forms:
        for index in starts.get(words[0], ()):
            run = tokens[index : index + len(words)]
            if len(run) < len(words) or any(t[2] != w for t, w in zip(run, words)):
                continue
            if not all(_JOINER.fullmatch(text[a[1] : b[0]]) for a, b in zip(run, run[1:])):
                continue
            if any(capital and not text[t[0]].isupper() for t, capital in zip(run, capitals)):
                continue
            if run[0][0] > 0 and text[run[0][0] - 1] in APOSTROPHES:
                continue  # inside a suffix
            found.append((run[0][0], run[-1][1]))
    taken: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda pair: (-(pair[1] - pair[0]), pair[0])):
        if all(end <= other_start or other_end <= start for other_start, other_end in taken):
            taken.append((start, end))
    return sorted(taken)


def article_proposals(
    article_id: str,
    text: str,
    entity: Entity,
    label: str,
    spans: list[Span],
    rejected: set[tuple[int, int, str]],
) -> list[Proposal]:
    """The entity's unannotated mentions in one article, as proposals for spans of ``label``."""
    proposals = []
    for start, end in find_mentions(text, [entity.canonical, *entity.aliases]):
        if (start, end, label) in rejected:
            continue
        if any(span.start < end and start < span.end for span in spans):
            continue
        before, after = keyword_in_context(text, start, end)
        proposals.append(
            Proposal(
                start, end, label, text[start:end], before, after,
                article_id=article_id, entity_id=entity.id,
            )
        )  # fmt: skip
    return proposals


def corpus_match(entity: Entity) -> str:
    """The search-index expression for the articles that may mention the entity."""
    phrases = {
        " ".join(loose_key(word) for word in _alias_words(alias))
        for alias in [entity.canonical, *entity.aliases]
    }
    return " OR ".join(f'"{phrase}"' for phrase in sorted(phrases) if phrase)


def propagation_proposals(
    store: Store,
    entity: Entity,
    label: str,
    annotator: str,
    first_article: str | None = None,
) -> Iterator[Proposal]:
    """The entity's unannotated mentions across the corpus, ``first_article``'s first, then the
    others in id order."""
    match = corpus_match(entity)
    if not match:
        return
    found = store.search_candidates(match, limit=-1)
    found.sort(key=lambda row: (row[0] != first_article, row[0]))
    for article_id, _title, _date, text in found:
        spans = [span for span in store.spans_for(article_id) if span.annotator == annotator]
        rejected = store.rejected_proposals(article_id, annotator)
        yield from article_proposals(article_id, text, entity, label, spans, rejected)
