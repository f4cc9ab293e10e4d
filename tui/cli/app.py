"""``hasiye`` with no command: the annotator app, built by the same factory the tests call."""

from __future__ import annotations

import sys

import click

from annotations.safe_text import visible_text
from tui.cli.group import Settings, open_store


def open_app(settings: Settings) -> None:
    """Run the app; a database with no articles first gets the bundled seed articles."""
    from annotations.seeds import import_seeds_if_empty
    from tui.app import make_app

    labels, titles = settings.labels(), settings.titles()
    store = open_store(settings)
    notice = None
    report = import_seeds_if_empty(store)
    if report is not None:
        notice = (
            f"The database had no articles: imported the {len(report.added)} bundled seed articles."
        )
        click.echo(f"{notice} ({settings.db_path})", err=True)
    app = make_app(
        store, settings.annotator, notice=notice, labels=labels, titles=titles, gold=settings.gold
    )
    app.run()
    if app.return_code:
        # The app died of an unexpected error: one line naming the crash log, no traceback.
        if app.crash_message:
            click.echo(f"hasiye: {visible_text(app.crash_message)}", err=True)
        sys.exit(app.return_code)
