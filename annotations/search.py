"""Fuzzy corpus search: Turkish-folded FTS5 with typo-tolerant term expansion.

The index (made by the store's migrations, kept in step by triggers) holds the loose key of each
article's title and text: "HALİL HAYYE'nin" is indexed as ``halil hayye nin``. A query word is
folded the same way, loses an apostrophe suffix, and is expanded against the index vocabulary with
rapidfuzz: itself, and the terms within one edit (words of 4-7 letters) or two (longer). Every word
must match (AND); ``"quoted words"`` must be adjacent; ``kahir*`` is a prefix. A word that matches
nothing makes the whole query match nothing.

Ranking: FTS5's bm25 (title weighted 3 to 1) over the candidates, then per query word exact
(the text has the word as typed, Turkish-lowercased) over folded over fuzzy, and a bonus when
every word is in the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from annotations.model import Status
from annotations.store import Store
from annotations.turkish import APOSTROPHES, loose_key, turkish_lower

CANDIDATES = 200
EXPANSIONS_PER_WORD = 8
SNIPPET_WIDTH = 60
MAX_SNIPPETS = 3
_QUERY_PART = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QueryWord:
    typed: str  # as the user typed it (for "exact")
    key: str  # folded, suffix removed
    prefix: bool = False


@dataclass
class Query:
    words: list[QueryWord] = field(default_factory=list)
    phrases: list[list[QueryWord]] = field(default_factory=list)

    @property
    def all_words(self) -> list[QueryWord]:
        return [*self.words, *(word for phrase in self.phrases for word in phrase)]


@dataclass(frozen=True)
class Snippet:
    start: int  # the snippet's range in the article text
    end: int
    text: str
    matches: tuple[tuple[int, int], ...]  # matched words, offsets in the article text


@dataclass(frozen=True)
class Hit:
    article_id: str
    title: str
    date: str | None
    score: float
    snippets: tuple[Snippet, ...]


def _word(typed: str) -> QueryWord | None:
    prefix = typed.endswith("*")
    typed = typed.rstrip("*")
    folded = loose_key(typed)
    for mark in "'":
        folded = folded.split(mark, 1)[0]  # Hayye'nin -> hayye
    tokens = _WORD.findall(folded)
    if not tokens:
        return None
    return QueryWord(typed.split("'")[0].split("’")[0], tokens[0], prefix)


def parse_query(text: str) -> Query:
    query = Query()
    for phrase, word in _QUERY_PART.findall(text):
        if phrase:
            words = [w for w in (_word(part) for part in phrase.split()) if w is not None]
            if len(words) == 1:
                query.words.extend(words)
            elif words:
                query.phrases.append(words)
        elif word:
            parsed = _word(word)
            if parsed is not None:
                query.words.append(parsed)
    return query


def allowed_edits(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class Vocabulary:
    """The index's terms, bucketed by length, for typo-tolerant expansion."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = set(terms)
        self.by_length: dict[int, list[str]] = {}
        for term in self.terms:
            self.by_length.setdefault(len(term), []).append(term)

    def expand(self, word: QueryWord) -> list[tuple[str, int]]:
        """(term, edits) for the word: itself if indexed, then terms within the allowed edits."""
        found = [(word.key, 0)] if word.key in self.terms else []
        edits = allowed_edits(word.key)
        if edits:
            nearby = [
                term
                for length in range(len(word.key) - edits, len(word.key) + edits + 1)
                for term in self.by_length.get(length, ())
            ]
            for term, distance, _ in process.extract(
                word.key,
                nearby,
                scorer=OSA.distance,  # a swapped pair of letters is one edit
                score_cutoff=edits,
                limit=EXPANSIONS_PER_WORD + 1,
            ):
                if term != word.key:
                    found.append((term, int(distance)))
        return found[: EXPANSIONS_PER_WORD + 1]


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def build_match(query: Query, vocabulary: Vocabulary) -> tuple[str, dict[str, set[str]]] | None:
    """The FTS5 MATCH expression, and each query word's accepted terms; None when a word has none."""
    groups: list[str] = []
    accepted: dict[str, set[str]] = {}
    for word in query.words:
        if word.prefix:
            groups.append(_fts_string(word.key) + "*")
            accepted[word.key] = {word.key + "*"}
            continue
        terms = vocabulary.expand(word)
        if not terms:
            return None
        accepted[word.key] = {term for term, _ in terms}
        groups.append("(" + " OR ".join(_fts_string(term) for term, _ in terms) + ")")
    for phrase in query.phrases:
        if any(word.key not in vocabulary.terms and not word.prefix for word in phrase):
            return None
        groups.append('"' + " ".join(word.key for word in phrase) + '"')
        for word in phrase:
            accepted[word.key] = {word.key}
    if not groups:
        return None
    return " AND ".join(groups), accepted


