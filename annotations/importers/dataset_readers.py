"""Reading gold dataset files, record by record: native JSONL, YAML, CoNLL, doccano, Label Studio
and Prodigy JSON lines, brat pairs, UIMA XMI, spaCy DocBin. Each reader yields records, problems
with their line, entities (YAML) and skipped records (Prodigy's rejects); ``importers.datasets``
checks and writes them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotations.conll import ConllProblem, read_documents, rebuild
from annotations.dataset import GoldRecord, RecordProblem, from_doccano, from_native, record_kind
from annotations.docbin import SpacyMissing, from_docbin
from annotations.errors import ImportFileError
from annotations.input_limits import not_a_regular_file
from annotations.interop import brat, uima_xmi
from annotations.interop.detection import SUFFIX_FORMATS, refuse_foreign_records
from annotations.interop.json_records import NotJson, json_records
from annotations.interop.label_studio import from_task
from annotations.importers.yaml_dataset import LineProblem, yaml_items
from annotations.model import Article, Entity
from annotations.prodigy import from_prodigy, is_prodigy
from annotations.tokenizing import TOKENISED_TAG


def dataset_format(path: Path) -> str | None:
    """The dataset format a file's name says (jsonl covers native, doccano and Label Studio);
    None: plain text."""
    return SUFFIX_FORMATS.get(path.suffix.lower())


@dataclass
class Skipped:
    """A record the file holds but that is not gold (a Prodigy answer "reject" or "ignore")."""

    line: int
    why: str


Item = GoldRecord | LineProblem | Entity | Skipped


def _open_lines(path: Path) -> Iterator[str]:
    why = not_a_regular_file(path)
    if why:
        raise ImportFileError(path, why)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from handle
    except UnicodeDecodeError as error:
        raise ImportFileError(
            path, f"not valid UTF-8 at byte {error.start} ({error.reason})"
        ) from None


def _jsonl(
    path: Path, annotator: str, kind: str | None = None
) -> Iterator[GoldRecord | LineProblem | Skipped]:
    """JSON Lines, one JSON object or a JSON array; each record read as its shape says (native,
    doccano, Label Studio), or as ``kind`` when the format was given."""
    count = 0
    inputs: dict[int, str] = {}  # Prodigy's _input_hash -> the article id its first answer got
    for number, data in json_records(_open_lines(path)):
        if isinstance(data, NotJson):
            yield LineProblem(data.line, data.why)
            continue
        count += 1
        if count == 1:
            refuse_foreign_records(path, data)
        try:
            shape = kind or ("prodigy" if is_prodigy(data) else record_kind(data))
            fallback_id = f"{path.stem}-{count:04d}"
            if shape == "prodigy":
                # Answers of several annotators to one input without an id: one article.
                key = data.get("_input_hash") if isinstance(data, dict) else None
                if isinstance(key, int) and not isinstance(key, bool):
                    fallback_id = inputs.setdefault(key, fallback_id)
                answer = data.get("answer", "accept") if isinstance(data, dict) else "accept"
                if answer in ("reject", "ignore"):
                    yield Skipped(number, f'answer "{answer}"')
                    continue
                yield from_prodigy(data, annotator, fallback_id, number)
            elif shape == "doccano":
                yield from_doccano(data, annotator, fallback_id, number)
            elif shape == "label-studio":
                yield from_task(data, annotator, fallback_id, number)
            else:
                yield from_native(data, annotator, number)
        except RecordProblem as problem:
            yield LineProblem(number, str(problem))


def _yaml(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem | Entity]:
    return yaml_items("".join(_open_lines(path)), annotator)


def _conll(
    path: Path, annotator: str, column: str | int | None = None
) -> Iterator[GoldRecord | LineProblem]:
    try:
        for number, document in enumerate(read_documents(_open_lines(path), column), start=1):
            text, spans = rebuild(document, annotator)
            article = Article(
                id=f"{path.stem}-{number:04d}",
                title=text.split("\n", 1)[0][:120],
                text=text,
                tags=(TOKENISED_TAG,),  # its words are the file's tokens, its lines its sentences
            )
            yield GoldRecord(article, spans, document.line)
    except ConllProblem as problem:
        yield LineProblem(problem.line, str(problem))


def _brat(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    for text_path, ann_path in brat.pairs(path):
        if not text_path.is_file() or not ann_path.is_file():
            missing = text_path if not text_path.is_file() else ann_path
            yield LineProblem(0, f"brat: {missing.name} is missing beside its pair")
            continue
        try:
            text = brat.read_text(text_path)
            with ann_path.open(encoding="utf-8", newline="") as handle:
                ann_lines = handle.read().split("\n")
            yield brat.from_ann(ann_lines, text, brat.article_id_of(text_path.stem), annotator)
        except UnicodeDecodeError as error:
            yield LineProblem(0, f"{text_path.name} / {ann_path.name}: not valid UTF-8 ({error})")
        except RecordProblem as problem:
            yield LineProblem(0, f"{ann_path.name}: {problem}")


def _xmi(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    files = sorted(path.rglob("*.xmi")) if path.is_dir() else [path]
    for file in files:
        try:
            yield uima_xmi.from_xmi(file, annotator)
        except RecordProblem as problem:
            yield LineProblem(0, f"{file.name}: {problem}")


def _docbin(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    why = not_a_regular_file(path)
    if why:
        raise ImportFileError(path, why)
    try:
        yield from from_docbin(path.read_bytes(), annotator, path.stem)
    except SpacyMissing as error:
        raise ImportFileError(path, str(error)) from None
    except (ValueError, LookupError, TypeError, OSError) as error:  # what spaCy says of bad bytes
        raise ImportFileError(path, f"not a spaCy DocBin ({error})") from None


def read_dataset(
    path: Path, format_name: str, annotator: str, tag_column: str | int | None = None
) -> Iterator[Item]:
    if format_name in ("doccano", "label-studio", "prodigy"):
        return _jsonl(path, annotator, format_name)
    if format_name == "conll":
        return _conll(path, annotator, tag_column)
    if format_name == "spacy":
        return _docbin(path, annotator)
    readers: dict[str, Callable[[Path, str], Iterator[Item]]] = {
        "jsonl": _jsonl, "yaml": _yaml, "brat": _brat, "xmi": _xmi,
    }  # fmt: skip
    return readers[format_name](path, annotator)
