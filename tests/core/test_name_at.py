"""The name under the cursor, on phrases from Turkish news (the two seeds, the sadedegel columns
in ../shared/data/sadedegel, and everyday agency style): titles are cut, names are whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.annotating import name_at, with_title
from annotations.labels import LabelFileError, load_labels, load_titles
from annotations.model import Span
from annotations.titles import STANDARD_TITLES, Titles

# (phrase, the word the cursor is on, the name taken; None: nothing)
NAMES = [
    # the seeds
    ("MİT Başkanı İbrahim Kalın, Katar Başbakanı ile görüştü.", "MİT", "MİT"),
    ("MİT Başkanı İbrahim Kalın, Katar Başbakanı ile görüştü.", "İbrahim", "İbrahim Kalın"),
    ("MİT Başkanı İbrahim Kalın, Katar Başbakanı ile görüştü.", "Kalın", "İbrahim Kalın"),
    ("MİT Başkanı İbrahim Kalın, Katar Başbakanı ile görüştü.", "Katar", "Katar"),
    ("MİT Başkanı Kalın'dan Hamas'la kritik görüşme", "Kalın", "Kalın"),
    ("MİT Başkanı Kalın'dan Hamas'la kritik görüşme", "Hamas", "Hamas"),
    ("Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın", "İstihbarat",
     "Milli İstihbarat Teşkilatı"),
    ("Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın", "MİT", "MİT"),
    ("Milli İstihbarat Teşkilatı Başkanı İbrahim Kalın, bugün", "Teşkilatı",
     "Milli İstihbarat Teşkilatı"),
    ("Mısır Genel İstihbarat Servisi Başkanı Hasan Reşat ile", "Genel",
     "Mısır Genel İstihbarat Servisi"),
    ("Mısır Genel İstihbarat Servisi Başkanı Hasan Reşat ile", "Reşat", "Hasan Reşat"),
    ("Katar Başbakanı ve Mısır Genel İstihbarat Başkanı ile", "Mısır", "Mısır Genel İstihbarat"),
    ("Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani ve", "Muhammed",
     "Muhammed bin Abdurrahman Al Sani"),
    ("Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani ve", "Sani",
     "Muhammed bin Abdurrahman Al Sani"),
    ("Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani ve", "bin",
     "Muhammed bin Abdurrahman Al Sani"),
    ("Hamas Siyasi Bürosu Müzakere Heyeti Başkanı Halil Hayye ve", "Hamas",
     "Hamas Siyasi Bürosu Müzakere Heyeti"),
    ("Hamas Siyasi Bürosu Müzakere Heyeti Başkanı Halil Hayye ve", "Hayye", "Halil Hayye"),
    ("başta Cumhurbaşkanı Recep Tayyip Erdoğan olmak üzere", "Tayyip", "Recep Tayyip Erdoğan"),
    ("teşekkür: Cumhurbaşkanı Erdoğan'a ve Türkiye'ye", "Erdoğan", "Erdoğan"),
    ("Gazze Şeridi'nde İsrail'in artan askeri operasyonları", "Gazze", "Gazze Şeridi"),
    ("sahada bulunan Sivil Askeri Koordinasyon Merkezi (CMCC) ile", "Askeri",
     "Sivil Askeri Koordinasyon Merkezi"),
    ("Amerika Birleşik Devletleri (ABD) ile iş birliği", "Birleşik", "Amerika Birleşik Devletleri"),
    ("Ateşkeste İkinci Aşama ve ABD İle Koordinasyon Ele Alındı", "ABD", "ABD"),
    # the sadedegel columns
    ("Devlet Bakanı Fikret Ünlü açıkladı", "Fikret", "Fikret Ünlü"),
    ("DSP İl Başkanı Mehmet Baş ile", "DSP", "DSP"),
    ("Sudan Devlet Başkanı Ömer El Beşir’i kabul etti", "Sudan", "Sudan"),
    ("Sudan Devlet Başkanı Ömer El Beşir’i kabul etti", "Beşir", "Ömer El Beşir"),
    ("Başbakan Yardımcısı Mehmet Şimşek’i aradı", "Şimşek", "Mehmet Şimşek"),
    ("İstanbul Emniyet Müdür Yardımcısı Celal Yılmaz ise", "İstanbul", "İstanbul"),
    ("Ferrero Fındık Genel Müdürü Bamsı Akın dedi", "Fındık", "Ferrero Fındık"),
    ("Ferrero Fındık Genel Müdürü Bamsı Akın dedi", "Akın", "Bamsı Akın"),
    ("Almanya'nın Ankara Büyükelçisi Hans Joachim Vergau'yu", "Joachim", "Hans Joachim Vergau"),
    ("Almanya'nın Ankara Büyükelçisi Hans Joachim Vergau'yu", "Ankara", "Ankara"),
    ("CHP Genel Başkanı Kemal Kılıçdaroğlu’nun sözleri", "CHP", "CHP"),
    ("CHP Genel Başkanı Kemal Kılıçdaroğlu’nun sözleri", "Kemal", "Kemal Kılıçdaroğlu"),
    ("DYP Genel Başkan Yardımcısı Timur Gürgan da", "Timur", "Timur Gürgan"),
    ("Türkiye Meme Vakfı Başkanı Sayın Can Gürbüz'den", "Can", "Can Gürbüz"),
    ("Türkiye Meme Vakfı Başkanı Sayın Can Gürbüz'den", "Vakfı", "Türkiye Meme Vakfı"),
    ("MHP’li Mersin Büyükşehir Belediyesi Başkanı Burhanettin Kocamaz’ın", "Mersin",
     "Mersin Büyükşehir Belediyesi"),
    ("Mersin Büyükşehir Belediye Başkanı Vahap Seçer", "Mersin", "Mersin"),
    ("İş Araştırma Merkezi Yönetmeni Dr. Ali Öktemgil", "Ali", "Ali Öktemgil"),
    ("Uygulama Merkezi Müdürü Prof. Dr. Ahmet Yılmaz", "Yılmaz", "Ahmet Yılmaz"),
    ("Genelkurmay Başkanı Orgeneral Hulusi Akar", "Hulusi", "Hulusi Akar"),
    ("IKBY Başkanı Mesud Barzani ile", "IKBY", "IKBY"),
    ("Irak Cumhurbaşkanı Celal Talabani’nin Kürdistan ziyareti", "Irak", "Irak"),
    # agency style: titles in capitals and in lower case, organisations that hold a title word
    ("Dışişleri Bakanı Hakan Fidan, Mısırlı mevkidaşı ile", "Fidan", "Hakan Fidan"),
    ("Dışişleri Bakanlığı Sözcüsü Öncü Keçeli", "Bakanlığı", "Dışişleri Bakanlığı"),
    ("Dışişleri Bakanlığı Sözcüsü Öncü Keçeli", "Keçeli", "Öncü Keçeli"),
    ("ABD Dışişleri Bakanı Marco Rubio", "ABD", "ABD"),
    ("MİT BAŞKANI İBRAHİM KALIN HAMAS HEYETİYLE GÖRÜŞTÜ", "MİT", "MİT"),
    ("MİT BAŞKANI İBRAHİM KALIN açıkladı", "KALIN", "İBRAHİM KALIN"),
    ("NATO Genel Sekreteri Mark Rutte, Brüksel'de", "Rutte", "Mark Rutte"),
    ("NATO Genel Sekreteri Mark Rutte, Brüksel'de", "NATO", "NATO"),
    ("Birleşmiş Milletler Güvenlik Konseyi toplandı", "Güvenlik",
     "Birleşmiş Milletler Güvenlik Konseyi"),
    ("BM Genel Kurulu Başkanı Annalena Baerbock", "Kurulu", "BM Genel Kurulu"),
    ("Türkiye Büyük Millet Meclisi Başkanı Numan Kurtulmuş", "Meclisi",
     "Türkiye Büyük Millet Meclisi"),
    ("Türkiye Büyük Millet Meclisi Genel Kurulu'nda kabul edildi", "Millet",
     "Türkiye Büyük Millet Meclisi Genel Kurulu"),
    ("AK Parti Grup Başkanvekili Abdullah Güler", "AK", "AK Parti"),
    ("AK Parti Sözcüsü Ömer Çelik", "Parti", "AK Parti"),
    ("Katar Emiri Şeyh Temim bin Hamad Al Sani", "Temim", "Temim bin Hamad Al Sani"),
    ("Katar Emiri Şeyh Temim bin Hamad Al Sani", "Katar", "Katar"),
    ("Suudi Arabistan Veliaht Prensi Muhammed bin Selman", "Selman", "Muhammed bin Selman"),
    ("Ürdün Kralı Abdullah ile görüştü", "Abdullah", "Abdullah"),
    ("İsrail Başbakanı Binyamin Netanyahu'nun ofisi", "Netanyahu", "Binyamin Netanyahu"),
    ("Hamas lideri Halil el-Hayye dedi", "el-Hayye", "Halil el-Hayye"),
    ("Hamas lideri Halil el-Hayye dedi", "Halil", "Halil el-Hayye"),
    ("AB Komisyonu Başkanı Ursula von der Leyen", "Leyen", "Ursula von der Leyen"),
    ("AB Komisyonu Başkanı Ursula von der Leyen", "AB", "AB Komisyonu"),
    ("Cumhurbaşkanı Yardımcısı Cevdet Yılmaz", "Cevdet", "Cevdet Yılmaz"),
    ("Milli Savunma Bakanı Yaşar Güler", "Güler", "Yaşar Güler"),
    ("İçişleri Bakanı Ali Yerlikaya", "Ali", "Ali Yerlikaya"),
    ("Kremlin Sözcüsü Dmitriy Peskov", "Kremlin", "Kremlin"),
    ("CHP Milletvekili Ali Mahir Başarır", "Başarır", "Ali Mahir Başarır"),
    ("Türkiye'nin Washington Büyükelçisi Sedat Önal", "Washington", "Washington"),
    ("Kara Kuvvetleri Komutanı Orgeneral Selçuk Bayraktaroğlu", "Kuvvetleri", "Kara Kuvvetleri"),
    ("yönetmen Emir Kusturica dedi", "Emir", "Emir Kusturica"),  # Emir is also a first name
    ("Sultan Ahmet Camii", "Camii", "Sultan Ahmet Camii"),
    # the cursor on a title: the name right after it, or nothing
    ("MİT Başkanı İbrahim Kalın, bugün", "Başkanı", "İbrahim Kalın"),
    ("başta Cumhurbaşkanı Recep Tayyip Erdoğan olmak üzere", "Cumhurbaşkanı",
     "Recep Tayyip Erdoğan"),
    ("DYP Genel Başkan Yardımcısı Timur Gürgan da", "Genel", "Timur Gürgan"),
    ("Katar Başbakanı ile görüştü", "Başbakanı", None),
    ("Genelkurmay Başkanı Org. Hulusi Akar", "Org", "Hulusi Akar"),
    # a full stop ends a name unless it ends an abbreviated title
    ("görüştüğü isim Erdoğan. Putin ise katılmadı.", "Putin", "Putin"),
    ("görüştüğü isim Erdoğan. Putin ise katılmadı.", "Erdoğan", "Erdoğan"),
    # not a name
    ("heyet Kahire'de bir araya geldi", "araya", None),
    ("Ateşkeste İkinci Aşama ve ABD İle Koordinasyon", "İle", None),
]  # fmt: skip


def test_the_table_is_large():
    assert len(NAMES) >= 40


@pytest.mark.parametrize(("phrase", "word", "expected"), NAMES)
def test_name_under_the_cursor(phrase: str, word: str, expected: str | None):
    at = phrase.index(word)
    for position in (at, at + len(word) // 2, at + len(word) - 1):
        found = name_at(phrase, position)
        assert (phrase[slice(*found)] if found else None) == expected, position


def test_the_end_of_a_word_is_still_the_word():
    text = "Katar Emiri Şeyh Temim"
    assert text[slice(*name_at(text, len(text)))] == "Temim"


SEED = "MİT Başkanı İbrahim Kalın, Hamas heyeti ile Erdoğan Putin görüşmesi"


def span(text: str, surface: str, label: str) -> Span:
    start = text.index(surface)
    return Span("a", start, start + len(surface), label, surface, "x")


def test_a_span_of_the_same_label_is_a_wall():
    erdogan = span(SEED, "Erdoğan", "PER")
    putin = SEED.index("Putin")
    assert SEED[slice(*name_at(SEED, putin, [erdogan], "PER"))] == "Putin"
    assert SEED[slice(*name_at(SEED, putin))] == "Erdoğan Putin"
    # Another label's span is no wall: spans of different labels nest.
    assert SEED[slice(*name_at(SEED, putin, [erdogan], "LOC"))] == "Erdoğan Putin"


def test_a_cursor_inside_a_span_of_the_same_label_gives_that_span():
    kalin = span(SEED, "Kalın", "PER")
    found = name_at(SEED, SEED.index("Kalın") + 2, [kalin], "PER")
    assert found == (kalin.start, kalin.end)
    found = name_at(SEED, SEED.index("İbrahim"), [kalin], "PER")
    assert SEED[slice(*found)] == "İbrahim"


def test_a_title_before_a_span_of_the_same_label_points_at_it():
    kalin = span(SEED, "İbrahim Kalın", "PER")
    assert name_at(SEED, SEED.index("Başkanı"), [kalin], "PER") == (kalin.start, kalin.end)


@pytest.mark.parametrize(
    ("phrase", "name", "grown"),
    [
        ("MİT Başkanı İbrahim Kalın, bugün", "İbrahim Kalın", "MİT Başkanı İbrahim Kalın"),
        ("başta Cumhurbaşkanı Recep Tayyip Erdoğan olmak", "Recep Tayyip Erdoğan",
         "Cumhurbaşkanı Recep Tayyip Erdoğan"),
        ("Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani",
         "Muhammed bin Abdurrahman Al Sani",
         "Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani"),
        ("Genelkurmay Başkanı Org. Hulusi Akar", "Hulusi Akar",
         "Genelkurmay Başkanı Org. Hulusi Akar"),
        ("Almanya'nın Ankara Büyükelçisi Hans Joachim Vergau", "Hans Joachim Vergau",
         "Ankara Büyükelçisi Hans Joachim Vergau"),
        ("MİT Başkanı İbrahim Kalın", "MİT", None),  # the title is after it
        ("Hamas heyeti ile", "Hamas", None),
        ("ve Mısır Genel İstihbarat Servisi", "Mısır Genel İstihbarat Servisi", None),
        ("Başkanı'nın İbrahim Kalın", "İbrahim Kalın", None),  # a suffixed word ends a run
    ],
)  # fmt: skip
def test_a_second_press_grows_the_name_over_its_title(phrase: str, name: str, grown: str | None):
    start = phrase.index(name)
    found = with_title(phrase, start, start + len(name))
    assert (phrase[slice(*found)] if found else None) == grown


def test_titles_fold_turkish_casing():
    for word in ("Başkanı", "BAŞKANI", "başkanı", "Baskani", "Başkanı'nın", "ŞEYH", "Dr"):
        assert word in STANDARD_TITLES
    for word in ("Genel", "Dışişleri", "Emir", "İstihbarat"):
        assert word not in STANDARD_TITLES
    marks = STANDARD_TITLES.marks(["cumhurbaskani", "yardimcisi", "cevdet"])
    assert marks == [True, True, False]


def test_a_label_file_adds_titles(tmp_path: Path):
    path = tmp_path / "labels.yaml"
    path.write_text(
        "labels:\n  - {name: PER, key: p, color: '#d75f5f'}\n"
        "titles: [Başmüfettişi, Genel Koordinatör Yardımcısı]\n",
        encoding="utf-8",
    )
    assert len(load_labels(path)) == 1
    extra = load_titles(path)
    assert extra == ("Başmüfettişi", "Genel Koordinatör Yardımcısı")
    titles = Titles.of(extra)
    text = "Mülkiye Başmüfettişi Ali Veli ve Vakıf Genel Koordinatör Yardımcısı Ayşe Kaya"
    assert text[slice(*name_at(text, 0))] == "Mülkiye Başmüfettişi Ali Veli"
    assert text[slice(*name_at(text, 0, titles=titles))] == "Mülkiye"
    found = name_at(text, text.index("Vakıf"), titles=titles)
    assert text[slice(*found)] == "Vakıf"


def test_a_label_file_without_titles_or_as_a_plain_list(tmp_path: Path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("labels:\n  - {name: PER, key: p, color: '#d75f5f'}\n")
    plain = tmp_path / "plain.yaml"
    plain.write_text("- {name: PER, key: p, color: '#d75f5f'}\n")
    assert load_titles(mapping) == () and load_titles(plain) == ()


@pytest.mark.parametrize(
    ("titles", "message"),
    [("titles: Başkanı", "titles: expected a list of words"), ("titles: [Başkanı, 3]", "title 2"),
     ("titles: ['  ']", "title 1")],
)  # fmt: skip
def test_a_bad_title_list_is_refused(tmp_path: Path, titles: str, message: str):
    path = tmp_path / "bad.yaml"
    path.write_text("labels:\n  - {name: PER, key: p, color: '#d75f5f'}\n" + titles + "\n")
    with pytest.raises(LabelFileError, match="bad.yaml: .*" + message):
        load_titles(path)
