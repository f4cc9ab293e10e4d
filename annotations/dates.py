"""Turkish date expressions to ISO values, anchored to the article's date.

``parse_date(surface, anchor)`` turns one expression into a value: ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD`` (with ``THH:MM`` when a time is said), an ISO week ``YYYY-Www``, or a range
``START/END``. ``find_dates(text, anchor)`` finds the expressions in a text. Matching runs on the
loose key of the text (Turkish-aware, ASCII-tolerant, same length), so "Şubat", "ŞUBAT" and
"Subat" are one month and offsets stay offsets. Nothing here raises on odd input: an expression
that cannot be read gets no value and a reason.

Chosen readings (news is written about the past and the near future):

- a day and month without a year take the anchor's year; a month alone (``Kasım ayında``) is that
  month of the anchor's year;
- a weekday is the day of that name in the anchor's (Monday-first) week; ``geçen`` moves it a
  week back, ``gelecek`` / ``önümüzdeki`` a week forward;
- ``geçen hafta`` / ``bu hafta`` / ``gelecek hafta`` are ISO weeks; ``geçen ay`` a month;
  ``geçen yıl`` a year; ``3 gün önce`` a day, ``2 ay önce`` a month, ``bir yıl sonra`` a year;
- a time of day (``bu sabah``, ``dün akşam``) keeps the day; ``saat 14.30`` adds the time;
- two-digit years are 20YY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from annotations.turkish import loose_key


@dataclass(frozen=True)
class DateValue:
    """A value, or None with the reason; ``needs_anchor`` when only the article's date could tell."""

    value: str | None
    reason: str | None = None
    needs_anchor: bool = False


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    surface: str
    value: DateValue


MONTHS = {
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6, "temmuz": 7,
    "agustos": 8, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
    "oca": 1, "sub": 2, "mar": 3, "nis": 4, "may": 5, "haz": 6, "tem": 7, "agu": 8, "eyl": 9,
    "eki": 10, "kas": 11, "ara": 12,
}  # fmt: skip
WEEKDAYS = {
    "pazartesi": 0, "sali": 1, "carsamba": 2, "persembe": 3, "cuma": 4, "cumartesi": 5, "pazar": 6,
}  # fmt: skip
UNITS = {"bir": 1, "iki": 2, "uc": 3, "dort": 4, "bes": 5, "alti": 6, "yedi": 7, "sekiz": 8,
         "dokuz": 9}  # fmt: skip
TENS = {"on": 10, "yirmi": 20, "otuz": 30, "kirk": 40, "elli": 50, "altmis": 60, "yetmis": 70,
        "seksen": 80, "doksan": 90}  # fmt: skip
DAY_WORDS = {"bugun": 0, "dun": -1, "yarin": 1, "onceki gun": -2, "evvelsi gun": -2,
             "obur gun": 2, "ertesi gun": 1}  # fmt: skip
PARTS_OF_DAY = r"(?:sabah|aksam|gece|ogle(?:den sonra)?|ogleden sonra|sabahi|aksami|gecesi)"

