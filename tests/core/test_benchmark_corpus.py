"""The realistic benchmark corpus: suffixes under vowel harmony, and the same text every time."""

from __future__ import annotations

import pytest

from tests.benchmarks.corpus import _attach, _inflected, generate_article, heaps_exponent


@pytest.mark.parametrize(
    ("word", "template", "expected"),
    [
        ("masa", "(y)A", "masaya"), ("ev", "(y)A", "eve"), ("kitap", "DA", "kitapta"),
        ("göz", "DAn", "gözden"), ("okul", "(n)In", "okulun"), ("Türkiye", "(n)In", "Türkiyenin"),
        ("gül", "(y)I", "gülü"), ("kız", "lAr", "kızlar"), ("ayak", "(y)I", "ayağı"),
        ("gel", "Iyor", "geliyor"), ("gelme", "Iyor", "gelmiyor"), ("bak", "DI", "baktı"),
        ("ev", "(I)m", "evim"), ("oda", "(I)m", "odam"), ("araba", "(s)I", "arabası"),
    ],
)  # fmt: skip
def test_suffixes_follow_vowel_harmony_and_sound_rules(word: str, template: str, expected: str):
    assert _attach(word, template) == expected


def test_a_third_person_possessive_takes_n_before_a_case():
    assert _inflected("ev", ("(s)I", "DA")) == "evinde"
    assert _inflected("araba", ("(s)I", "(y)A")) == "arabasına"


def test_articles_are_the_same_every_time():
    assert generate_article(7) == generate_article(7)
    assert generate_article(7) != generate_article(8)


def test_heaps_exponent_of_a_growing_vocabulary():
    assert heaps_exponent([str(n) for n in range(5000)]) == pytest.approx(1.0)
    assert heaps_exponent([str(n % 10) for n in range(5000)]) < 0.05
