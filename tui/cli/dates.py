"""``hasiye dates``: the date expressions in a text, with their values."""

from __future__ import annotations

import sys

import click


@click.command("dates")
@click.argument("text", required=False)
@click.option(
    "--anchor",
    metavar="YYYY-MM-DD",
    help="The date relative expressions count from (an article's date). Without it, "
    "'bugün' and the like get no value and are marked as needing an anchor.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per expression.")
def dates_command(text: str | None, anchor: str | None, as_json: bool) -> None:
    """Print the date expressions found in TEXT (or standard input) with their values.

    Columns: start, end, the expression, its value (or why it has none).
    """
    import json
    from datetime import date

    from annotations.dates import OUT_OF_RANGE, find_dates
    from annotations.safe_text import visible_text

    anchor_date = None
    if anchor is not None:
        try:
            anchor_date = date.fromisoformat(anchor)
        except ValueError:
            raise click.BadParameter(f"{anchor!r} is not a date YYYY-MM-DD", param_hint="--anchor")
    if text is None:
        text = sys.stdin.read()
    found = find_dates(text, anchor_date)
    for item in found:
        value = item.value
        if as_json:
            record = {
                "start": item.start,
                "end": item.end,
                "text": item.surface,
                "value": value.value,
                "reason": value.reason,
                "needs_anchor": value.needs_anchor,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            shown = value.value or (
                "needs anchor" if value.needs_anchor else f"no value: {value.reason}"
            )
            click.echo(f"{item.start}\t{item.end}\t{item.surface}\t{shown}")
    # Exit status 1 when nothing is found, or when counting from the anchor leaves the calendar
    # (its line says so): a script must not take a missing value for a found one.
    beyond = [item for item in found if item.value.reason == OUT_OF_RANGE]
    if beyond:
        surface = beyond[0].surface
        surface = surface if len(surface) <= 60 else f"{surface[:30]}…{surface[-25:]}"
        click.echo(
            f"hasiye: {visible_text(surface)!r} counted from {anchor} falls {OUT_OF_RANGE}",
            err=True,
        )
    if not found or beyond:
        sys.exit(1)
