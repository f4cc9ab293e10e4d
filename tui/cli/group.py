"""The click group ``hasiye``: its global options, the settings they make, and the one way a
command opens the database or a session (closed when the command ends, on every path).

Imports of textual, rich, sqlite-utils and the store stay inside functions, so that
``hasiye --help`` and ``hasiye --version`` start in well under a second. The commands are added to
the group in one place, ``tui/cli/__init__.py``; the feature modules import this one only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from annotations import __version__, interruptions
from annotations.errors import HasiyeError

if TYPE_CHECKING:
    from annotations.model import Label
    from annotations.session import Session
    from annotations.store import Store
    from annotations.titles import Titles

STATUS_CHOICES = ("todo", "in progress", "done")


@dataclass
class Settings:
    """What the global options say: which database, who annotates, which label set."""

    db_path: Path
    annotator: str
    labels_path: Path | None = None
    gold: str = "gold"

    def labels(self) -> tuple[Label, ...]:
        from annotations.labels import load_labels
        from annotations.model import DEFAULT_LABELS

        return load_labels(self.labels_path) if self.labels_path else DEFAULT_LABELS

    def titles(self) -> Titles:
        """The standard Turkish titles, with those the label file adds."""
        from annotations.labels import load_titles
        from annotations.titles import Titles

        return Titles.of(load_titles(self.labels_path) if self.labels_path else ())

    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels())


class HasiyeGroup(click.Group):
    """Turns a user's mistake (a HasiyeError) into one line on stderr and exit status 1.

    With no command it runs ``without_command`` (set in ``tui/cli/__init__.py``: open the app), so
    that this module does not import the feature modules."""

    without_command: Callable[[Settings], None] | None = None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """An argument that is not text (bytes that are not UTF-8 arrive as lone surrogates) is
        refused here, unless it names an existing file: Linux file names may be any bytes."""
        import os

        from annotations.input_limits import lone_surrogate

        for argument in args:
            if lone_surrogate(argument) and not os.path.exists(argument):
                shown = os.fsencode(argument).decode("ascii", "backslashreplace")
                raise click.UsageError(f"argument {shown} is not valid UTF-8 text", ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        with interruptions.noted():
            return self._invoke_saying_one_line(ctx)

    def _invoke_saying_one_line(self, ctx: click.Context) -> object:
        """Nothing but one line reaches the user: their mistake as it is, a damaged or unusable
        database as what it is, anything unexpected with where its traceback was written."""
        import sqlite3

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
            return result
        except BrokenPipeError:
            quiet_broken_pipe()
        except click.ClickException as error:  # usage errors repeat what was typed
            setattr(error, "message", for_stderr(error.message))  # declared Final, set by click
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except HasiyeError as error:
            _raise_lost_interruption(error)
            raise click.ClickException(for_stderr(str(error))) from None
        except sqlite3.DatabaseError as error:
            _raise_lost_interruption(error)
            where = ctx.obj.db_path if isinstance(ctx.obj, Settings) else "the database"
            raise click.ClickException(
                for_stderr(f"{where}: the database cannot be used ({error})")
            ) from None
        except Exception as error:
            from tui.crash_log import crash_line, write_crash_log

            log = write_crash_log(error)
            raise click.ClickException(for_stderr(crash_line(error, log))) from None


def _raise_lost_interruption(error: Exception) -> None:
    """A ctrl+c or SIGTERM that arrived inside an SQL function of ours came back as a database
    error (``annotations.interruptions``): end as the signal says, not with that error."""
    if (interruption := interruptions.lost_in(error)) is not None:
        raise interruption from None


# What a shell reports for a tool that a closed pipe stopped (128 + SIGPIPE): `hasiye export |
# head -1` ends the way `yes | head -1` does, quietly.
BROKEN_PIPE_STATUS = 141


def quiet_broken_pipe() -> NoReturn:
    """The reader of standard output went away: stop without a traceback, and without Python's
    "Exception ignored" note when it flushes standard output at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(BROKEN_PIPE_STATUS)


def for_stderr(message: str) -> str:
    """A message for standard error: text from data in it (a file name, an article id, a label)
    shown with visible symbols for control and invisible characters, on a terminal or not: a
    message is read by a person (or from a log later), never parsed as a record. Standard output
    is masked as a whole on a terminal only (``main``): in a pipe its records stay exact."""
    from annotations.safe_text import visible_text

    return visible_text(message)


