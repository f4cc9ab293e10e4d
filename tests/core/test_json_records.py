"""JSON Lines are read a line at a time: a 400 MB dataset is never held whole in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice

from annotations.interop.json_records import NotJson, json_records


def test_json_lines_are_read_as_they_are_asked_for():
    read: list[int] = []

    def lines() -> Iterator[str]:
        for number in range(1, 100_001):
            read.append(number)
            yield json.dumps({"id": f"a{number}", "text": "Ankara"}) + "\n"

    first_two = list(islice(json_records(lines()), 2))
    assert first_two == [(1, {"id": "a1", "text": "Ankara"}), (2, {"id": "a2", "text": "Ankara"})]
    assert len(read) <= 3  # not the 100,000 lines of the file


def test_a_bad_line_among_json_lines_is_named_and_the_others_read():
    records = list(json_records(['{"id": "a"}\n', "\n", "{oops\n", '{"id": "b"}\n']))
    assert [number for number, _ in records] == [1, 3, 4]
    assert isinstance(records[1][1], NotJson) and records[2][1] == {"id": "b"}
