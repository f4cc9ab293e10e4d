import pytest

from annotations.errors import InvalidSpan
from annotations.model import Span, Status, check_span_against_text, normalise_text


def span(start: int, end: int, text: str = "", label: str = "PER", annotator: str = "ayse") -> Span:
    return Span("a1", start, end, label, text[start:end], annotator)


def test_normalise_text_makes_nfc_and_unix_newlines():
    decomposed = "I\u0307stanbul\r\nErdog\u0306an\rson"
    assert normalise_text(decomposed) == "İstanbul\nErdoğan\nson"
    assert len(normalise_text("I\u0307")) == 1


@pytest.mark.parametrize(
    ("a", "b", "crosses"),
    [
        ((0, 10), (5, 15), True),
        ((5, 15), (0, 10), True),
        ((0, 10), (2, 5), False),  # nested
        ((0, 10), (0, 10), False),  # same range is a duplicate, not a crossing
        ((0, 5), (5, 10), False),  # adjacent
        ((0, 10), (0, 4), False),  # nested, same start
    ],
)
def test_crossing(a, b, crosses):
    assert span(*a).crosses(span(*b)) is crosses


def test_span_must_match_the_text():
    text = "Halil Hayye'nin heyeti"
    check_span_against_text(span(0, 11, text), text)
    with pytest.raises(InvalidSpan, match="does not match"):
        check_span_against_text(Span("a1", 0, 11, "PER", "Halil Hayy", "ayse"), text)
    with pytest.raises(InvalidSpan, match="outside the text"):
        check_span_against_text(Span("a1", 20, 40, "PER", "", "ayse"), text)
    with pytest.raises(InvalidSpan, match="unknown label"):
        check_span_against_text(span(0, 5, text, label="XXX"), text, labels=("PER",))


def test_status_cycles():
    assert Status.TODO.next() is Status.IN_PROGRESS
    assert Status.IN_PROGRESS.next() is Status.DONE
    assert Status.DONE.next() is Status.TODO
