"""Keys that let one name meet its other spellings: shared by entity matching and corpus search.

Every function here takes folded words (``annotations.turkish.loose_key``: lower case, ASCII,
one apostrophe) and returns keys, so "Khalil al-Hayya" and "Halil Hayye" meet wherever a name
is compared:

- ``PARTICLES``: Arabic particles a name is written with or without (el-Hayye, al-Hayya, bin,
  ibn). Matching leaves them out of a name's words; search makes them optional.
- ``word_skeleton``: a transliteration-blind key (digraphs merged, voicing merged, vowels and
  doubles dropped): khalil and halil are both ``hl``, thani and sani ``sn``, rashad and resat ``rst``.
- ``transliterated``: the same merges with the vowels kept, to tell a near spelling ("hayya",
  "hayye": one edit) from a mere shared skeleton ("hali", "hayal").
- ``suffix_stems``: the stems a word may be under a case or possessive ending written without an
  apostrophe ("kahirede", "turkiyenin"), under vowel harmony and the buffer-letter rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from annotations.turkish import loose_key

PARTICLES = frozenset({"el", "al", "ul", "ed", "es", "er", "ez", "en", "et", "ibn", "bin", "bint"})
_SKELETON_PAIRS = [("kh", "h"), ("th", "s"), ("sh", "s"), ("ch", "c"), ("dh", "z"), ("gh", "g"),
                   ("ou", "u"), ("ee", "i"), ("oo", "u"), ("q", "k"), ("w", "v"), ("x", "ks")]  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]")
_VOWEL = re.compile(r"[aeiou]")
_DOUBLES = re.compile(r"(.)\1+")
_VOICING = str.maketrans({"d": "t", "b": "p", "g": "k", "z": "s", "j": "c"})
_CONSONANTS_ONLY = str.maketrans({**{v: None for v in "aeiouy"}, "d": "t", "b": "p", "g": "k",
                                  "z": "s", "j": "c"})  # fmt: skip


def skeleton(words: Iterable[str]) -> str:
    """The skeletons of a name's words, space-separated."""
    return " ".join(word_skeleton(word) for word in words)


@lru_cache(maxsize=100_000)
def word_skeleton(word: str) -> str:
    """One word's skeleton (names repeat: Mehmet is in thousands of them, so it is kept)."""
    for digraph, single in _SKELETON_PAIRS:
        word = word.replace(digraph, single)
    word = word.translate(_VOICING)
    consonants = _VOWELS.sub("", word) or word[:1]
    return _DOUBLES.sub(r"\1", consonants)


def transliterated(word: str) -> str:
    """The word with digraphs and voicing merged and doubled letters single, vowels kept."""
    for digraph, single in _SKELETON_PAIRS:
        word = word.replace(digraph, single)
    return _DOUBLES.sub(r"\1", word.translate(_VOICING))


def consonants(word: str) -> str:
    """The consonants of the transliterated word, doubles as written: a word of the same skeleton
    is another spelling only with these the same ("khalil" and "halil": hll; "hali": hl)."""
    return _VOWELS.sub("", transliterated(word))


# A term is filed for fuzzy expansion under its length and each pair of its first three letters
# (``near_keys``): one edit changes at most two of the pairs, so a near spelling keeps one of
# them. A word under three letters is never expanded.
NEAR_PAIRS = ((0, 1), (0, 2), (1, 2))


def near_key(size: int, pair: int, letters: str) -> str:
    """A key of ``near_keys``: a term's length, which pair of its first three letters, and that
    pair."""
    return f"{size}:{pair}:{letters}"


def near_keys(term: str) -> list[str]:
    """The keys a term is filed under for fuzzy expansion ("8:0:ka", "8:1:kh", "8:2:ah" for
    kahirede)."""
    if len(term) < 3:
        return []
    return [near_key(len(term), pair, term[a] + term[b]) for pair, (a, b) in enumerate(NEAR_PAIRS)]


def keys_near(word: str, edits: int) -> list[str]:
    """The keys under which the terms within ``edits`` of the word are filed (``near_keys``, at
    each length the word may have)."""
    pairs = [f"{pair}:{word[a]}{word[b]}" for pair, (a, b) in enumerate(NEAR_PAIRS)]
    return [
        f"{size}:{pair}"
        for size in range(max(len(word) - edits, 3), len(word) + edits + 1)
        for pair in pairs
    ]


def transliterations_of(terms: list[str]) -> list[str]:
    """``transliterated`` of many single words at once (as ``skeletons_of``)."""
    joined = "\n".join(terms)
    for digraph, single in _SKELETON_PAIRS:
        joined = joined.replace(digraph, single)
    return _DOUBLES.sub(r"\1", joined.translate(_VOICING)).split("\n")


def consonants_of(transliterations: list[str]) -> list[str]:
    """``consonants`` of many words at once, from their ``transliterations_of``."""
    return _VOWELS.sub("", "\n".join(transliterations)).split("\n")


