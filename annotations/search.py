"""Fuzzy corpus search: Turkish-folded FTS5 with typo-tolerant term expansion.

The index (made by the store's migrations, kept in step by triggers) holds the loose key of each
article's title and text: "HALİL HAYYE'nin" is indexed as ``halil hayye nin``. A query word is
folded the same way, loses an apostrophe ending, and each part of a hyphenated or apostrophised
word counts ("al-Hayya": al, hayya); Arabic particles (al, el, bin...) are optional. Each word is
expanded against the index vocabulary (``annotations.search_vocabulary``): itself, the terms
within one edit (words of 4-7 letters) or two (longer), and its other transliterations (Khalil:
halil). Every word must match (AND); ``"quoted words"`` must be adjacent; ``kahir*`` is a prefix.
A word that matches nothing makes the whole query match nothing.

Ranking: candidates come in tiers (every word in the title; every word in its own folded form;
with near spellings), then per query word exact (the text has the word as typed,
Turkish-lowercased) over folded over fuzzy, a bonus for each word in the title, and for phrases.
FTS5's bm25 is not used: it scores every match before sorting, ~180 ms for a common word over
100,000 articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.model import Status
from annotations.store import Store
from annotations.name_keys import PARTICLES, is_ending
from annotations.search_vocabulary import Vocabulary as Vocabulary
from annotations.search_vocabulary import allowed_edits as allowed_edits
from annotations.turkish import APOSTROPHES, loose_key, turkish_lower

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


def _words(typed: str) -> list[QueryWord]:
    """The query words of one typed word: each part of a hyphenated or apostrophised word
    ("al-Hayya": al, hayya; "O'Brien": o, brien), without an apostrophe ending ("Hayye'nin")."""
    prefix = typed.endswith("*")
    typed = typed.rstrip("*")
    folded = loose_key(typed)  # the same length: a folded part is a typed part
    words: list[QueryWord] = []
    for match in _WORD.finditer(folded):
        key = match.group()
        after_apostrophe = match.start() > 0 and folded[match.start() - 1] == "'"
        if after_apostrophe and words and typed[match.start()].islower() and is_ending(key):
            continue
        words.append(QueryWord(typed[match.start() : match.end()], key))
    if prefix and words:
        words[-1] = QueryWord(words[-1].typed, words[-1].key, True)
    return words


def _without_particles(words: list[QueryWord], others: bool) -> list[QueryWord]:
    """Arabic particles (al, el, bin, ibn...) are optional: a name is written with and without
    them. A query of nothing else (no other word, no phrase) keeps them."""
    kept = [word for word in words if word.prefix or word.key not in PARTICLES]
    return kept if kept or others else words


def parse_query(text: str) -> Query:
    query = Query()
    for phrase, word in _QUERY_PART.findall(text):
        if phrase:
            words = [part for typed in phrase.split() for part in _words(typed)]
            if len(words) == 1:
                query.words.extend(words)
            elif words:
                query.phrases.append(words)
        elif word:
            query.words.extend(_words(word))
    query.words = _without_particles(query.words, bool(query.phrases))
    return query


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class Plan:
    """The FTS5 expressions to ask, best tier first, and each query word's accepted terms."""

    tiers: tuple[tuple[str, float], ...]  # (expression, the score its hits start from)
    accepted: dict[str, set[str]]


def plan(query: Query, vocabulary: Vocabulary) -> Plan | None:
    """Tiers: every word in the title, every word as typed (folded), then with near spellings.

    None when a word has no spelling at all in the index: the query matches nothing.
    """
    own: list[str] = []
    expanded: list[str] = []
    accepted: dict[str, set[str]] = {}
    for word in query.words:
        if word.prefix:
            group = _fts_string(word.key) + "*"
            own.append(group)
            expanded.append(group)
            accepted[word.key] = {word.key + "*"}
            continue
        terms = vocabulary.expand(word.key)
        if word.key not in vocabulary:
            terms.insert(0, (word.key, 0))  # the vocabulary may lag the index; asking is cheap
        if not terms:
            return None
        accepted[word.key] = {term for term, _ in terms}
        own.append(_fts_string(word.key))
        expanded.append("(" + " OR ".join(_fts_string(term) for term, _ in terms) + ")")
    for phrase in query.phrases:
        group = '"' + " ".join(word.key for word in phrase) + '"'
        own.append(group)
        expanded.append(group)
        for word in phrase:
            accepted[word.key] = {word.key}
    if not own:
        return None
    exact = " AND ".join(own)
    tiers = [("{title} : (" + exact + ")", 4.0), (exact, 2.0)]
    if expanded != own:
        tiers.append((" AND ".join(expanded), 0.0))
    return Plan(tuple(tiers), accepted)