_month = "|".join(sorted(MONTHS, key=len, reverse=True))
_full_month = "|".join(sorted((name for name in MONTHS if len(name) > 3), key=len, reverse=True))
_weekday = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_number_word = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_number = rf"(?:\d+|(?:(?:{_number_word})\s*)+)"
_suffix = r"(?:'[a-z]+)?"
_time = r"(?:,?\s*(?:saat\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}){suffix})".replace(
    "{suffix}", _suffix
)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The expression patterns, compiled on first use (~15 ms: not at start-up)."""
    return [
        (
            "glued",  # "20:205/11/2025": a time run into a date by a scraper
            re.compile(
                r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b"
            ),
        ),
        (
            "iso",
            re.compile(
                rf"\b(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:t(?P<hour>\d{{2}}):(?P<minute>\d{{2}}))?\b{_suffix}"
            ),
        ),
        (
            "numeric",
            re.compile(
                rf"\b(?P<day>\d{{1,2}})(?P<sep>[./])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}})\b{_suffix}(?:{_time})?"
            ),
        ),
        (
            "day_month",
            re.compile(
                rf"\b(?P<day>\d{{1,2}})(?:\s*-\s*(?P<day_to>\d{{1,2}}))?\s+(?P<month_name>{_month})\.?{_suffix}"
                rf"(?:\s+(?P<year>\d{{4}}){_suffix})?(?:\s+(?P<weekday>{_weekday}){_suffix})?(?:{_time})?(?![a-z])"
            ),
        ),
        (
            "month_year",
            re.compile(rf"\b(?P<month_name>{_month})\.?\s+(?P<year>\d{{4}}){_suffix}(?![a-z0-9])"),
        ),
        (
            "month",
            re.compile(rf"\b(?P<month_name>{_month})\s+ay(?:i|inda|indan|ina|iyla)(?![a-z])"),
        ),
        # A full month name with a suffix ("Mayıs'ta"); a bare "Kasım" is as often a first name.
        ("month", re.compile(rf"\b(?P<month_name>{_full_month})'[a-z]+")),
        (
            "year_range",
            re.compile(
                r"\b(?P<year>(?:19|20)\d{2})\s*-\s*(?P<year_to>(?:19|20)\d{2})\b(?:'[a-z]+)?"
            ),
        ),
        (
            "year",
            re.compile(
                r"\b(?P<year>(?:19|20)\d{2})(?:\s+yil(?:i|inda|indan|ina|iyla)(?![a-z])|\s+senesinde(?![a-z])|'(?!l[ae]r)[a-z]+)"
            ),
        ),
        (
            "relative_amount",
            re.compile(
                rf"\b(?P<amount>{_number})\s+(?P<unit>gun|hafta|ay|yil|sene)\s+(?P<direction>once|sonra)(?![a-z])"
            ),
        ),
        (
            "relative_period",
            re.compile(
                r"\b(?P<which>gecen|bu|gelecek|onumuzdeki)\s+(?P<unit>hafta|ay|yil|sene)(?![a-z])(?:'[a-z]+)?"
            ),
        ),
        (
            "weekday",
            re.compile(
                rf"\b(?:(?P<which>gecen|bu|gelecek|onumuzdeki)\s+)?(?P<weekday>{_weekday})(?:\s+gunu)?{_suffix}(?![a-z])(?:{_time})?"
            ),
        ),
        (
            "day_word",
            re.compile(
                rf"\b(?P<word>onceki gun|evvelsi gun|obur gun|ertesi gun|bugun|dun|yarin){_suffix}"
                rf"(?:\s+{PARTS_OF_DAY})?(?![a-z])(?:{_time})?"
            ),
        ),
        ("this_part", re.compile(rf"\bbu\s+(?P<part>{PARTS_OF_DAY})(?![a-z])")),
        (
            "time",
            re.compile(
                r"\bsaat\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\b(?:'[a-z]+)?|\b(?P<hour2>\d{1,2}):(?P<minute2>\d{2})\b(?:'[a-z]+)?"
            ),
        ),
    ]


class _NoValue(Exception):
    def __init__(self, reason: str, needs_anchor: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.needs_anchor = needs_anchor


def _number_value(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        total += UNITS.get(word, 0) + TENS.get(word, 0)
    return total


def _need(anchor: date | None) -> date:
    if anchor is None:
        raise _NoValue("relative to the article's date, which it does not have", needs_anchor=True)
    return anchor


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _NoValue(f"no such day: {day}.{month}.{year}") from None


def _with_time(day_value: str, groups: dict) -> str:
    hour, minute = groups.get("hour"), groups.get("minute")
    if hour is None or minute is None:
        return day_value
    hour_number, minute_number = int(hour), int(minute)
    if hour_number > 23 or minute_number > 59:
        raise _NoValue(f"no such time: {hour}:{minute}")
    return f"{day_value}T{hour_number:02d}:{minute_number:02d}"


def _year(text: str) -> int:
    number = int(text)
    return 2000 + number if len(text) == 2 else number


def _month_or_year(anchor: date, unit: str, step: int) -> str:
    """The month (unit "ay") or the year ("yil", "sene") ``step`` away from the anchor's."""
    if unit == "ay":
        index = anchor.year * 12 + (anchor.month - 1) + step
        year, month = index // 12, index % 12 + 1
        if not date.min.year <= year <= date.max.year:
            raise OverflowError(year)
        return f"{year:04d}-{month:02d}"
    if not date.min.year <= anchor.year + step <= date.max.year:
        raise OverflowError(anchor.year + step)
    return f"{anchor.year + step:04d}"


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _value(kind: str, groups: dict, anchor: date | None) -> str:
    if kind in ("glued", "iso", "numeric"):
        day = _day(_year(groups["year"]), int(groups["month"]), int(groups["day"]))
        return _with_time(day.isoformat(), groups)
    if kind == "day_month":
        month = MONTHS[groups["month_name"]]
        year = int(groups["year"]) if groups.get("year") else _need(anchor).year
        first = _day(year, month, int(groups["day"]))
        if groups.get("day_to"):
            last = _day(year, month, int(groups["day_to"]))
            if last <= first:
                raise _NoValue(
                    f"a range that ends before it starts: {groups['day']}-{groups['day_to']}"
                )
            return f"{first.isoformat()}/{last.isoformat()}"
        return _with_time(first.isoformat(), groups)
    if kind == "month_year":
        return f"{int(groups['year']):04d}-{MONTHS[groups['month_name']]:02d}"
    if kind == "month":
        return f"{_need(anchor).year:04d}-{MONTHS[groups['month_name']]:02d}"
    if kind == "year_range":
        first_year, last_year = int(groups["year"]), int(groups["year_to"])
        if last_year <= first_year:
            raise _NoValue(f"a range that ends before it starts: {first_year}-{last_year}")
        return f"{first_year}/{last_year}"
    if kind == "year":
        return groups["year"]
    if kind == "relative_amount":
        anchor = _need(anchor)
        amount = _number_value(groups["amount"])
        if amount <= 0:
            raise _NoValue(f"not a number of {groups['unit']}s: {groups['amount']!r}")
        step = amount if groups["direction"] == "sonra" else -amount
        unit = groups["unit"]
        if unit == "gun":
            return (anchor + timedelta(days=step)).isoformat()
        if unit == "hafta":
            return (anchor + timedelta(weeks=step)).isoformat()
        return _month_or_year(anchor, unit, step)
    if kind == "relative_period":
        anchor = _need(anchor)
        step = {"gecen": -1, "bu": 0, "gelecek": 1, "onumuzdeki": 1}[groups["which"]]
        unit = groups["unit"]
        if unit == "hafta":
            return _week(anchor + timedelta(weeks=step))
        return _month_or_year(anchor, unit, step)
    if kind == "weekday":
        anchor = _need(anchor)
        step = {None: 0, "bu": 0, "gecen": -1, "gelecek": 1, "onumuzdeki": 1}[groups.get("which")]
        monday = anchor - timedelta(days=anchor.weekday())
        day = monday + timedelta(days=WEEKDAYS[groups["weekday"]] + 7 * step)
        return _with_time(day.isoformat(), groups)
    if kind == "day_word":
        anchor = _need(anchor)
        day = anchor + timedelta(days=DAY_WORDS[groups["word"]])
        return _with_time(day.isoformat(), groups)
    if kind == "this_part":
        return _need(anchor).isoformat()
    if kind == "time":
        hour = groups.get("hour") or groups.get("hour2")
        minute = groups.get("minute") or groups.get("minute2")
        return _with_time(_need(anchor).isoformat(), {"hour": hour, "minute": minute})
    raise _NoValue(f"unknown kind {kind}")


