"""A deterministic generator of Turkish-like news articles for benchmarks.

``generate_article(number)`` always gives the same text for the same number, on every machine:
~2,000 characters in the seed files' shape (a `` date YYYY-MM-DD Source`` header, a title, a
summary, body paragraphs, ``#tag`` lines), Turkish letters, entity mentions with apostrophe
suffixes and spelling variants (Halil Hayye / Khalil al-Hayya / HALİL HAYYE / Hayye'nin), and dates
in the forms news uses (5 Kasım 2025, 05.11.2025, bugün, Çarşamba günü).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "ve bir bu da ile için olarak daha çok kadar sonra göre ise ancak şu her gibi olan "
    "görüşme heyet ateşkes süreç insani yardım bölge barış müzakere anlaşma açıklama toplantı "
    "güvenlik istihbarat diplomasi zirve kriz operasyon ihlal destek çaba sorun adım gündem "
    "karar taraf ülke hükümet bakan başkan sözcü temsilci uluslararası kamuoyu kuruluş rapor "
    "ekonomi enflasyon piyasa yatırım ihracat büyüme bütçe vergi faiz kur işsizlik üretim "
    "seçim parti milletvekili meclis yasa teklif oylama muhalefet iktidar belediye vali "
    "önemli kritik yoğun kapsamlı ortak yeni son büyük kalıcı etkin güçlü hızlı geniş yakın "
    "değerlendirdi görüştü bildirdi vurguladı belirtti aktardı açıkladı ifade etti iletti "
    "gerçekleştirdi sürdürdü kaydetti uyardı istedi dile getirdi ele aldı teyit etti "
    "çalışmalar ihlallere sürecin halkına desteğini yollarının kapsamında sırasında üzerine"
).split()

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
}
SUFFIXES = ["", "", "", "'nin", "'a", "'ya", "'da", "'de", "'dan", "'le", "'ın", "’ın", "'deki", "'e"]
SOURCES = ["Yeni Şafak", "Anadolu Ajansı", "DHA", "Hürriyet", "Sabah", "Milliyet", "NTV"]
MONTHS = "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split()
RELATIVE_DATES = ["bugün", "dün", "yarın", "geçen hafta", "Çarşamba günü", "3 gün önce", "bu sabah"]
TARGET_CHARACTERS = 2000


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


def _mention(rng: random.Random) -> str:
    variants = ENTITIES[rng.choice(list(ENTITIES))]
    return rng.choice(variants) + rng.choice(SUFFIXES)


def _sentence(rng: random.Random, day: date) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), _mention(rng))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), _date_phrase(rng, day))
    sentence = " ".join(words)
    return _capitalised(sentence) + rng.choice(".....?!")


def generate_article(number: int) -> tuple[str, str]:
    """The article id and the file content of article ``number``."""
    rng = random.Random(number)
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(1100))
    title = " ".join([_mention(rng), *rng.choices(WORDS, k=rng.randint(3, 7))])
    title = _capitalised(title)
    summary = _sentence(rng, day)
    paragraphs: list[str] = []
    size = len(title) + len(summary)
    while size < TARGET_CHARACTERS:
        paragraph = " ".join(_sentence(rng, day) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    tags = sorted({rng.choice(list(ENTITIES)) for _ in range(3)})
    lines = [f" date {day.isoformat()} {rng.choice(SOURCES)}", summary, title, *paragraphs, ""]
    lines += [f"#{tag}" for tag in tags]
    return f"{number:06}_{rng.getrandbits(64):016x}", "\n".join(lines) + "\n"


def generate_articles(count: int) -> Iterator[tuple[str, str]]:
    for number in range(count):
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


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
