"""Turkish tokens, the way Turkish news NER data is tokenised, for CoNLL, spaCy and Prodigy.

An apostrophe suffix is its own token (``Erdoğan`` ``'a``), also after a space in space-tokenised
text (``Almanya 'nın``; with ``'`` or ``’``, never the opening quote ``‘``) and after an initial
(``Ş.`` ``'nin``). Numbers and names with inner
punctuation (``5.11.2025``, ``20:20``, ``el-Hayye``, ``G.Saray``), signed numbers (``-6``), ordinals
(``3.`` before a lowercase word: ``3. kez``, ``19. yüzyıl``; a number opening a sentence, as a
numbered step does: ``2. Fırını``), abbreviations (``Dr.``, ``Prof.``, ``Doç.``, ``Av.``),
initials (``Ş.``, ``M.``) and dotted acronyms (``T.C.``, ``A.Ş.``) stay whole; other punctuation
is a token of its own. None of those whole tokens ends a sentence.

A text imported from a tokenised file (CoNLL) carries the tag ``tokenised``: its tokens are the
file's, separated by spaces, one sentence per line, and they are read back as they were written
(whitespace-separated words), so that import → export gives the file's tokens and sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotations.turkish import APOSTROPHES

TOKENISED_TAG = "tokenised"

Token = tuple[int, int]  # start and end offsets in the text

_APOSTROPHE = f"[{re.escape(APOSTROPHES)}]"
_LOWER = "a-zçğıöşüâîû"
_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
# Titles and abbreviations a period does not end (Turkish news; lowercase ones as written).
ABBREVIATIONS = (
    "Dr", "Prof", "Doç", "Av", "Yrd", "Öğr", "Gör", "Uzm", "Op", "Sn", "Bkz", "bkz", "vb", "vs",
    "vd", "St", "Mah", "Cad", "Sok", "Tel", "Org", "Gen", "Korg", "Tümg", "Tuğg", "Alb", "Yzb",
    "Bşk", "Müh", "Ecz", "Ltd", "Şti", "Mr", "Mrs", "Hz", "Müd", "Koop", "yy", "Hv", "Dz",
)  # fmt: skip
_ABBREVIATION = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))

TOKEN = re.compile(
    "|".join(
        (
            rf"(?<=\w){_APOSTROPHE}\w+",  # Erdoğan'a: the suffix
            rf"(?<=\w\.){_APOSTROPHE}[{_LOWER}]+",  # Ş.'nin: the suffix after an initial
            rf"(?<=\w\s)['’][{_LOWER}]{{1,7}}(?![\w{re.escape(APOSTROPHES)}])",  # Almanya 'nın
            rf"(?<!\w)(?:[{_UPPER}]\.){{2,}}",  # T.C., A.Ş.
            rf"(?<!\w)(?:{_ABBREVIATION})\.",  # Dr., Prof.
            rf"(?<![\w.])[{_UPPER}]\.(?=\s+[{_UPPER}]|{_APOSTROPHE})",  # M. Kemal, Ş.'nin
            rf"(?<![\w.])\d{{1,4}}\.(?={_APOSTROPHE}|\s+[{_LOWER}])",  # 3. kez, 3.'sü
            r"(?:^|(?<=\n)|(?<=[.!?:]\s))\d{1,4}\.(?=[ \t]+\w)",  # 2. Fırını: a numbered step
            r"(?<![\w.])[-+−]\d+(?:[.,:]\d+)*",  # -6, +3,5
            r"\w+(?:[-.:/,]\w+)*",  # words, 5.11.2025, 20:20, el-Hayye
            r"[^\w\s]",  # any other mark alone
        )
    )
)
_WORD = re.compile(r"\S+")


def is_suffix(token: str) -> bool:
    """An apostrophe suffix token ('nin, ’da): the CRF gives it a feature of its own."""
    return len(token) > 1 and token[0] in APOSTROPHES and token[1:].isalnum()


def is_tokenised(tags: Iterable[str]) -> bool:
    return TOKENISED_TAG in tags


def tokens_of(text: str, boundaries: Iterable[int] = (), tokenised: bool = False) -> list[Token]:
    """Token offsets; no token crosses one of ``boundaries`` (span starts and ends).

    ``tokenised``: the text's own whitespace-separated words are its tokens (see the module)."""
    pattern = _WORD if tokenised else TOKEN
    cuts = sorted({0, len(text), *(b for b in boundaries if 0 < b < len(text))})
    tokens: list[Token] = []
    for first, last in zip(cuts, cuts[1:]):
        tokens.extend(match.span() for match in pattern.finditer(text, first, last))
    return tokens


SENTENCE_END = {".", "!", "?", "…"}
_SPACED_INITIAL = re.compile(rf"(?<!\w)[{_UPPER}] $")  # the text before a point: `` G ``


def ends_sentence(text: str, token: Token, following: Token, tokenised: bool = False) -> bool:
    """Whether a sentence ends after ``token``: at a line break, or (in running text) after
    ``.`` ``!`` ``?`` ``…`` when the next token starts with a capital letter or a digit. An
    abbreviation, an initial or an ordinal is one token, so it never ends a sentence; nor does
    an initial written apart from its point (``G . Saray``, text tokenised with spaces)."""
    if "\n" in text[token[1] : following[0]]:
        return True
    if tokenised:
        return False
    word = text[token[0] : token[1]]
    if word == "." and _SPACED_INITIAL.search(text, 0, token[0]):
        return False
    following_first = text[following[0]]
    return word in SENTENCE_END and (following_first.isupper() or following_first.isdigit())


def sentences_of(text: str, tokens: list[Token], tokenised: bool = False) -> list[list[Token]]:
    """The tokens grouped in sentences (see ends_sentence)."""
    sentences: list[list[Token]] = []
    sentence: list[Token] = []
    for index, token in enumerate(tokens):
        sentence.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or ends_sentence(text, token, following, tokenised):
            sentences.append(sentence)
            sentence = []
    return sentences


def spacy_words(text: str, tokens: list[Token]) -> list[tuple[int, int, bool]]:
    """The tokens as spaCy (and Prodigy) hold them: ``(start, end, ws)`` where ``ws`` says one
    space follows; any other whitespace becomes a token of its own, as spaCy's tokenizer makes
    it, so that the words and their spaces give back the text exactly."""
    words: list[tuple[int, int, bool]] = []
    position = 0
    for start, end in [*tokens, (len(text), len(text))]:
        gap = text[position:start]
        if gap:
            if words and gap[0] == " ":
                words[-1] = (words[-1][0], words[-1][1], True)
                gap_start = position + 1
            else:
                gap_start = position
            if gap_start < start:
                words.append((gap_start, start, False))
        if start < end:
            words.append((start, end, False))
        position = end
    return words
