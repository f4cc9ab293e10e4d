"""``hasiye merge``: other databases' layers brought into this one."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.group import Settings, open_store, pass_settings


@click.command("merge")
@click.argument(
    "others", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--replace", "replace_layers", is_flag=True,
    help="Replace a layer that exists here and differs (default: refuse the file).",
)  # fmt: skip
@pass_settings
def merge_command(settings: Settings, others: tuple[Path, ...], replace_layers: bool) -> None:
    """Bring the layers of other hasiye databases (OTHER.db...) into this one.

    Articles are matched by id and text: the same id with another text refuses the file, naming
    the article. Entities are matched by external id, then canonical name and label, or added
    under new ids. An annotator's layer in an article that is here already is refused unless it
    is the same (then nothing changes) or --replace is given. One transaction per file: a
    refused file writes nothing. The other files are only read.
    """
    from annotations.merging import merge_database

    store = open_store(settings)
    for other in others:
        click.echo(merge_database(store, other, replace_layers).summary())
