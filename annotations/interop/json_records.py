"""The JSON records of a file, whatever its layout: JSON Lines, one (pretty-printed) object, or a
JSON array (Label Studio's tasks), each with the line it starts on.

A JSON array is read whole, item by item, so a file that is one array gives its records (or one
problem), never a "not valid JSON" line for each of its lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from annotations.input_limits import (
    MAX_NESTING,
    BeyondLimits,
    problem_in,
    problem_in_json,
    whole_number,
)


@dataclass(frozen=True)
class NotJson:
    """Where and why a piece of the file is not JSON."""

    line: int
    why: str


def _unreadable(line: int, error: Exception) -> NotJson:
    """What a JSON reader's error says about the record it stopped in."""
    if isinstance(error, BeyondLimits):
        return NotJson(line, f"not read: {error}")
    if isinstance(error, json.JSONDecodeError):
        return NotJson(line, f"not valid JSON ({error.msg} at column {error.colno})")
    if isinstance(error, RecursionError):
        return NotJson(line, f"not read: nested deeper than {MAX_NESTING} levels")
    return NotJson(line, "not read: a number too long to be one")  # over 4,300 digits


def _parse(text: str, line: int) -> object | NotJson:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        return _unreadable(line, error)


def _checked(data: object, line: int, why: str | None) -> object | NotJson:
    """The record, or why it cannot be read: beyond ``input_limits`` (``why``)."""
    return data if why is None else NotJson(line, f"not read: {why}")


def _record(text: str, line: int) -> object | NotJson:
    """The record of one line, or why it cannot be read (its numbers checked as they are parsed,
    the rest by ``problem_in_json``)."""
    try:
        data = json.loads(text, parse_int=whole_number)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, BeyondLimits are ValueErrors
        return _unreadable(line, error)
    return _checked(data, line, problem_in_json(text, data))


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _array_items(text: str, start: int) -> Iterator[tuple[int, object | NotJson]]:
    decoder = json.JSONDecoder()
    index = start + 1  # after "["
    length = len(text)
    while True:
        while index < length and text[index] in " \t\r\n":
            index += 1
        if index < length and text[index] == "]":
            return
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            line = _line_of(text, error.pos)
            yield line, NotJson(
                line, f"not valid JSON in the array ({error.msg}); nothing after it is read"
            )
            return
        except (ValueError, RecursionError) as error:
            line = _line_of(text, index)
            yield line, _unreadable(line, error)
            return
        line = _line_of(text, index)
        yield line, _checked(item, line, problem_in(item))
        index = end
        while index < length and text[index] in " \t\r\n":
            index += 1
        if index < length and text[index] == ",":
            index += 1
        elif index < length and text[index] == "]":
            return
        else:
            line = _line_of(text, index)
            yield line, NotJson(line, "not valid JSON in the array (expected , or ])")
            return


def json_records(lines: Iterable[str]) -> Iterator[tuple[int, object | NotJson]]:
    """(line, record) for every record; (line, NotJson) for what cannot be read."""
    source = iter(lines)
    head: list[str] = []
    for line in source:
        head.append(line)
        if line.strip():
            break
    if not head or not head[-1].strip():
        return
    first = head[-1].lstrip()
    first_number = len(head)
    if first.startswith("["):
        text = "".join(head) + "".join(source)
        yield from _array_items(text, text.index("["))
        return
    if first.startswith("{") and isinstance(_parse(first, first_number), NotJson):
        rest = list(source)
        whole = _parse("".join(head) + "".join(rest), first_number)
        if not isinstance(whole, NotJson):  # one pretty-printed object
            yield first_number, _checked(whole, first_number, problem_in(whole))
            return
        source = iter(rest)  # lines of JSON gone wrong: say so line by line
    number = first_number - 1
    for line in chain([head[-1]], source):  # streamed: a list held the whole file (960 MB)
        number += 1
        if not line.strip():
            continue
        yield number, _record(line, number)
