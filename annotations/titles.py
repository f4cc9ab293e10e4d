"""Titles that Turkish news writes next to a name but that are not part of it.

One list serves the name under the cursor (``annotations.annotating.name_at`` cuts a run of
capitalised words at its titles) and entity matching (``annotations.matching.name_words`` leaves
them out of an alias's keys). A label file may add entries (``titles:``, see
``annotations.labels.load_titles``).

An entry is one word (Başkanı, Cumhurbaşkanı, Şeyh) or a phrase (Genel Müdürü, Dışişleri
Bakanı). Words are compared Turkish-folded and without an apostrophe suffix, so "BAŞKANI",
"başkanı", "Baskani" and "Başkanı'nın" are one. The words of a phrase are titles only where the
whole phrase stands; its last word is a title anywhere. So "Genel" is a title in "Genel Müdürü"
and "Genel Başkan Yardımcısı" (Genel Başkan, Başkan Yardımcısı) and part of the name in "Mısır
Genel İstihbarat Servisi" and "BM Genel Kurulu Başkanı".

Left out on purpose, because they are at least as often part of a name: Emir, Sultan and
Muhtar (first names: Emiri, Sultanı and Muhtarı are titles), General (General Motors;
Orgeneral and the other ranks are titles), Hoca and İmam (Hoca Ahmet Yesevi, İmam Hatip
Lisesi), Hakim and Hakimi (surnames), King (Stephen King).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.turkish import APOSTROPHES, loose_key

# Each head in its bare form (before a name: "Başkan Yardımcısı", "Bakan Fidan") and its
# possessive form (after the organisation or place it belongs to: "MİT Başkanı").
DEFAULT_TITLES: tuple[str, ...] = (
    # heads of state and government, ministers
    "Cumhurbaşkanı", "Cumhurbaşkanı Yardımcısı", "Başbakan", "Başbakanı", "Bakan", "Bakanı",
    "Devlet Başkanı", "Devlet Bakanı", "Dışişleri Bakanı", "İçişleri Bakanı", "Bakan Yardımcısı",
    "Başbakan Yardımcısı", "Müsteşar", "Müsteşarı", "Müsteşar Yardımcısı",
    # chairs, directors, spokespeople
    "Başkan", "Başkanı", "Genel Başkan", "Genel Başkanı", "Başkan Yardımcısı", "İl Başkanı",
    "İlçe Başkanı",
    "Başkanvekili", "Grup Başkanvekili", "Genelkurmay Başkanı", "Kurmay Başkanı",
    "Belediye Başkanı", "Büyükşehir Belediye Başkanı", "Yönetim Kurulu Başkanı",
    "Müdür", "Müdürü", "Genel Müdür", "Genel Müdürü", "Emniyet Müdürü", "Müdür Yardımcısı",
    "Emniyet Müdür Yardımcısı", "Genel Müdür Yardımcısı",
    "Sekreter", "Sekreteri", "Genel Sekreter", "Genel Sekreteri", "Yardımcısı",
    "Sözcü", "Sözcüsü", "Lider", "Lideri", "Koordinatörü", "Genel Koordinatörü",
    "Direktörü", "Teknik Direktörü", "Temsilcisi", "Özel Temsilcisi", "Danışmanı",
    "Başdanışmanı", "Yönetmeni", "Vekili", "Üyesi",
    # parliament, diplomacy, the provinces
    "Milletvekili", "Senatör", "Senatörü", "Büyükelçi", "Büyükelçisi", "Başkonsolos",
    "Başkonsolosu", "Konsolosu", "Elçisi", "Vali", "Valisi", "Kaymakam", "Kaymakamı",
    "Muhtarı", "Mevkidaşı",
    # rulers and honorifics
    "Şeyh", "Emiri", "Kral", "Kralı", "Kraliçe", "Kraliçesi", "Prens", "Prensi", "Veliaht",
    "Veliaht Prens", "Veliaht Prensi", "Sultanı", "Papa", "Patrik", "Patriği", "Ayetullah", "Müftü",
    "Müftüsü", "Sayın", "Bay", "Bayan",
    # the armed forces and the police
    "Komutan", "Komutanı", "Orgeneral", "Korgeneral", "Tümgeneral", "Tuğgeneral", "Mareşal",
    "Amiral", "Oramiral", "Koramiral", "Tümamiral", "Tuğamiral", "Albay", "Yarbay", "Binbaşı",
    "Yüzbaşı", "Üsteğmen", "Teğmen", "Astsubay", "Komiser", "Başkomiser", "Org", "Korg",
    # the courts, the universities, medicine (abbreviations are written with a full stop)
    "Savcı", "Savcısı", "Başsavcı", "Başsavcısı", "Cumhuriyet Başsavcısı",
    "Rektör", "Rektörü", "Dekan", "Dekanı", "Prof", "Doç", "Dr", "Av", "Op", "Uzm",
    # as written in English-language names that reach Turkish news
    "Sheikh", "President", "Minister", "Prince", "Mr", "Mrs",
)  # fmt: skip


def title_key(word: str) -> str:
    """A word as titles are compared: Turkish-folded, without an apostrophe suffix."""
    folded = loose_key(word)
    for mark in APOSTROPHES:
        folded = folded.split(mark, 1)[0]
    return folded.split("'", 1)[0]


@dataclass(frozen=True)
class Titles:
    """The title entries, each as a tuple of folded words; every entry's last word alone too."""

    phrases: frozenset[tuple[str, ...]]
    longest: int
    words: frozenset[str]  # every word of every entry: most names have none of them

    @staticmethod
    def of(extra: Iterable[str] = (), base: Iterable[str] = DEFAULT_TITLES) -> Titles:
        """The default list, with a label file's entries added."""
        phrases: set[tuple[str, ...]] = set()
        for entry in (*base, *extra):
            # "Prof." and "Prof" are one: the full stop of an abbreviation is not a word.
            words = tuple(word for word in map(title_key, entry.replace(".", " ").split()) if word)
            if words:
                phrases.update((words, words[-1:]))
        longest = max((len(phrase) for phrase in phrases), default=0)
        return Titles(frozenset(phrases), longest, frozenset(word for p in phrases for word in p))

    def marks(self, keys: Sequence[str]) -> list[bool]:
        """For each folded word of a run, whether it belongs to a title there."""
        marked = [False] * len(keys)
        if self.words.isdisjoint(keys):
            return marked
        for first in range(len(keys)):
            for length in range(1, min(self.longest, len(keys) - first) + 1):
                if tuple(keys[first : first + length]) in self.phrases:
                    marked[first : first + length] = [True] * length
        return marked

    def __contains__(self, word: object) -> bool:
        """Whether a word alone is a title: "Başkanı" yes, "Genel" no."""
        return isinstance(word, str) and (title_key(word),) in self.phrases


STANDARD_TITLES = Titles.of()
