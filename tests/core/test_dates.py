"""Turkish date expressions: a table of surfaces, anchors and expected values."""

from __future__ import annotations

from datetime import date

import pytest

from annotations.dates import check_value, find_dates, parse_date

WED = date(2025, 11, 5)  # a Wednesday, the date of seed article 004

TABLE = [
    # numeric forms
    ("5/11/2025", WED, "2025-11-05"),
    ("05.11.2025", WED, "2025-11-05"),
    ("5.11.25", WED, "2025-11-05"),
    ("2025-11-05", WED, "2025-11-05"),
    ("2025-11-05T20:20", WED, "2025-11-05T20:20"),
    ("29.02.2024", WED, "2024-02-29"),  # leap year
    ("1/1/2026", WED, "2026-01-01"),
    ("31.12.2024'te", WED, "2024-12-31"),
    ("5/11/2025 20:20", WED, "2025-11-05T20:20"),
    # day and month names
    ("5 Kasım 2025", WED, "2025-11-05"),
    ("5 KASIM 2025", WED, "2025-11-05"),
    ("5 Kasim 2025", WED, "2025-11-05"),
    ("5 Kasım'da", WED, "2025-11-05"),
    ("1 Ocak", WED, "2025-01-01"),
    ("29 Şubat 2024", WED, "2024-02-29"),
    ("3 Subat 2025", WED, "2025-02-03"),
    ("15 Ağustos 2025", WED, "2025-08-15"),
    ("15 Agustos", WED, "2025-08-15"),
    ("30 Eylül 2025'e", WED, "2025-09-30"),
    ("31 Aralık 2025", WED, "2025-12-31"),
    ("5 Kas 2025", WED, "2025-11-05"),
    ("12 Oca 2025", WED, "2025-01-12"),
    ("7 Şub", WED, "2025-02-07"),
    ("1 Mar 2025", WED, "2025-03-01"),
    ("2 Nis 2025", WED, "2025-04-02"),
    ("3 May 2025", WED, "2025-05-03"),
    ("4 Haz 2025", WED, "2025-06-04"),
    ("5 Tem 2025", WED, "2025-07-05"),
    ("6 Ağu 2025", WED, "2025-08-06"),
    ("7 Eyl 2025", WED, "2025-09-07"),
    ("8 Eki 2025", WED, "2025-10-08"),
    ("9 Ara 2025", WED, "2025-12-09"),
    ("5 Kasım 2025 Çarşamba", WED, "2025-11-05"),
    ("5 Kasım 2025 saat 14.30", WED, "2025-11-05T14:30"),
    ("5-7 Kasım 2025", WED, "2025-11-05/2025-11-07"),
    # months and years
    ("Kasım 2025", WED, "2025-11"),
    ("Şubat 2024", WED, "2024-02"),
    ("Kasım ayında", WED, "2025-11"),
    ("Mart ayı", WED, "2025-03"),
    ("Mayıs'ta", WED, "2025-05"),
    ("Ekim'de", WED, "2025-10"),
    ("2025 yılında", WED, "2025"),
    ("2024 yılı", WED, "2024"),
    ("2025'te", WED, "2025"),
    ("2023'ten", WED, "2023"),
    ("2024-2025", WED, "2024/2025"),
    # weekdays: the one in the anchor's week (before and after the anchor)
    ("Çarşamba", WED, "2025-11-05"),
    ("Çarşamba günü", WED, "2025-11-05"),
    ("Carsamba", WED, "2025-11-05"),
    ("Pazartesi", WED, "2025-11-03"),
    ("Salı günü", WED, "2025-11-04"),
    ("Perşembe", WED, "2025-11-06"),
    ("Cuma", WED, "2025-11-07"),
    ("Pazar", WED, "2025-11-09"),
    ("geçen Cuma", WED, "2025-10-31"),
    ("gelecek Pazartesi", WED, "2025-11-10"),
    ("Pazartesi", date(2025, 1, 1), "2024-12-30"),  # the week crosses the year turn
    # day words
    ("bugün", WED, "2025-11-05"),
    ("BUGÜN", WED, "2025-11-05"),
    ("dün", WED, "2025-11-04"),
    ("yarın", WED, "2025-11-06"),
    ("önceki gün", WED, "2025-11-03"),
    ("dün", date(2025, 1, 1), "2024-12-31"),  # year turn
    ("yarın", date(2024, 2, 28), "2024-02-29"),  # leap day
    ("yarın", date(2023, 2, 28), "2023-03-01"),
    ("yarın", date(2025, 4, 30), "2025-05-01"),  # month end
    ("bu sabah", WED, "2025-11-05"),
    ("dün akşam", WED, "2025-11-04"),
    ("yarın sabah", WED, "2025-11-06"),
    ("dün saat 20:20", WED, "2025-11-04T20:20"),
    # periods
    ("geçen hafta", WED, "2025-W44"),
    ("bu hafta", WED, "2025-W45"),
    ("gelecek hafta", WED, "2025-W46"),
    ("önümüzdeki hafta", WED, "2025-W46"),
    ("geçen hafta", date(2025, 1, 2), "2024-W52"),
    ("geçen ay", WED, "2025-10"),
    ("geçen ay", date(2025, 3, 31), "2025-02"),  # month end
    ("gelecek ay", date(2025, 12, 15), "2026-01"),  # year turn
    ("geçen yıl", WED, "2024"),
    ("geçen sene", WED, "2024"),
    ("bu yıl", WED, "2025"),
    # amounts, in digits and in words
    ("3 gün önce", WED, "2025-11-02"),
    ("üç gün önce", WED, "2025-11-02"),
    ("iki hafta sonra", WED, "2025-11-19"),
    ("10 gün sonra", date(2025, 12, 25), "2026-01-04"),
    ("on beş gün önce", WED, "2025-10-21"),
    ("yirmi bir gün sonra", WED, "2025-11-26"),
    ("2 ay önce", WED, "2025-09"),
    ("bir ay sonra", date(2025, 1, 31), "2025-02"),
    ("bir yıl önce", date(2024, 2, 29), "2023"),
    # times
    ("20:20", WED, "2025-11-05T20:20"),
    ("saat 14.30", WED, "2025-11-05T14:30"),
    ("saat 09:05'te", WED, "2025-11-05T09:05"),
    # messy scraped forms
    ("20:205/11/2025", WED, "2025-11-05T20:20"),
    ("G: 5/11/2025", WED, "2025-11-05"),
]