def skeletons_of(terms: list[str]) -> list[str]:
    """``word_skeleton`` of many single words at once: each step runs in C over all of them
    (~0.3 s for 300,000 terms one by one, ~0.05 s this way). A word of vowels only keys ''."""
    joined = "\n".join(terms)
    for digraph, single in _SKELETON_PAIRS:
        joined = joined.replace(digraph, single)
    return _DOUBLES.sub(r"\1", joined.translate(_CONSONANTS_ONLY)).split("\n")


# Case, possessive and plural endings one may attach without an apostrophe, as templates: A is
# a or e, I is ı i u ü (i or u once folded), D is d, or t after a voiceless consonant. Each is
# written after a vowel ("v": with its buffer letter y, n or s), after a consonant ("c"), or
# after either ("*").
_TEMPLATES = {
    "v": "yI yA nIn ylA nI nA nDA nDAn sI sInI sInA sInDA sInDAn sInIn sIylA",
    "c": "I A In InI InA InDA InDAn InIn",
    "*": "DA DAn DAki lA lAr lArI lArA lArDA lArDAn lArIn",
}
_VOWEL_CHOICES = {"A": "ae", "I": "iu", "D": "dt"}
_VOICELESS = set("cfhkpst")  # folded: ç and ş are c and s, so c and s take either D


@lru_cache(maxsize=1)
def _endings() -> tuple[tuple[str, str], ...]:
    """Every (ending, kind) spelled out, longest first."""
    endings: set[tuple[str, str]] = set()
    for kind, templates in _TEMPLATES.items():
        for template in templates.split():
            spelled = [""]
            for letter in template:
                options = _VOWEL_CHOICES.get(letter, letter)
                spelled = [done + option for done in spelled for option in options]
            endings.update((ending, kind) for ending in spelled)
    return tuple(sorted(endings, key=lambda item: (-len(item[0]), item)))


def _harmonises(stem: str, ending: str) -> bool:
    """The ending's first vowel may follow the stem's last vowel (folded: ı is i, ö o, ü u)."""
    stem_vowels = [letter for letter in stem if letter in "aeiou"]
    ending_vowels = [letter for letter in ending if letter in "aeiou"]
    if not stem_vowels or not ending_vowels:
        return True  # an acronym (ABD'nin: "abdnin") or an ending without a vowel
    last, first = stem_vowels[-1], ending_vowels[0]
    if first == "a":
        return last in "aiou"  # back: a ı o u
    if first == "e":
        return last in "eiou"  # front: e i ö ü
    if first == "u":
        return last in "ou"  # rounded
    return last in "aei"  # i or ı after an unrounded vowel


def suffix_stems(word: str) -> list[str]:
    """The stems the folded word may be under an ending without an apostrophe, longest first:
    "kahirede" → ["kahire"], "turkiyenin" → ["turkiye"], "ankarada" → ["ankara"]. Only a stem of
    three letters or more; the caller keeps those it knows (a stem is a guess, not a parse)."""
    stems = []
    for ending, kind in _endings():
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = word[: -len(ending)]
        after_vowel = stem[-1] in "aeiou" or not _VOWEL.search(stem)  # ABD reads "abede"
        if kind == "v" and not after_vowel:
            continue
        if kind == "c" and after_vowel:
            continue
        if ending[0] == "t" and stem[-1] not in _VOICELESS:
            continue
        if ending[0] == "d" and stem[-1] in _VOICELESS and stem[-1] not in "cs":
            continue
        if _harmonises(stem, ending) and stem not in stems:
            stems.append(stem)
    return stems


def is_ending(part: str) -> bool:
    """Whether the folded text after an apostrophe is a case, possessive or plural ending
    (Hayye'nin, Kahire'deki, Türkiye'dekiler), not a part of the name (O'Brien, Qur'an is kept)."""
    part = part.removesuffix("ler").removesuffix("lar").removesuffix("ki")
    return not part or part in _ending_set()


@lru_cache(maxsize=1)
def _ending_set() -> frozenset[str]:
    # and the English possessive: Al-Thani's
    return frozenset(ending for ending, _ in _endings()) | {"ki", "yken", "ken", "ca", "ce", "s"}


@lru_cache(maxsize=1024)
def initials_of(surface: str) -> tuple[tuple[str, ...], str]:
    """The initials and surname of a surface written so ("R. T. Erdoğan'a": (r, t), erdogan),
    else ((), ''). Kept: a ranking asks it of the same surface for each candidate."""
    parts = [part for part in re.split(r"[\s.]+", loose_key(surface)) if part]
    if len(parts) < 2 or not all(len(part) == 1 for part in parts[:-1]):
        return (), ""
    return tuple(parts[:-1]), parts[-1].split("'", 1)[0]
