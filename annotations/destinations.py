"""Writing a file a user named, whatever that name turns out to be.

A new file or a regular one is written beside itself and renamed over at the end, so a failed
write leaves the earlier file as it was. A symbolic link is followed: its target is written (the
same way when the target is a regular file) and the link stays a link. A character device (the
terminal, /dev/null) or a fifo cannot be replaced without damage (renaming a file over /dev/null
as root breaks the machine): it is opened and streamed to, after ``before_streaming`` has checked
that the whole write can succeed, since what a reader has received cannot be taken back.
Directories, block devices and sockets are refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar, cast

from annotations.errors import ExportError
from annotations.safe_text import terminal_safe

Result = TypeVar("Result")


def write_destination(
    destination: Path,
    write: Callable[[TextIO], Result],
    before_streaming: Callable[[], None] = lambda: None,
) -> Result:
    """Call ``write`` with a text stream that ends up at ``destination`` (see the module)."""
    target = Path(os.path.realpath(destination))  # a link's target; a dangling one's too
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None
    if mode is None or stat.S_ISREG(mode):
        return _write_atomically(destination, target, write)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        before_streaming()
        return _stream(destination, target, write)
    kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file, device or fifo"
    raise ExportError(f"cannot write {destination}: it is {kind}; nothing was written")


def replaced_whole(destination: Path) -> bool:
    """Whether ``write_destination`` writes this one beside itself and renames it over (a new
    file or a regular one, through a link or not)."""
    try:
        return stat.S_ISREG(os.stat(os.path.realpath(destination)).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _stream(destination: Path, target: Path, write: Callable[[TextIO], Result]) -> Result:
    try:
        # Opening a fifo waits for its reader, as a shell's redirection does.
        with target.open("w", encoding="utf-8", newline="\n") as handle:
            return write(terminal_safe(handle))
    except OSError as error:
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None


def _new_file_mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_atomically(
    destination: Path, target: Path, write: Callable[[TextIO], Result]
) -> Result:
    try:
        handle = tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline="\n",
            dir=target.parent,
            prefix=f".{target.name}.",
            suffix=".partial",
            delete=False,
        )
    except OSError as error:
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None
    try:
        with handle:
            result = write(cast(TextIO, handle))
        # A temporary file is private (0600); the export gets the mode a new file would have.
        os.chmod(handle.name, _new_file_mode(target))
        os.replace(handle.name, target)
    except OSError as error:
        Path(handle.name).unlink(missing_ok=True)
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return result