@pytest.mark.parametrize(("surface", "anchor", "expected"), TABLE)
def test_expression_values(surface: str, anchor: date, expected: str):
    result = parse_date(surface, anchor)
    assert result.value == expected, result.reason
    assert check_value(expected) is None


def test_the_table_is_large():
    assert len(TABLE) >= 80


@pytest.mark.parametrize(
    ("surface", "reason"),
    [
        ("31/2/2025", "no such day: 31.2.2025"),
        ("29 Şubat 2025", "no such day: 29.2.2025"),
        ("25:61", "no such time: 25:61"),
        ("saat 25.10", "no such time: 25:10"),
        ("7-5 Kasım 2025", "a range that ends before it starts"),
        ("Kasım", "not a date expression"),  # a bare month name is also a first name
        ("Ahmet Bey", "not a date expression"),
        ("1990'lar", "not a date expression"),  # a decade, not the year 1990
        ("", "empty"),
        ("20:20:205/11/2025//", "not a date expression"),
    ],
)
def test_what_cannot_be_read_gets_no_value_and_a_reason(surface: str, reason: str):
    result = parse_date(surface, WED)
    assert result.value is None and reason in result.reason


@pytest.mark.parametrize("surface", ["bugün", "dün akşam", "Çarşamba", "geçen hafta", "3 gün önce", "5 Kasım'da", "saat 14.30"])
def test_relative_expressions_without_an_anchor_need_one(surface: str):
    result = parse_date(surface, None)
    assert result.value is None and result.needs_anchor


