"""Every key of every screen is in the README's key tables (the tables are the user's manual; the
keymap is where the keys are declared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations import keymap

README = Path(__file__).resolve().parents[2] / "README.md"
# How the README writes the keys that are names rather than characters.
WRITTEN = {"pageup": "pgup", "pagedown": "pgdn"}
TABLES = {
    name: getattr(keymap, name)
    for name in dir(keymap)
    if name.isupper() and isinstance(getattr(keymap, name), tuple)
}


# Where each screen's keys are described: a bold heading in "Keys in the app", or a section.
PLACES = {
    "ANNOTATOR": "**Annotator**",
    "ANNOTATOR_MOVES": "**Annotator**",
    "SPAN_PANEL": "**Annotator**",
    "REVIEW": "**Review queue**",
    "CONFIRM": "**Review queue**",
    "LIBRARY": "**Library**",
    "ROW_LIST": "**Library**",
    "OPEN_ROW": "**Library**",
    "LINK_PICKER": "**Link picker**",
    "ENTITIES": "**Entities screen**",
    "CLUSTERS": "**Entities screen**",
    "ADJUDICATION": "**Adjudication**",
    "SEARCH": "## Corpus search",
}


def section(table: str) -> str:
    """The README's text about the table's screen (up to the next heading of its kind); the whole
    key section for the keys of every screen."""
    text = README.read_text(encoding="utf-8")
    keys_start = text.index("## Keys in the app")
    keys = text[keys_start : text.index("\n## ", keys_start + 1)]
    place = PLACES.get(table)
    if place is None:
        return keys
    if place.startswith("## "):
        start = text.index(place)
        return text[start : text.index("\n## ", start + 1)]
    start = keys.index(place)
    following = [keys.find(mark, start + 1) for mark in ("\n**", "\n### ")]
    return keys[start : min((index for index in following if index > 0), default=len(keys))]


def test_the_tables_are_found():
    assert {"APP", "ANNOTATOR", "LIBRARY", "ENTITIES", "REVIEW", "LINK_PICKER"} <= set(TABLES)
    assert set(PLACES) <= set(TABLES)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_is_documented(table: str):
    section_text = section(table)
    missing = []
    for key in TABLES[table]:
        for name in key.keys.split(","):
            written = f"`{name}`" if len(name) == 1 else WRITTEN.get(name, name)
            if written not in section_text:
                missing.append(f"{name} ({key.description})")
    assert not missing, f"{table}: not in the README's key tables: {', '.join(missing)}"
