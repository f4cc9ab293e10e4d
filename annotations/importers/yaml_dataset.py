"""Reading hasiye's YAML dataset (``entities:`` and ``articles:``), item by item, with the line
each item starts on; aliases to collections (alias bombs) and deep nesting are refused
(``annotations.limited_yaml``, ``annotations.input_limits``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from annotations.dataset import GoldRecord, RecordProblem, from_native
from annotations.input_limits import problem_in
from annotations.limited_yaml import LimitedLoader
from annotations.model import Entity


@dataclass
class LineProblem:
    """What is wrong at one line of a dataset file."""

    line: int
    why: str


def yaml_items(text: str, annotator: str) -> Iterator[GoldRecord | LineProblem | Entity]:
    """The entities and the article records of a hasiye YAML dataset, or where it is wrong."""
    try:
        loader = LimitedLoader(text)  # refuses control characters YAML does not allow
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        yield LineProblem(line, f"not valid YAML (character U+{error.character:04X} is not allowed)")
        return
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        yield LineProblem(
            mark.line + 1 if mark else 1,
            f"not valid YAML ({getattr(error, 'problem', error)})",
        )
        return
    finally:
        loader.dispose()
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        yield LineProblem(
            root.start_mark.line + 1, "expected a mapping with entities: and articles:"
        )
        return
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in ("entities", "articles"):
            yield LineProblem(key_node.start_mark.line + 1, f"unknown section {key!r}")
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            yield LineProblem(value_node.start_mark.line + 1, f"{key}: expected a list")
            continue
        for item in value_node.value:
            line = item.start_mark.line + 1
            try:
                data = yaml.SafeLoader("").construct_document(item)
            except yaml.YAMLError as error:
                yield LineProblem(line, f"not valid YAML ({error})")
                continue
            why = problem_in(data)
            if why:
                yield LineProblem(line, f"not read: {why}")
                continue
            try:
                yield (_entity(data) if key == "entities" else from_native(data, annotator, line))
            except RecordProblem as problem:
                yield LineProblem(line, str(problem))


def _entity(data: object) -> Entity:
    if not isinstance(data, dict) or not isinstance(data.get("canonical"), str):
        raise RecordProblem("an entity needs at least canonical and label")
    label = data.get("label")
    aliases = data.get("aliases") or []
    entity_id = data.get("id")
    external_id = data.get("external_id")
    if not isinstance(label, str) or not isinstance(aliases, list):
        raise RecordProblem("an entity's label must be a string and its aliases a list")
    if not all(isinstance(alias, str) for alias in aliases):
        raise RecordProblem("an entity's aliases must be names (strings), not lists or mappings")
    if isinstance(external_id, int) and not isinstance(external_id, bool):
        external_id = str(external_id)
    if external_id is not None and not isinstance(external_id, str):
        raise RecordProblem(f"external_id must be a string, not {external_id!r}")
    if entity_id is not None and (not isinstance(entity_id, int) or isinstance(entity_id, bool)):
        raise RecordProblem(f"entity id must be a whole number, not {entity_id!r}")
    return Entity(
        entity_id,
        data["canonical"],
        label,
        tuple(aliases),
        external_id,
    )
