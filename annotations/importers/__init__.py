"""Reading articles into the store. Plain text (and the seed shape) today; more formats later."""

from annotations.importers.text_files import (
    ImportReport,
    discover_files,
    files_under,
    import_files,
    parse_article_text,
    read_article_file,
)

__all__ = [
    "ImportReport",
    "discover_files",
    "files_under",
    "import_files",
    "parse_article_text",
    "read_article_file",
]
