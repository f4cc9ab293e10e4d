"""The keystroke benchmark's player (``tests/benchmarks/keystroke_player.py``) on one short
article: it must reach the gold by keys alone, both ways, so that it cannot silently rot."""

from __future__ import annotations

import pytest

from annotations.model import Article
from annotations.store import Store
from tests.benchmarks.keystroke_player import Player, difference, load_gold
from tui.app import make_app

# The first sentence of seed 000.
TEXT = (
    "MİT Başkanı İbrahim Kalın, Katar Başbakanı ve Mısır Genel İstihbarat Başkanı ile Kahire'de "
    "bir araya geldi."
)
GOLD = {
    "articles": {
        "p1": [
            {"start": 0, "end": 3, "label": "ORG", "surface": "MİT",
             "entity": "Milli İstihbarat Teşkilatı"},
            {"start": 12, "end": 25, "label": "PER", "surface": "İbrahim Kalın",
             "entity": "İbrahim Kalın"},
            {"start": 27, "end": 32, "label": "LOC", "surface": "Katar", "entity": "Katar"},
            {"start": 46, "end": 68, "label": "ORG", "surface": "Mısır Genel İstihbarat",
             "entity": "Mısır Genel İstihbarat Servisi"},
            {"start": 46, "end": 51, "label": "LOC", "surface": "Mısır", "entity": "Mısır"},
            {"start": 81, "end": 87, "label": "LOC", "surface": "Kahire", "entity": "Kahire"},
        ]
    }
}  # fmt: skip


def test_the_gold_is_checked_against_the_text():
    wrong = {"articles": {"p1": [{"start": 1, "end": 3, "label": "ORG", "surface": "MİT",
                                  "entity": "MİT"}]}}  # fmt: skip
    with pytest.raises(AssertionError, match="the text there is 'İT'"):
        load_gold(wrong, {"p1": TEXT})


@pytest.mark.parametrize("mode", ["smart", "naive"])
async def test_the_player_reaches_the_gold_by_keys_alone(store: Store, mode: str):
    store.save_articles([(Article("p1", "Kahire", TEXT), None)])
    gold = load_gold(GOLD, {"p1": TEXT})
    app = make_app(store, "bench")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        player = Player(app, pilot, gold, mode)
        log = await player.play()
    assert difference(store, gold, "bench") == []
    kinds = log.by_kind()
    assert kinds["labelling"] >= 1 and kinds["linking"] >= 1
    # Every key went through the keyboard: the typed canonical name too.
    assert "".join(key for key, _, _ in log.presses).count("Milli") == 1