def echo_err(message: str) -> None:
    """One line on standard error, masked on a terminal (``for_stderr``)."""
    click.echo(for_stderr(message), err=True)


def default_db_path() -> Path:
    from platformdirs import user_data_path

    # The default's directory is made here; a --db in a directory that does not exist is refused.
    return user_data_path("hasiye", ensure_exists=True) / "hasiye.db"


def open_store(settings: Settings) -> Store:
    """The database, closed when the running command ends, however it ends (errors too)."""
    from annotations.store import Store

    def say(old: int, new: int) -> None:
        echo_err(
            f"hasiye: upgrading {settings.db_path} (schema {old} to {new}; building the search "
            "index can take a minute on a large corpus)..."
        )

    store = Store(settings.db_path, on_upgrade=say, annotator=settings.annotator)
    click.get_current_context().call_on_close(store.close)
    return store


def open_session(settings: Settings) -> Session:
    """The store, the annotator and the label set as one session: a command that edits works
    through its undo history, as the app does."""
    from annotations.session import Session

    labels, titles = settings.labels(), settings.titles()
    session = Session(open_store(settings), settings.annotator, labels, titles)
    session.gold = settings.gold
    return session


pass_settings = click.make_pass_decorator(Settings)


def processes_option(what: str, counted: str) -> Callable[[Callable], Callable]:
    """``--processes N`` of a command that shares its work among processes from a size on."""
    return click.option(
        "--processes",
        type=click.IntRange(min=1),
        help=f"{what} (default: one per core, at most 4, from 20,000 {counted} on; 1 on a "
        "server others share).",
    )


def at_most_count_limit(context: click.Context, parameter: click.Parameter, value: int) -> int:
    """A count option's value (--limit, --page, --per-page): a larger one than any corpus needs
    (10**20) is taken as ``COUNT_LIMIT``, never passed on to SQLite to overflow."""
    from annotations.input_limits import COUNT_LIMIT

    return min(value, COUNT_LIMIT)


@click.group(
    cls=HasiyeGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),  # a directory is refused in one line by the store
    envvar="HASIYE_DB",
    show_envvar=True,
    help="Database file (created if missing). Default: hasiye.db in the user data directory.",
)
@click.option(
    "--annotator",
    metavar="NAME",
    help="Name recorded on every span you make. Default: your OS user name.",
)
@click.option(
    "--gold",
    metavar="NAME",
    default="gold",
    show_default=True,
    help="Annotator name of the gold layer: adjudication writes it, export takes it.",
)
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file with the label set (name, key, color). Default: PER p, ORG o, LOC l, DATE d.",
)
@click.version_option(__version__, "--version", "-V", prog_name="hasiye")
@click.pass_context
def main(
    ctx: click.Context,
    db_path: Path | None,
    annotator: str | None,
    gold: str,
    labels_path: Path | None,
) -> None:
    """hasiye: gold named-entity datasets from Turkish news, by keyboard.

    With no command, opens the annotator app (importing the bundled seed articles first when the
    database has no articles).
    """
    from annotations.model import default_annotator

    ctx.obj = Settings(
        db_path=db_path or default_db_path(),
        annotator=annotator or default_annotator(),
        labels_path=labels_path,
        gold=gold,
    )
    if labels_path is not None:
        # Checked before any command runs: a bad label file is one line whatever the command,
        # not a surprise at the first one that reads it.
        ctx.obj.labels()
        ctx.obj.titles()
    if ctx.invoked_subcommand is None and main.without_command is not None:
        main.without_command(ctx.obj)
    elif ctx.invoked_subcommand is not None:
        # A command's output on a terminal: every string from data (a title, a name, a date, a
        # record of an export) shows control and invisible characters as visible symbols; in a
        # pipe or a file the records stay exact. Rich tables write to the terminal itself.
        from annotations.safe_text import terminal_safe

        original = sys.stdout
        sys.stdout = terminal_safe(original)
        ctx.call_on_close(lambda: setattr(sys, "stdout", original))
        # click.echo strips what looks like a colour code from a line to a pipe or a file: data
        # with an escape sequence in it (a title, a text) went out without it. Our own colours
        # go to terminals only, so nothing is stripped (the subcommand's context inherits this).
        ctx.color = True