# The reason a value is missing when counting from the anchor leaves the calendar: the span keeps
# no value (as for a day that does not exist), ``hasiye dates`` says so and exits 1.
OUT_OF_RANGE = "outside the calendar hasiye counts in (years 1 to 9999)"


def _evaluate(kind: str, match: re.Match[str], anchor: date | None) -> DateValue:
    try:
        return DateValue(_value(kind, match.groupdict(), anchor))
    except _NoValue as problem:
        return DateValue(None, problem.reason, problem.needs_anchor)
    except (OverflowError, ValueError):
        # timedelta or date beyond year 9999 or before year 1; a number too long for int()
        return DateValue(None, OUT_OF_RANGE)


def _matches(folded: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Every match of every pattern; the earliest, then longest, wins where they overlap."""
    found = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                found.append((match.start(), match.end(), kind, match))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen, reach = [], -1
    for item in found:
        if item[0] >= reach:
            chosen.append(item)
            reach = item[1]
    return chosen


def parse_date(surface: str, anchor: date | None = None) -> DateValue:
    """The value of one date expression (the whole surface, give or take a suffix and punctuation)."""
    folded = loose_key(surface).strip()
    folded = folded.strip(' ,.;:()"')
    if not folded:
        return DateValue(None, "empty")
    for kind, pattern in _patterns():
        match = pattern.fullmatch(folded)
        if match:
            return _evaluate(kind, match, anchor)
    found = _matches(folded)
    if len(found) == 1 and found[0][1] - found[0][0] >= len(folded) * 0.6:
        return _evaluate(found[0][2], found[0][3], anchor)
    return DateValue(None, f"not a date expression hasiye reads: {surface!r}")


def find_dates(text: str, anchor: date | None = None) -> list[FoundDate]:
    """The date expressions in a text with their values, in text order, never overlapping."""
    folded = loose_key(text)
    found = []
    for start, end, kind, match in _matches(folded):
        found.append(FoundDate(start, end, text[start:end], _evaluate(kind, match, anchor)))
    return found


def parse_anchor(text: str | None) -> date | None:
    """The article's date as a date, or None when it has none (or an unreadable one)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


VALUE_FORMAT = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?|-W\d{2})?(?:/\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?|-W\d{2})?)?"
)


def check_value(value: str) -> str | None:
    """Why a hand-typed value is not a value (None when it is one): the forms parse_date makes."""
    if not VALUE_FORMAT.fullmatch(value):
        return "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-Www or START/END"
    for part in value.split("/"):
        pieces = part.split("T")
        day = pieces[0]
        try:
            if "-W" in day:
                year, week = day.split("-W")
                date.fromisocalendar(int(year), int(week), 1)
            elif day.count("-") == 2:
                date.fromisoformat(day)
            elif day.count("-") == 1:
                year, month = day.split("-")
                date(int(year), int(month), 1)
        except ValueError:
            return f"no such date: {day}"
        if len(pieces) == 2:
            hour, minute = map(int, pieces[1].split(":"))
            if hour > 23 or minute > 59:
                return f"no such time: {pieces[1]}"
    return None


DATE_LABEL = "DATE"


def span_value(label: str, surface: str, anchor: date | None) -> str | None:
    """The value a span gets when it is made or reshaped: a DATE span's date, nothing for others."""
    if label != DATE_LABEL:
        return None
    return parse_date(surface, anchor).value
