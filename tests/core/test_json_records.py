"""JSON Lines are read a line at a time (a 400 MB dataset is never held whole in memory), and
every record is checked against the input limits, at once when its text shows it can hold no
problem."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.input_limits import BeyondLimits, problem_in, problem_in_json, whole_number
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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xFFFF), max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=40,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(json_values, st.booleans())
def test_the_quick_check_of_a_json_text_says_what_the_walk_of_its_record_says(
    value: object, ascii_only: bool
):
    text = json.dumps(value, ensure_ascii=ascii_only)
    try:
        data = json.loads(text, parse_int=whole_number)
    except BeyondLimits as refused:  # a number past 64 bits, met while parsing: the walk refuses
        # the record too, though it may name another of its problems first
        assert problem_in(json.loads(text)) is not None
        assert str(refused).startswith("a whole number beyond 64 bits (")
        assert str(refused).split("(")[1].rstrip(".)") in text
        return
    assert problem_in_json(text, data) == problem_in(data)


@pytest.mark.parametrize(
    "text",
    [
        '{"text": "\\ud800"}',
        '{"text": "\\uDFFF x"}',
        '{"n": 9223372036854775808}',
        '{"n": -9223372036854775809}',
        '{"a": ' + "[" * 64 + "]" * 64 + "}",
        '{"a": ' + "[" * 63 + "1" + "]" * 63 + "}",
    ],
)
def test_records_beyond_the_limits_are_refused_line_by_line(text: str):
    ((line, refused), (_, after)) = json_records([text + "\n", '{"id": "b"}\n'])
    assert line == 1 and isinstance(refused, NotJson) and refused.why.startswith("not read: ")
    assert refused.why == f"not read: {problem_in(json.loads(text))}"
    assert after == {"id": "b"}


def test_a_record_nested_up_to_the_limit_is_read():
    text = '{"a": ' + "[" * 62 + "1" + "]" * 62 + ', "b": [[[]]]}'
    assert text.count("[") + text.count("{") >= 64  # past the quick check: walked, and sound
    ((_, record),) = json_records([text])
    assert record == json.loads(text)


def test_a_pretty_printed_object_and_an_array_item_beyond_the_limits_are_one_problem_each():
    pretty = json.dumps({"id": "a", "n": 2**64}, indent=2).splitlines(keepends=True)
    [(line, refused)] = json_records(pretty)
    assert line == 1 and isinstance(refused, NotJson)
    assert refused.why == "not read: a whole number beyond 64 bits (18446744073709551616...)"
    items = list(json_records(['[{"n": 18446744073709551616},\n', ' {"id": "b"}]\n']))
    assert isinstance(items[0][1], NotJson) and items[1] == (2, {"id": "b"})
