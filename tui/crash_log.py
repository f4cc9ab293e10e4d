"""Where an unexpected error's traceback goes: a file in the user log directory, never the
terminal. The CLI and the app both print one line naming that file (see README, Guarantees)."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path


def crash_log_dir() -> Path:
    """``~/.local/state/hasiye/log`` on Linux (platformdirs' user log directory)."""
    from platformdirs import user_log_path

    return user_log_path("hasiye")


def write_crash_log(error: BaseException) -> Path | None:
    """Write the error's full traceback to a new file and return its path (None when no file
    could be written anywhere: the caller still says what happened, in one line)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(error))
    for folder in (crash_log_dir(), Path(tempfile.gettempdir())):
        path = folder / f"hasiye-crash-{stamp}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
        except OSError:
            continue
        return path
    return None


def crash_line(error: BaseException, log: Path | None) -> str:
    """One line for the user: what broke and where the details are."""
    where = f"the traceback is in {log}" if log else "no crash log could be written"
    summary = str(error).splitlines()[0][:200] if str(error) else ""
    kind = type(error).__name__
    return f"unexpected error ({kind}{': ' + summary if summary else ''}); {where}"
