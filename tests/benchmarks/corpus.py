"""A deterministic generator of Turkish-like news articles with a real news vocabulary.

``generate_article(number)`` always gives the same text for the same number, on every machine:
~2,000 characters in the seed files' shape (a `` date YYYY-MM-DD Source`` header, a summary, a
title, body paragraphs, ``#tag`` lines). What makes it real where the corpus search, matching and
propagation pay:

- a lexicon of 60,000 generated stems (Turkish syllables) drawn Zipf-distributed, each taking
  noun or verb suffix chains under vowel harmony (A: a/e, I: ı/i/u/ü, D: d/t, buffer letters y,
  n, s, k→ğ), the chains Zipf-distributed too: "masalarımızdan", "gelmiyorlar";
- per article a few topic stems drawn from the whole lexicon (news repeats its subject);
- the frequent words of real Turkish news (bir, ve, bu, da, için...) at their share;
- names in several spellings and scripts (Halil Hayye / Khalil al-Hayya / HALİL HAYYE, Al Sani /
  Al Thani), with apostrophe endings under harmony, sometimes without the apostrophe;
- each article names a small cast, as news does: the well-known names of ENTITIES in 30% of the
  articles (the most named, Halil Hayye, then in ~14% of all, four above 5%), ordinary people from
  a pool of 2,400 names in the others;
- dates in the forms news uses (5 Kasım 2025, 05.11.2025, bugün, Çarşamba günü).

``python -m tests.benchmarks.corpus --check [N]`` prints the vocabulary check against the real
Turkish text in ../shared/data/sadedegel: Heaps' exponent of both over the same number of words,
and the distinct folded terms of N generated articles (at 100,000: at least 300,000).
``python -m tests.benchmarks.corpus DIR N`` writes N articles as files.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

# The frequent words of Turkish news, most frequent first (their share falls as 1/rank).
FUNCTION_WORDS = (
    "bir ve bu da de için çok daha gibi o ne en ile ama kadar var her ki olarak olan ya değil "
    "mi sonra şu ise ancak göre yok diye bile hem ben sen biz onlar şey kendi ayrıca yani tüm "
    "aynı önce artık hiç bütün büyük yeni ilk son fazla yine bazı diğer böyle şöyle nasıl neden "
    "şimdi hâlâ sadece zaten yeniden özellikle karşı arasında üzerinde içinde sırasında yıl gün "
    "zaman ülke dünya insan devlet hükümet bakan başkan parti halk tarafından yaptı dedi etti "
    "oldu olduğunu olduğu olacak edildi yapıldı açıkladı söyledi belirtti ifade kaydetti"
).split()
FUNCTION_SHARE = 0.36  # of the words of a sentence, as in the real text
NAME_SHARE = 0.04
TOPIC_SHARE = 0.12  # of the content words: the article's own subject
STEM_COUNT = 60_000
STEM_ZIPF = 1.0
CHAIN_ZIPF = 1.15

# Canonical name -> variants as they appear in news (spelling, casing, transliteration).
ENTITIES = {
    "Halil Hayye": ["Halil Hayye", "Hayye", "Halil el-Hayye", "Khalil al-Hayya", "HALİL HAYYE"],
    "İbrahim Kalın": ["İbrahim Kalın", "Kalın", "MİT Başkanı Kalın", "Ibrahim Kalin"],
    "Recep Tayyip Erdoğan": ["Recep Tayyip Erdoğan", "Erdoğan", "Cumhurbaşkanı Erdoğan", "R. T. Erdoğan", "Erdogan"],
    "Muhammed bin Abdurrahman Al Sani": ["Muhammed bin Abdurrahman Al Sani", "Al Sani", "Al Thani"],
    "Hasan Reşat": ["Hasan Reşat", "Hassan Rashad", "Reşat"],
    "Milli İstihbarat Teşkilatı": ["Milli İstihbarat Teşkilatı", "MİT", "MIT"],
    "Hamas": ["Hamas", "HAMAS", "Hamas Siyasi Bürosu"],
    "Amerika Birleşik Devletleri": ["Amerika Birleşik Devletleri", "ABD"],
    "İstanbul": ["İstanbul", "ISTANBUL", "Istanbul"],
    "Kahire": ["Kahire", "Cairo"],
    "Gazze": ["Gazze", "Gazze Şeridi", "Gaza"],
    "Türkiye": ["Türkiye", "TÜRKİYE", "Turkiye"],
    "Mısır": ["Mısır", "Misir"],
    "Katar": ["Katar", "Qatar"],
    "İsrail": ["İsrail", "Israil"],
    "Hasan Nasrallah": ["Hasan Nasrallah", "Hassan Nasrallah", "Nasrallah", "Nasrullah"],
    "Mahmud Abbas": ["Mahmud Abbas", "Mahmoud Abbas", "Abbas"],
    "Abdulfettah es-Sisi": ["Abdulfettah es-Sisi", "Abdel Fattah el-Sisi", "Sisi", "es-Sisi"],
    "İsmail Haniye": ["İsmail Haniye", "Ismail Haniyeh", "Haniye", "Haniyye"],
    "Hakan Fidan": ["Hakan Fidan", "Dışişleri Bakanı Hakan Fidan", "Fidan", "HAKAN FİDAN"],
}
# Endings a name takes after an apostrophe, as templates (see _attach).
NAME_ENDINGS = ["", "", "", "", "(n)In", "(y)A", "DA", "DAn", "(y)lA", "(y)I", "DAki"]
SOURCES = ["Yeni Şafak", "Anadolu Ajansı", "DHA", "Hürriyet", "Sabah", "Milliyet", "NTV"]
MONTHS = "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split()
RELATIVE_DATES = ["bugün", "dün", "yarın", "geçen hafta", "Çarşamba günü", "3 gün önce", "bu sabah"]
TARGET_CHARACTERS = 2000
REAL_TEXT = Path(__file__).resolve().parents[3] / "shared/data/sadedegel/raw_news.jsonl"

_BACK, _FRONT, _ROUNDED = set("aıou"), set("eiöü"), set("oöuü")
_VOWELS = _BACK | _FRONT
_VOICELESS = set("çfhkpsşt")

# Suffix chains: a noun takes plural, possessive, case; a verb negation, tense or participle, person.
_PLURAL = ["", "lAr"]
_POSSESSIVE = ["", "(s)I", "(I)m", "(I)mIz", "(I)n", "(I)nIz"]
_CASE = ["", "(y)A", "(y)I", "DA", "DAn", "(n)In", "(y)lA", "DAki", "CA", "DIr"]
_NEGATION = ["", "mA"]
_TENSE = ["DI", "Iyor", "mIş", "(y)AcAk", "(I)r", "mAlI", "(y)Ip", "(y)ArAk", "mAk", "mAsI",
          "(y)An", "DIk", "(y)IncA", "mAyA"]  # fmt: skip
_PERSON = ["", "lAr", "(y)Im", "sIn", "(y)Iz", "sInIz"]


def _last_vowel(word: str) -> str:
    return next((letter for letter in reversed(word) if letter in _VOWELS), "e")


def _attach(word: str, template: str) -> str:
    """The word with one suffix template attached under vowel harmony and Turkish sound rules."""
    buffer = ""
    if template.startswith("("):
        buffer, template = template[1], template[3:]
    ends_in_vowel = word[-1] in _VOWELS
    if buffer in "IA" and buffer:  # an optional vowel: only after a consonant
        template = (buffer if not ends_in_vowel else "") + template
    elif buffer and ends_in_vowel:
        template = buffer + template
    if template.startswith("Iyor") and ends_in_vowel:  # gelme + Iyor -> gelmiyor
        word = word[:-1]
    if template and template[0] in "AI" and word[-1] == "k" and len(word) > 3:
        word = word[:-1] + "ğ"  # softening: ayak -> ayağı
    out = word
    for letter in template:
        vowel = _last_vowel(out)
        if letter == "A":
            out += "a" if vowel in _BACK else "e"
        elif letter == "I":
            back, rounded = vowel in _BACK, vowel in _ROUNDED
            out += {(True, False): "ı", (False, False): "i", (True, True): "u"}.get((back, rounded), "ü")
        elif letter == "D":
            out += "t" if out[-1] in _VOICELESS else "d"
        elif letter == "C":
            out += "ç" if out[-1] in _VOICELESS else "c"
        else:
            out += letter
    return out


def _ranked_chains(parts: list[list[str]], seed: str) -> list[tuple[str, ...]]:
    """Every chain of the slots, bare first, then in a fixed shuffled order (rank = frequency)."""
    chains = [tuple(t for t in chain if t) for chain in itertools.product(*parts)]
    head, tail = chains[:1], chains[1:]
    random.Random(seed).shuffle(tail)
    return head + sorted(tail, key=len)[: len(tail)]  # shorter chains are the commoner ones


def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


_ONSETS = "b c ç d f g h k l m n p r s ş t v y z".split()
_ONSET_WEIGHTS = [5, 2, 3, 6, 1, 3, 2, 9, 4, 6, 3, 2, 3, 7, 3, 6, 3, 4, 3]
_CODAS = ["", "", "", "", "n", "r", "l", "k", "t", "m", "s", "ş", "z", "y", "rk", "nt", "st"]
_NUCLEI = "a e ı i o ö u ü".split()
_NUCLEUS_WEIGHTS = [12, 12, 5, 9, 3, 1, 4, 2]


class _Lexicon:
    """The generated stems (nouns and verbs) and the suffix chains, with their Zipf weights."""

    def __init__(self) -> None:
        rng = random.Random("hasiye lexicon")
        stems: dict[str, bool] = {}  # stem -> is a verb
        while len(stems) < STEM_COUNT:
            syllables = rng.choices([1, 2, 3, 4], weights=[2, 6, 4, 1])[0]
            stem = ""
            for index in range(syllables):
                if index or rng.random() < 0.8:
                    stem += rng.choices(_ONSETS, weights=_ONSET_WEIGHTS)[0]
                vowel = rng.choices(_NUCLEI, weights=_NUCLEUS_WEIGHTS)[0]
                if index and rng.random() < 0.9:  # stems keep harmony too, mostly
                    vowel = rng.choice("aıou" if _last_vowel(stem) in _BACK else "eiöü")
                last = index == syllables - 1
                stem += vowel + rng.choice(_CODAS if last else _CODAS[:13])
            if len(stem) >= 3 and stem not in stems:
                stems[stem] = rng.random() < 0.3
        self.stems = list(stems)
        self.is_verb = list(stems.values())
        self.stem_weights = _zipf_cumulative(len(self.stems), STEM_ZIPF)
        self.noun_chains = _ranked_chains([_PLURAL, _POSSESSIVE, _CASE], "nouns")
        self.verb_chains = _ranked_chains([_NEGATION, _TENSE, _PERSON], "verbs")
        self.noun_weights = _zipf_cumulative(len(self.noun_chains), CHAIN_ZIPF)
        self.verb_weights = _zipf_cumulative(len(self.verb_chains), CHAIN_ZIPF)
        self.function_weights = _zipf_cumulative(len(FUNCTION_WORDS), 1.0)

    def word(self, rng: random.Random, topic: list[int]) -> str:
        if topic and rng.random() < TOPIC_SHARE:
            index = rng.choice(topic)
        else:
            index = bisect.bisect(self.stem_weights, rng.random() * self.stem_weights[-1])
        if self.is_verb[index]:
            chains, weights = self.verb_chains, self.verb_weights
        else:
            chains, weights = self.noun_chains, self.noun_weights
        chain = chains[bisect.bisect(weights, rng.random() * weights[-1])]
        return _inflected(self.stems[index], chain)


@lru_cache(maxsize=1_000_000)
def _inflected(stem: str, chain: tuple[str, ...]) -> str:
    word = stem
    possessive_third = False
    for template in chain:
        if possessive_third and template in ("(y)A", "(y)I", "DA", "DAn", "DAki", "(y)lA"):
            template = "n" + template.removeprefix("(y)")  # evi + n + de: evinde
        word = _attach(word, template)
        possessive_third = template == "(s)I"
    return word


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _capitalised(text: str) -> str:
    """First letter upper-cased the Turkish way (i -> İ, ı -> I)."""
    first = {"i": "İ", "ı": "I"}.get(text[0], text[0].upper())
    return first + text[1:]


def _date_phrase(rng: random.Random, day: date) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if form == 1:
        return f"{day.day:02}.{day.month:02}.{day.year}"
    if form == 2:
        return f"{day.day}/{day.month}/{day.year}"
    if form == 3:
        return f"{day.day} {MONTHS[day.month - 1]}'da"
    return rng.choice(RELATIVE_DATES)


_NAMES = list(ENTITIES)
_NAME_WEIGHTS = _zipf_cumulative(len(_NAMES), 1.0)
# Real news names a few people and places per article, and most of them are rare across the
# corpus: an article's cast is one to three of the well-known ENTITIES only in FAMOUS_SHARE of the
# articles (the best-known then appears in ~15% of them, the fourth in ~5%), the rest of its
# mentions are people of a pool of 2,400 first name + surname pairs (each in ~0.1%).
FAMOUS_SHARE = 0.3
FIRST_NAMES = (
    "Ahmet Mehmet Ayşe Fatma Mustafa Zeynep Emine Ali Hüseyin Hasan Elif Murat Özlem Kemal Selin "
    "Burak Deniz Cem Gül Serkan Yusuf Hatice Orhan Şule Tolga Esra Ömer İlker Ece Barış"
).split()
SURNAMES = (
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
    "Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Erdem Güneş Akın Bulut Keskin Ünal Tekin "
    "Aksoy Uçar Karaca Bozkurt Sarı Işık Tuncer Ekinci Soylu Gündoğdu Ergün Korkmaz Akgül "
    "Coşkun Turan Kaplan Taş Acar Çınar Güler Sezer Başaran Yavuz Altun Duman Ateş Avcı Oral "
    "Önal Uysal Kocaman Tatlı Ilgaz Çakır Balcı Savaş Toprak Akbulut Erol Aktaş Bilgin Ceylan "
    "Dinç Eren Gök Kalkan Metin Oğuz Parlak Sönmez Tan"
).split()


def _cast(rng: random.Random) -> list[list[str]]:
    """The names an article mentions: each a list of the spellings it may take."""
    cast: list[list[str]] = []
    if rng.random() < FAMOUS_SHARE:
        for _ in range(rng.randint(1, 3)):
            canonical = _NAMES[bisect.bisect(_NAME_WEIGHTS, rng.random() * _NAME_WEIGHTS[-1])]
            cast.append(ENTITIES[canonical])
    for _ in range(rng.randint(1, 4)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        cast.append([f"{first} {last}", last, f"{first} {last}".upper()])
    return cast


_V1_WEIGHTS = _zipf_cumulative(len(_NAMES), 0.8)


def _mention(rng: random.Random, cast: list[list[str]] | None) -> str:
    if cast is None:  # version 1: any of the well-known names, in every article
        canonical = _NAMES[bisect.bisect(_V1_WEIGHTS, rng.random() * _V1_WEIGHTS[-1])]
        name = rng.choice(ENTITIES[canonical])
    else:
        name = rng.choice(rng.choice(cast))
    ending = rng.choice(NAME_ENDINGS)
    if not ending:
        return name
    last = name.split()[-1]
    suffixed = _attach(last.replace("I", "ı").replace("İ", "i").lower(), ending)
    suffix = suffixed[len(last) :]
    if suffixed[: len(last)] != last.lower():  # softened: keep the name, take the ending as is
        suffix = suffixed[len(last) - 1 :][1:]
    apostrophe = rng.choices(["'", "’", ""], weights=[85, 10, 5])[0]
    if name.isupper():
        suffix = suffix.replace("i", "İ").upper()
    return name + apostrophe + suffix


def _sentence(
    rng: random.Random, day: date, topic: list[int], cast: list[list[str]] | None
) -> str:
    lexicon = _lexicon()
    words = []
    for _ in range(rng.randint(7, 18)):
        draw = rng.random()
        if draw < FUNCTION_SHARE:
            index = bisect.bisect(lexicon.function_weights, rng.random() * lexicon.function_weights[-1])
            words.append(FUNCTION_WORDS[index])
        elif draw < FUNCTION_SHARE + NAME_SHARE:
            words.append(_mention(rng, cast))
        else:
            words.append(lexicon.word(rng, topic))
    if rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), _mention(rng, cast))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), _date_phrase(rng, day))
    sentence = " ".join(words)
    return _capitalised(sentence) + rng.choice(".....,?!")[0].replace(",", ".")


def generate_article(number: int, version: int = 2) -> tuple[str, str]:
    """The article id and the file content of article ``number``. ``version=1``: the corpus
    before the per-article cast, dense with the well-known names (the CRF tests' gold)."""
    rng = random.Random(number)
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(1100))
    topic = [rng.randrange(STEM_COUNT) for _ in range(rng.randint(3, 8))]
    cast = _cast(rng) if version >= 2 else None
    title = _capitalised(
        " ".join([_mention(rng, cast), *(_lexicon().word(rng, topic) for _ in range(rng.randint(3, 7)))])
    )
    summary = _sentence(rng, day, topic, cast)
    paragraphs: list[str] = []
    size = len(title) + len(summary)
    while size < TARGET_CHARACTERS:
        paragraph = " ".join(_sentence(rng, day, topic, cast) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    if cast is None:
        tags = sorted({rng.choice(_NAMES) for _ in range(3)})
    else:
        tags = sorted({spellings[0] for spellings in cast[:3]})  # the article's own names
    lines = [f" date {day.isoformat()} {rng.choice(SOURCES)}", summary, title, *paragraphs, ""]
    lines += [f"#{tag}" for tag in tags]
    return f"{number:06}_{rng.getrandbits(64):016x}", "\n".join(lines) + "\n"


def generate_articles(count: int, start: int = 0) -> Iterator[tuple[str, str]]:
    for number in range(start, start + count):
        yield generate_article(number)


def write_corpus(directory: Path, count: int) -> list[Path]:
    """Write ``count`` articles as .txt files, a thousand to a subdirectory."""
    paths = []
    for number, (article_id, content) in enumerate(generate_articles(count)):
        folder = directory / f"{number // 1000:03}"
        if number % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{article_id}.txt"
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


CACHE = Path("/tmp/hasiye-realistic-corpus")  # shared by the benchmarks: generated once
# Bumped whenever the generated text changes: the cached files and database are keyed by it.
# v2: the per-article cast (v1 named some entities in 30-90% of the articles).
VERSION = 2


def cached_corpus(count: int) -> Path:
    """A directory of ``count`` generated article files, written once per machine and reused
    (100,000 take ~7 minutes to generate). Complete when its ``done`` file exists."""
    directory = CACHE / f"{count}-v{VERSION}"
    if not (directory / "done").exists():
        scratch = directory.with_name(directory.name + ".partial")
        write_corpus(scratch, count)
        (scratch / "done").write_text("")
        scratch.rename(directory)
    return directory


def cached_database(count: int) -> Path:
    """A hasiye database of ``cached_corpus(count)`` (``hasiye import``), made once and reused by
    the benchmarks that only read it. Open it read-only in spirit: copy it to write."""
    import subprocess

    database = CACHE / f"{count}-v{VERSION}.db"
    if not database.exists():
        scratch = database.with_suffix(".partial")
        scratch.unlink(missing_ok=True)
        command = [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(scratch)]
        subprocess.run([*command, "import", str(cached_corpus(count))], check=True)
        scratch.rename(database)
    return database


def cached_articles(count: int) -> Iterator[tuple[str, str]]:
    """The articles of ``cached_corpus(count)``, (id, content) in order."""
    directory = cached_corpus(count)
    for folder in sorted(path for path in directory.iterdir() if path.is_dir()):
        for path in sorted(folder.iterdir()):
            yield path.stem, path.read_text(encoding="utf-8")


# The vocabulary check ---------------------------------------------------------------------------

_TERM = re.compile(r"[^\W\d_]+")


def folded_words(text: str) -> list[str]:
    """The words as the search index sees them (Turkish-folded, letters only)."""
    from annotations.turkish import loose_key

    return _TERM.findall(loose_key(text))


def heaps_exponent(words: list[str], step: int = 500) -> float:
    """Heaps' law V = K n^β fitted by least squares on log V against log n."""
    seen: set[str] = set()
    points = []
    for position, word in enumerate(words, 1):
        seen.add(word)
        if position % step == 0:
            points.append((math.log(position), math.log(len(seen))))
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return covariance / sum((x - mean_x) ** 2 for x, _ in points)


def vocabulary_check(count: int) -> dict[str, float]:
    """Heaps' exponent of the real text and of as many generated words; distinct folded terms
    of ``count`` generated articles."""
    real = [w for line in REAL_TEXT.open(encoding="utf-8") for w in folded_words(json.loads(line)["text"])]
    generated: list[str] = []
    terms: set[str] = set()
    for _, content in cached_articles(count):
        words = folded_words(content)
        terms.update(words)
        if len(generated) < len(real):
            generated.extend(words)
    if len(generated) < len(real):
        raise SystemExit(f"{count} articles have fewer words than the real text ({len(real)})")
    return {
        "real_words": len(real),
        "real_heaps": heaps_exponent(real),
        "generated_heaps": heaps_exponent(generated[: len(real)]),
        "real_types": len(set(real)),
        "generated_types": len(set(generated[: len(real)])),
        "articles": count,
        "terms": len(terms),
    }


def print_vocabulary_check(count: int) -> dict[str, float]:
    figures = vocabulary_check(count)
    print(
        f"vocabulary check: Heaps' exponent over the first {figures['real_words']:,} words: "
        f"real text {figures['real_heaps']:.3f} ({figures['real_types']:,} types), generated "
        f"{figures['generated_heaps']:.3f} ({figures['generated_types']:,} types), difference "
        f"{figures['generated_heaps'] - figures['real_heaps']:+.3f} (goal within ±0.1); "
        f"{figures['terms']:,} distinct folded terms in {count:,} generated articles"
    )
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        print_vocabulary_check(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    else:
        write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
