"""Errors a user can act on. Each names the file, line or article it is about."""

from __future__ import annotations

from pathlib import Path


class HasiyeError(Exception):
    """Base of every error that is the user's to fix; the CLI prints it as one line."""


class StoreError(HasiyeError):
    """The database file cannot be used."""


class NotAHasiyeDatabase(StoreError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: not a hasiye database ({why}); it was left untouched")
        self.path = path


class NewerSchema(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"{path}: database schema version {found} is newer than this hasiye supports "
            f"({supported}); upgrade hasiye to open it"
        )
        self.path = path


class ArticleNotFound(HasiyeError):
    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r}")
        self.article_id = article_id


class InvalidSpan(HasiyeError):
    """A span that would break an invariant: offsets, surface, label, crossing, duplicate."""

    def __init__(self, article_id: str, start: int, end: int, why: str) -> None:
        super().__init__(f"article {article_id}: span {start}-{end}: {why}")
        self.article_id = article_id
        self.start = start
        self.end = end


class ImportFileError(HasiyeError):
    """A file that cannot be imported; names the file (and where in it, when known)."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why

    def __reduce__(self) -> tuple:
        """Pickled with its class and fields as they are (a file read in another process): the
        default calls the class again with the message only."""
        return (_problem_again, (type(self), self.args, self.__dict__))


def _problem_again(kind: type[ImportFileError], args: tuple, fields: dict) -> ImportFileError:
    problem = Exception.__new__(kind)
    problem.args = args
    problem.__dict__.update(fields)
    return problem


class NotUtf8(ImportFileError):
    def __init__(self, path: Path, byte_offset: int, reason: str) -> None:
        super().__init__(path, f"not valid UTF-8 at byte {byte_offset} ({reason})")
        self.byte_offset = byte_offset


class SkippedFile(ImportFileError):
    """A file with nothing to import (empty, binary); reported, not an article."""


class ArticleHasSpans(ImportFileError):
    def __init__(self, path: Path, article_id: str, span_count: int) -> None:
        super().__init__(
            path,
            f"article {article_id} changed but has {span_count} span(s); not re-imported "
            "(use --replace to replace its text and drop the spans that no longer fit)",
        )
        self.article_id = article_id


class DuplicateArticleId(ImportFileError):
    def __init__(self, path: Path, article_id: str, first: Path) -> None:
        super().__init__(path, f"article id {article_id} already comes from {first} in this import")
        self.article_id = article_id


class EntityNotFound(HasiyeError):
    def __init__(self, entity_id: int) -> None:
        super().__init__(f"no entity with id {entity_id}")
        self.entity_id = entity_id


class SpanNotFound(HasiyeError):
    def __init__(self, span_id: int | None) -> None:
        super().__init__(f"no span with id {span_id}")
        self.span_id = span_id


class SpanChanged(HasiyeError):
    """A span written from a copy that is no longer what the database holds (another hasiye on
    the same file changed it since it was shown)."""

    def __init__(self, surface: str) -> None:
        super().__init__(
            f"{surface!r} was changed elsewhere (another hasiye on this database) since it was "
            "shown: nothing was saved, the screen now shows it as it is"
        )
        self.surface = surface


class EntityChanged(HasiyeError):
    """An entity written from a copy whose name, label, external id or note is no longer what the
    database holds (another hasiye on the same file changed it since it was shown)."""

    def __init__(self, canonical: str) -> None:
        super().__init__(
            f"entity {canonical!r} was changed elsewhere (another hasiye on this database) since "
            "it was shown: nothing was saved, the list now shows it as it is"
        )
        self.canonical = canonical


class StepChanged(HasiyeError):
    """An undo or redo whose rows were changed since by someone else: it would undo their change."""

    def __init__(self, what: str, direction: str) -> None:
        super().__init__(
            f"cannot {direction} {what!r}: what it changed was changed since elsewhere (another "
            f"hasiye on this database); the step was dropped from the history"
        )
        self.what = what


class DatabaseBusy(StoreError):
    """Another process holds the database's write lock (an import, another hasiye)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: the database is busy (another hasiye is writing to it)")
        self.path = path


class StillWaiting(HasiyeError):
    """A write asked for while another still waits for the database (the app keeps one)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"still waiting for the database to save {what!r} (another hasiye is writing); "
            "escape cancels that"
        )
        self.what = what


class ExportError(HasiyeError):
    """An export that cannot be written as asked; names the article and span when it is one."""


class InvalidEntity(HasiyeError):
    """An entity operation that cannot be done (an empty name, a merge into itself, ...)."""


class AmbiguousEntity(HasiyeError):
    def __init__(self, name: str, candidates: list[str]) -> None:
        listed = "; ".join(candidates[:10])
        super().__init__(f"{name!r} names several entities ({listed}): give the id")
        self.name = name


class NoSuchLayer(HasiyeError):
    """Agreement asked of annotators this database has never seen (a name mistyped, say)."""

    def __init__(self, missing: list[str], known: list[str]) -> None:
        super().__init__(
            f"no annotator {', '.join(missing)} in this database; annotators with a layer: "
            f"{', '.join(known) if known else 'none'}"
        )
        self.missing = missing


class TooFewAnnotators(HasiyeError):
    """Agreement asked of fewer than two annotators."""

    def __init__(self, found: list[str]) -> None:
        names = ", ".join(found) if found else "none"
        super().__init__(f"agreement needs at least two annotators with a layer; found: {names}")
        self.found = found


class MergeRefused(HasiyeError):
    """A database that cannot be merged in as it is; nothing of it was written."""

    def __init__(self, path: Path, why: str, article_id: str | None = None) -> None:
        where = f" article {article_id!r}:" if article_id is not None else ""
        super().__init__(f"{path}:{where} {why}; nothing of it was merged")
        self.path = path
        self.article_id = article_id


class AdjudicationError(HasiyeError):
    def __init__(self, article_id: str, why: str) -> None:
        super().__init__(f"article {article_id!r}: {why}")
        self.article_id = article_id

class ForeignFormat(ImportFileError):
    """A file in a format hasiye recognises but does not read (or cannot tell): refused whole,
    with what to do instead, rather than imported as something it is not."""

    def __init__(self, path: Path, format_name: str, advice: str) -> None:
        super().__init__(path, f"{format_name}: {advice}")
        self.format_name = format_name


class NotEnoughGold(HasiyeError):
    def __init__(self, annotator: str, articles: int) -> None:
        why = (
            f"none of the {articles} article(s) {annotator!r} marked done has spans of theirs"
            if articles
            else f"{annotator!r} has marked no article done"
        )
        super().__init__(
            f"no gold to learn from: {why}; annotate an article and mark it done first"
        )
        self.annotator = annotator


class NoModel(HasiyeError):
    def __init__(self, annotator: str) -> None:
        super().__init__(f"no trained model for {annotator!r}: run `hasiye train` first")
        self.annotator = annotator


class BrokenModel(HasiyeError):
    def __init__(self, model_id: int | None) -> None:
        super().__init__(
            f"the stored pre-annotation model {model_id} cannot be read: run `hasiye train` again"
        )
        self.model_id = model_id
