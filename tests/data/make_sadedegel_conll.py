"""Makes sadedegel_ner.conll: a Turkish CoNLL NER file from the first articles of sadedegel's
raw_news.jsonl (MIT licence, LICENSE.sadedegel), tokenised and tagged the way Turkish NER sets are,
independently of hasiye's tokenizer: whitespace words, quotes and punctuation peeled off, an
apostrophe suffix its own token (Trump ’ın), ordinals (3.), abbreviations (Dr.) and initials (M.)
whole; a sentence ends after . ! ? before a capital. Tags come from a small gazetteer (LOC, ORG)
and runs of capitalised words inside a sentence (PER): the file tests fidelity, not truth.

    python tests/data/make_sadedegel_conll.py /work/shared/data/sadedegel/raw_news.jsonl
"""

import json
import re
import sys
from pathlib import Path

# The first three articles and those with ordinals, titles and initials (Dr., 3. kez, M.).
ARTICLES = {0, 1, 2, 12, 13, 26, 28, 31, 38, 44, 45, 74, 77, 91}
LOC = {"Türkiye", "Amerika", "ABD", "Almanya", "İstanbul", "Ankara", "Rusya", "Suriye", "Irak",
       "İran", "Avrupa", "Çin", "Fransa", "İngiltere", "Yunanistan", "Washington", "Florida",
       "Ohio", "Kıbrıs", "Yemen", "Ortadoğu", "İzmir", "Moskova", "Brüksel", "Londra", "Paris"}
ORG = {"NATO", "AB", "BM", "AKP", "CHP", "MHP", "HDP", "PKK", "FBI", "TBMM", "IŞİD", "DEAŞ",
       "Cumhuriyetçi", "Demokrat", "Parti", "Partisi", "Meclisi", "Bakanlığı"}
ABBREVIATIONS = {"Dr.", "Prof.", "Doç.", "Av.", "Yrd.", "vb.", "vs.", "St.", "Hz."}
APOSTROPHE = "'’"
LEAD = "“\"‘'(["
TRAIL = "”\"’')].,;:!?…"


def words(chunk: str) -> list[str]:
    lead: list[str] = []
    while len(chunk) > 1 and chunk[0] in LEAD:
        lead.append(chunk[0])
        chunk = chunk[1:]
    trail: list[str] = []
    while len(chunk) > 1 and chunk[-1] in TRAIL and not whole(chunk):
        trail.insert(0, chunk[-1])
        chunk = chunk[:-1]
    middle = [chunk]
    found = re.fullmatch(rf"(.*?[\w.])([{APOSTROPHE}][^\W\d_]+)", chunk)
    if found:
        middle = [found.group(1), found.group(2)]
    return lead + middle + trail


def whole(chunk: str) -> bool:
    return (
        chunk in ABBREVIATIONS
        or re.fullmatch(r"\d{1,4}\.", chunk) is not None
        or re.fullmatch(r"(?:[A-ZÇĞİÖŞÜ]\.)+", chunk) is not None
    )


def sentences(text: str) -> list[list[str]]:
    chunks = text.split()
    result: list[list[str]] = [[]]
    for index, chunk in enumerate(chunks):
        result[-1].extend(words(chunk))
        following = chunks[index + 1] if index + 1 < len(chunks) else ""
        opens = not result[-1] or len(result[-1]) == 1  # a number opening a sentence: a step
        ordinal_or_title = whole(chunk) and (opens or not (following[:1].isupper() and chunk[:-1].isdigit()))
        if chunk[-1] in ".!?…" and following[:1].isupper() and not ordinal_or_title:
            result.append([])
    return [sentence for sentence in result if sentence]


def tags(sentence: list[str]) -> list[str]:
    result = ["O"] * len(sentence)
    index = 1  # the first word of a sentence is capitalised anyway
    while index < len(sentence):
        word = sentence[index]
        if word[:1].isupper() and (word[1:].isalpha() or word.endswith(".")) and len(word) > 1:
            end = index
            while end + 1 < len(sentence) and sentence[end + 1][:1].isupper() and len(sentence[end + 1]) > 1:
                end += 1
            run = sentence[index : end + 1]
            label = "LOC" if run[0] in LOC else "ORG" if set(run) & ORG else "PER"
            if label == "PER" and len(run) > 3:
                label = "ORG"
            for position in range(index, end + 1):
                result[position] = ("B-" if position == index else "I-") + label
            index = end + 1
        else:
            index += 1
    return result


def main(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number not in ARTICLES:
                continue
            out.write("-DOCSTART- -X- O O\n\n")
            for sentence in sentences(json.loads(line)["text"]):
                for word, tag in zip(sentence, tags(sentence)):
                    out.write(f"{word}\t{tag}\n")
                out.write("\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("sadedegel_ner.conll"))