def _matches_term(token: str, terms: set[str]) -> bool:
    return any(token.startswith(term[:-1]) if term.endswith("*") else token == term for term in terms)


def _matched_tokens(folded: str, accepted: dict[str, set[str]]) -> list[tuple[int, int, str]]:
    """Word tokens of the folded text that match a query word: (start, end, query word key)."""
    found = []
    for match in _WORD.finditer(folded):
        token = match.group()
        for key, terms in accepted.items():
            if _matches_term(token, terms):
                found.append((match.start(), match.end(), key))
                break
    return found


def _snippets(text: str, matched: list[tuple[int, int, str]]) -> tuple[Snippet, ...]:
    snippets: list[Snippet] = []
    for start, end, _ in matched:
        if snippets and start < snippets[-1].end:
            continue
        first = max(0, start - SNIPPET_WIDTH // 2)
        last = min(len(text), end + SNIPPET_WIDTH)
        inside = tuple((s, e) for s, e, _ in matched if first <= s and e <= last)
        snippets.append(Snippet(first, last, text[first:last].replace("\n", " "), inside))
        if len(snippets) == MAX_SNIPPETS:
            break
    return tuple(snippets)


def _score(base: float, title: str, text: str, query: Query) -> float:
    """bm25 (higher is better here) plus exact over folded over fuzzy per word, plus title hits."""
    score = base
    lowered = turkish_lower(f"{title}\n{text}")
    folded_words = set(_WORD.findall(loose_key(f"{title}\n{text}")))
    title_words = set(_WORD.findall(loose_key(title)))
    for word in query.all_words:
        typed = turkish_lower(word.typed)
        if typed and re.search(rf"(?<!\w){re.escape(typed)}(?!\w)", lowered):
            score += 3.0  # exact: the word as typed
        elif word.key in folded_words:
            score += 2.0  # folded: another casing or an ASCII spelling
        else:
            score += 1.0  # fuzzy: a near spelling, or a prefix
        if word.key in title_words:
            score += 1.5
    if query.phrases:
        score += 2.0 * len(query.phrases)
    return score


def search(
    store: Store,
    query_text: str,
    limit: int = 20,
    status: Status | None = None,
    label: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[Hit]:
    """The articles that match every word of the query, best first (see the module docstring)."""
    query = parse_query(query_text)
    if not query.words and not query.phrases:
        return []
    vocabulary = vocabulary or Vocabulary(store.search_terms())
    built = build_match(query, vocabulary)
    if built is None:
        return []
    match, accepted = built
    candidates = store.search_candidates(match, CANDIDATES, status)
    hits = []
    for article_id, title, date, text, rank in candidates:
        matched = _matched_tokens(loose_key(text), accepted)
        if label is not None:
            ranges = [(s.start, s.end) for s in store.spans_for(article_id) if s.label == label]
            matched = [m for m in matched if any(a <= m[0] and m[1] <= b for a, b in ranges)]
            if not matched:
                continue
        score = _score(-rank, title, text, query)
        hits.append(Hit(article_id, title, date, round(score, 3), _snippets(text, matched)))
    hits.sort(key=lambda hit: (-hit.score, hit.article_id))
    return hits[:limit]


def entity_query(names: Iterable[str]) -> list[str]:
    """Each alias of an entity as a query of its own (a phrase when it has several words)."""
    queries = []
    for name in dict.fromkeys(names):
        words = [part for part in name.split() if part.strip(APOSTROPHES)]
        queries.append(f'"{" ".join(words)}"' if len(words) > 1 else " ".join(words))
    return [query for query in queries if query]
