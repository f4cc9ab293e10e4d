"""Prodigy's JSONL (``ner_manual`` tasks), written and read.

A task is ``text``, ``tokens`` (``text``, ``start``, ``end``, ``id``, ``ws``) in hasiye's Turkish
tokenisation (annotations.tokenizing), ``spans`` (``start``, ``end``, ``label``, ``token_start``,
``token_end``, the token end inclusive as Prodigy writes it), ``answer`` and the two hashes, and
``meta`` with the article's id and title (Prodigy shows ``meta``; hasiye reads the id back).

Hashes as Prodigy's ``set_hashes`` makes them (described by Prodigy's maintainers on
support.prodi.gy, threads 6006 "Function set_hashes" and 7410 "Logic behind hash keys"): the input
hash is MurmurHash3 (x86, 32 bit, signed, seed 0) of the JSON of the task's input keys (``text``,
``image``, ``html``, ``input``), keys sorted, compact separators, ASCII escapes (srsly's
``json_dumps(sort_keys=True)``); the task hash is the same over the task keys (``spans``,
``label``, ``options``, ``arcs``), the input hash written in front. Prodigy is not on the package
registry, so the tests check the pieces with the libraries it hashes with (srsly, murmurhash).

Reading: a record whose ``answer`` is ``reject`` or ``ignore`` is not gold; the importer skips and
counts it. Spans given by tokens only (``token_start``/``token_end``) take the tokens' offsets; a
record's ``_annotator_id`` (Prodigy's multi-user sessions) is its spans' annotator, and the
answers of several annotators to one input (the same ``meta`` id, or without one the same
``_input_hash``) are one article with a layer each.
"""

from __future__ import annotations

import json

from annotations.dataset import GoldRecord, GoldSpan, RecordProblem, span_order
from annotations.model import Article
from annotations.tokenizing import is_tokenised, spacy_words, tokens_of

INPUT_KEYS = ("text", "image", "html", "input")
TASK_KEYS = ("spans", "label", "options", "arcs")
PRODIGY_KEYS = {"tokens", "_input_hash", "_task_hash", "answer", "_view_id", "_session_id"}


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 x86 32-bit, as a signed int (what murmurhash and mmh3 return)."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    value = seed & mask
    rounded = len(data) & ~3
    for index in range(0, rounded, 4):
        block = int.from_bytes(data[index : index + 4], "little")
        block = (block * c1) & mask
        block = ((block << 15) | (block >> 17)) & mask
        value ^= (block * c2) & mask
        value = ((value << 13) | (value >> 19)) & mask
        value = (value * 5 + 0xE6546B64) & mask
    tail = int.from_bytes(data[rounded:], "little")
    if len(data) & 3:
        tail = (tail * c1) & mask
        tail = ((tail << 15) | (tail >> 17)) & mask
        value ^= (tail * c2) & mask
    value ^= len(data)
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & mask
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & mask
    value ^= value >> 16
    return value - (1 << 32) if value & 0x80000000 else value


def _hash(task: dict, keys: tuple[str, ...], prefix: int | None = None) -> int:
    values = {key: task[key] for key in keys if key in task}
    serialised = json.dumps(values, sort_keys=True, separators=(",", ":"))
    if prefix is not None:
        serialised = str(prefix) + serialised
    return murmurhash3_32(serialised.encode("utf-8"))


def set_hashes(task: dict) -> dict:
    task["_input_hash"] = _hash(task, INPUT_KEYS)
    task["_task_hash"] = _hash(task, TASK_KEYS, prefix=task["_input_hash"])
    return task


def to_prodigy(record: GoldRecord) -> dict:
    article = record.article
    text = article.text
    boundaries = [offset for span in record.spans for offset in (span.start, span.end)]
    words = spacy_words(text, tokens_of(text, boundaries, is_tokenised(article.tags)))
    first_token = {start: number for number, (start, _, _) in enumerate(words)}
    last_token = {end: number for number, (_, end, _) in enumerate(words)}
    task: dict = {
        "text": text,
        "meta": {"id": article.id, "title": article.title},
        "tokens": [
            {"text": text[start:end], "start": start, "end": end, "id": number, "ws": ws}
            for number, (start, end, ws) in enumerate(words)
        ],
        "spans": [
            {
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "label": span.label,
                "token_start": first_token[span.start],
                "token_end": last_token[span.end],
            }
            for span in sorted(record.spans, key=span_order)
        ],
        "answer": "accept",
    }
    return set_hashes(task)


def is_prodigy(data: object) -> bool:
    """Whether a JSON record is a Prodigy task (its own keys, or spans counted in tokens)."""
    if not isinstance(data, dict):
        return False
    spans = data.get("spans")
    by_token = isinstance(spans, list) and any(
        isinstance(span, dict) and "token_start" in span for span in spans
    )
    return by_token or bool(PRODIGY_KEYS & data.keys())


def _int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordProblem(f"{what} must be a whole number, not {value!r}")
    return value


def from_prodigy(data: object, annotator: str, fallback_id: str, line: int = 0) -> GoldRecord:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordProblem("expected a Prodigy task with text")
    text = data["text"]
    tokens = data.get("tokens") or []
    raw_meta = data.get("meta")
    meta: dict = raw_meta if isinstance(raw_meta, dict) else {}
    article_id = meta.get("id", fallback_id)
    if not isinstance(article_id, (str, int)) or not str(article_id).strip():
        raise RecordProblem(f"meta id must be a non-empty string, not {article_id!r}")
    who = data.get("_annotator_id")  # Prodigy's multi-user sessions: "dataset-name"
    if isinstance(who, str) and who.strip():
        annotator = who
    spans = []
    for number, raw in enumerate(data.get("spans") or [], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
            raise RecordProblem(f"span {number}: expected an object with a label")
        try:
            if "start" in raw and "end" in raw:
                start, end = _int(raw["start"], "start"), _int(raw["end"], "end")
            else:
                first = tokens[_int(raw.get("token_start"), "token_start")]
                last = tokens[_int(raw.get("token_end"), "token_end")]
                start, end = _int(first["start"], "token start"), _int(last["end"], "token end")
        except (IndexError, KeyError, TypeError):
            raise RecordProblem(f"span {number}: its token_start/token_end are not tokens") from None
        except RecordProblem as problem:
            raise RecordProblem(f"span {number}: {problem}") from None
        surface = text[start:end] if 0 <= start < end <= len(text) else ""
        spans.append(GoldSpan(start, end, raw["label"], surface, annotator))
    title = meta.get("title")
    if not isinstance(title, str):
        title = text.split("\n", 1)[0]
    article = Article(id=str(article_id), title=title[:120], text=text)
    return GoldRecord(article, spans, line, annotator)