def _term_pattern(accepted: dict[str, set[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every accepted term (prefixes as ``term\\w*``), and each term's query word.
    A match must also start a word (``_matched_tokens`` checks): a look-behind in the pattern
    would keep ``re`` from skipping ahead to the terms' first letters (2x slower)."""
    owner: dict[str, str] = {}
    alternatives = []
    for key, terms in accepted.items():
        for term in terms:
            stem = term[:-1] if term.endswith("*") else term
            owner.setdefault(stem, key)
            alternatives.append(re.escape(stem) + (r"\w*" if term.endswith("*") else ""))
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(r"(?:" + "|".join(alternatives) + r")(?!\w)")
    return pattern, owner


def _matched_tokens(
    folded: str, pattern: re.Pattern[str], owner: dict[str, str]
) -> list[tuple[int, int, str]]:
    """Words of the folded text that match a query word: (start, end, query word key)."""
    found = []
    for match in pattern.finditer(folded):
        start = match.start()
        if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            continue  # inside a word (what \w matches before it)
        token = match.group()
        key = owner.get(token) or next(
            (key for stem, key in owner.items() if token.startswith(stem)), ""
        )
        found.append((start, match.end(), key))
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


def _score(
    base: float, title: str, text: str, matched: list[tuple[int, int, str]], query: Query
) -> float:
    """The tier's base plus exact over folded over fuzzy per word, plus title hits. The words of
    the text are the ones the query's terms matched (one regex pass over the article, made
    for the snippets anyway); the title, short, is split into words."""
    score = base
    title_folded = set(_WORD.findall(loose_key(title)))
    title_lowered = set(_WORD.findall(turkish_lower(title)))
    for word in query.all_words:
        typed = turkish_lower(word.typed)
        spans = [(start, end) for start, end, key in matched if key == word.key]
        if typed and (
            typed in title_lowered or any(turkish_lower(text[a:b]) == typed for a, b in spans)
        ):
            score += 3.0  # exact: the word as typed
        elif word.key in title_folded or any(loose_key(text[a:b]) == word.key for a, b in spans):
            score += 2.0  # folded: another casing or an ASCII spelling (the key itself matched)
        else:
            score += 1.0  # fuzzy: a near spelling, or a prefix
        if word.key in title_folded:
            score += 1.5
    if query.phrases:
        score += 2.0 * len(query.phrases)
    return score


def search(
    store: Store,
    query_text: str,
    limit: int | None = 20,
    status: Status | None = None,
    label: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[Hit]:
    """The articles that match every word of the query, best first (see the module docstring);
    ``limit=None``: every one of them."""
    query = parse_query(query_text)
    if not query.words and not query.phrases:
        return []
    vocabulary = vocabulary or Vocabulary(store)
    chosen = plan(query, vocabulary)
    if chosen is None:
        return []
    pattern, owner = _term_pattern(chosen.accepted)
    candidates = _candidates(store, chosen, limit, status)
    scored = []
    for base, (article_id, title, date, text) in candidates.values():
        matched = _matched_tokens(loose_key(text), pattern, owner)
        if label is not None:
            ranges = [(s.start, s.end) for s in store.spans_for(article_id) if s.label == label]
            matched = [m for m in matched if any(a <= m[0] and m[1] <= b for a, b in ranges)]
            if not matched:
                continue
        score = _score(base, title, text, matched, query)
        scored.append((score, article_id, title, date, text, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        Hit(article_id, title, date, round(score, 3), _snippets(text, matched))
        for score, article_id, title, date, text, matched in scored[:limit]
    ]


def _candidates(
    store: Store, chosen: Plan, limit: int | None, status: Status | None
) -> dict[str, tuple[float, tuple]]:
    """Each candidate article's row and the score its tier starts it at. For a page: tier by tier,
    twice what is asked (the finer score then orders them). For every hit (no limit): the ids
    of each tier, then the text of the last tier's articles only, read once."""
    candidates: dict[str, tuple[float, tuple]] = {}
    if limit is None:
        base_of: dict[str, float] = {}
        for expression, base in reversed(chosen.tiers[:-1]):
            base_of.update(dict.fromkeys(store.search_article_ids(expression), base))
        expression, last_base = chosen.tiers[-1]
        for row in store.search_candidates(expression, -1, status):
            candidates[row[0]] = (base_of.get(row[0], last_base), row)
        return candidates
    wanted = max(limit * 2, 20)
    for expression, base in chosen.tiers:
        for row in store.search_candidates(expression, wanted, status):
            if len(candidates) == wanted:
                return candidates
            candidates.setdefault(row[0], (base, row))
    return candidates


def matching_ids(store: Store, query_text: str, vocabulary: Vocabulary | None = None) -> set[str]:
    """Every article the query matches, unranked (the last tier holds all the others)."""
    query = parse_query(query_text)
    chosen = plan(query, vocabulary or Vocabulary(store))
    if chosen is None:
        return set()
    expression = chosen.tiers[-1][0]
    return set(store.search_article_ids(expression))  # ids only: no text read


def entity_query(names: Iterable[str]) -> list[str]:
    """Each alias of an entity as a query of its own (a phrase when it has several words)."""
    queries = []
    for name in dict.fromkeys(names):
        words = [part for part in name.split() if part.strip(APOSTROPHES)]
        queries.append(f'"{" ".join(words)}"' if len(words) > 1 else " ".join(words))
    return [query for query in queries if query]
