"""The command line: a thin click layer over the annotations library, one module per feature.

``main`` (``tui.cli.group``) is the group with the global options. Every command is added to it
here, in one place: the feature modules import ``tui.cli.group`` and nothing imports them but this
module, so there is no import cycle. Textual, rich, sqlite-utils and the store are imported inside
the commands, so that ``hasiye --help`` and ``hasiye --version`` stay light.
"""

from __future__ import annotations

import click

from tui.cli.adjudicating import adjudicate_command
from tui.cli.agreement import agree_command
from tui.cli.app import open_app
from tui.cli.articles import list_command, show_command
from tui.cli.dates import dates_command
from tui.cli.entities import entities_group, propagate_command
from tui.cli.exporting import export_command
from tui.cli.group import main
from tui.cli.importing import import_command
from tui.cli.merging import merge_command
from tui.cli.searching import index_command, search_command
from tui.cli.training import preannotate_command, train_command

COMMANDS: list[click.Command] = [
    import_command,
    export_command,
    list_command,
    show_command,
    search_command,
    index_command,
    dates_command,
    entities_group,
    propagate_command,
    train_command,
    preannotate_command,
    agree_command,
    merge_command,
    adjudicate_command,
]

for command in COMMANDS:
    main.add_command(command)
main.without_command = open_app

__all__ = ["COMMANDS", "main"]
