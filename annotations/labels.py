"""The label set: names, keys and colours, from a YAML file or the four defaults.

The file is a list of labels, or a mapping with a ``labels:`` list::

    labels:
      - {name: PER, key: p, color: "#d75f5f"}
      - {name: EVENT, key: t, color: "#af87d7"}
    titles: [Başmüfettişi, Genel Koordinatör Yardımcısı]

The optional ``titles:`` list adds words that stand next to a name without being part of it
(``load_titles``; the standard list is in ``annotations.titles``).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from annotations.errors import HasiyeError
from annotations.input_limits import not_a_regular_file, problem_in
from annotations.limited_yaml import load_yaml
from annotations.keymap import reserved_for_labels
from annotations.model import Label

COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# The keys of the app and the annotator, with what uses them; h j l yield to a label key.
RESERVED = reserved_for_labels()


class LabelFileError(HasiyeError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")


def _read(path: Path) -> object:
    why = not_a_regular_file(path)
    if why:
        raise LabelFileError(path, why)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise LabelFileError(path, f"cannot read: {error}") from None
    except yaml.constructor.ConstructorError as error:
        # PyYAML's message for a tag it will not run ("could not determine a constructor")
        # reads as broken YAML; it is a tag hasiye refuses.
        raise LabelFileError(
            path, f"{_where(error)}the tag {_tag(error)} is not accepted "
            "(a label file is plain YAML: no !!python or other tags)"
        ) from None
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None)
        raise LabelFileError(
            path, f"{_where(error)}not valid YAML{f' ({problem})' if problem else ''}"
        ) from None
    why = problem_in(data)
    if why:
        raise LabelFileError(path, f"not read: {why}")
    return data


def _where(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f"line {mark.line + 1}: " if mark else ""


def _tag(error: yaml.constructor.ConstructorError) -> str:
    found = re.search(r"tag '([^']*)'", error.problem or "")
    return repr(found.group(1)) if found else "given"


def load_titles(path: Path) -> tuple[str, ...]:
    """The titles a label file adds to the standard list (``annotations.titles``): the optional
    ``titles:`` list of its mapping form; none in the list form. Give them to ``Titles.of``."""
    data = _read(path)
    if not isinstance(data, dict) or data.get("titles") is None:
        return ()
    entries = data["titles"]
    if not isinstance(entries, list):
        raise LabelFileError(path, "titles: expected a list of words or phrases")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, str) or not entry.strip():
            raise LabelFileError(path, f"title {number}: {entry!r} is not a word or a phrase")
    return tuple(entry.strip() for entry in entries)


def load_labels(path: Path) -> tuple[Label, ...]:
    data = _read(path)
    if isinstance(data, dict):
        data = data.get("labels")
    if not isinstance(data, list) or not data:
        raise LabelFileError(path, "expected a list of labels (name, key, color)")
    labels: list[Label] = []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise LabelFileError(path, f"label {number}: expected name, key and color")
        name, key, color = (entry.get(field, "") for field in ("name", "key", "color"))
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise LabelFileError(path, f"label {number}: name {name!r} is not a plain word")
        if not isinstance(key, str) or len(key) != 1:
            raise LabelFileError(path, f"label {name}: key {key!r} must be one letter or digit")
        if not isinstance(color, str):
            raise LabelFileError(path, f"label {name}: color {color!r} is not #rgb or #rrggbb")
        if key in RESERVED:
            raise LabelFileError(
                path, f"label {name}: key {key!r} is taken by hasiye ({RESERVED[key]})"
            )
        if not key.isalnum():
            # Punctuation, space and control keys have other names in a terminal ("comma",
            # "escape") and would never reach the label.
            raise LabelFileError(path, f"label {name}: key {key!r} must be one letter or digit")
        if not COLOR.fullmatch(color):
            raise LabelFileError(path, f"label {name}: color {color!r} is not #rgb or #rrggbb")
        if any(label.name == name or label.key == key for label in labels):
            raise LabelFileError(path, f"label {name}: name or key {key!r} given twice")
        labels.append(Label(name, key, color))
    return tuple(labels)