def test_absolute_expressions_need_no_anchor():
    assert parse_date("5 Kasım 2025", None).value == "2025-11-05"


def test_odd_input_never_raises():
    for surface in ["\x1b[31m", "99/99/9999", "0/0/0000", "٣ نوفمبر", "5" * 300, "saat", "gün önce"]:
        parse_date(surface, WED)


def test_find_dates_in_seed_article_004():
    from tests.conftest import SEEDS

    text = (SEEDS / "004_6b0b2ef26e7569ca.txt").read_text(encoding="utf-8")
    found = [(item.surface, item.value.value) for item in find_dates(text, WED)]
    assert ("20:205/11/2025", "2025-11-05T20:20") in found
    assert ("5/11/2025", "2025-11-05") in found
    assert found.count(("Çarşamba", "2025-11-05")) == 2
    assert ("bugün", "2025-11-05") in found
    for item in find_dates(text, WED):
        assert text[item.start : item.end] == item.surface


def test_find_dates_does_not_take_words_that_only_start_like_dates():
    assert find_dates("Dünya Kupası ve Pazarlık sürdü, Kasım Bey konuştu.", WED) == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2025-11-05", None),
        ("2025-W45", None),
        ("2024/2025", None),
        ("2025-11-05T20:20", None),
        ("2025-13", "no such date"),
        ("2025-02-30", "no such date"),
        ("2025-11-05T24:00", "no such time"),
        ("5 Kasım", "expected YYYY"),
    ],
)
def test_check_value(value: str, problem: str | None):
    result = check_value(value)
    assert result is None if problem is None else problem in result


def test_date_proposals_in_seed_004_all_mean_that_day():
    from annotations.review import date_proposals
    from tests.conftest import SEEDS

    text = (SEEDS / "004_6b0b2ef26e7569ca.txt").read_text(encoding="utf-8")
    # The stored text drops the metadata line; the proposals work on any text.
    proposals = date_proposals(text, [], WED)
    assert {proposal.surface for proposal in proposals} >= {"20:205/11/2025", "5/11/2025", "bugün"}
    assert all(proposal.value.value.startswith("2025-11-05") for proposal in proposals)


def test_date_proposals_never_touch_existing_spans():
    from annotations.model import Span
    from annotations.review import date_proposals

    text = "Toplantı dün, 5 Kasım 2025'te ve bugün Ankara Kasım 2025 Komisyonu'nda yapıldı."
    day = text.index("5 Kasım 2025")
    commission = text.index("Ankara Kasım")
    spans = [
        Span("a", text.index("dün"), text.index("dün") + 3, "DATE", "dün", "ayse"),  # already there
        Span("a", day + 8, day + 17, "ORG", text[day + 8 : day + 17], "ayse"),  # would cross
        Span("a", commission, commission + 29, "ORG", text[commission : commission + 29], "ayse"),
    ]
    rejected = {(text.index("bugün"), text.index("bugün") + 5, "DATE")}
    proposals = date_proposals(text, spans, WED, rejected)
    # "Kasım 2025" nested inside the ORG is allowed; the rest is left alone.
    assert [p.surface for p in proposals] == ["Kasım 2025"]


def test_imported_date_spans_get_values_unless_they_have_one(tmp_path):
    import json

    from annotations.importers.datasets import import_dataset
    from annotations.store import Store

    record = {
        "id": "d1",
        "date": "2025-11-05",
        "text": "dün ve bugün",
        "spans": [
            {"start": 0, "end": 3, "label": "DATE"},
            {"start": 7, "end": 12, "label": "DATE", "value": "2025-11-06"},
        ],
    }
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        assert import_dataset(store, path, "ayse", ("DATE",)).written
        assert [(s.surface, s.value) for s in store.spans_for("d1")] == [
            ("dün", "2025-11-04"),
            ("bugün", "2025-11-06"),  # kept as it came
        ]
