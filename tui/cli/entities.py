"""`hasiye entities ...` and `hasiye propagate`: the entity screens' work from the shell.

An ENTITY argument is an id, a canonical name or an alias (Turkish-aware, ASCII-tolerant); a name
that fits several entities is refused with their ids. The commands that edit work through a
session's undo history, as the app does.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from tui.cli.group import (
    Settings,
    at_most_count_limit,
    echo_err,
    open_session,
    open_store,
    pass_settings,
)

if TYPE_CHECKING:
    from annotations.model import EntityRow


def _entity_record(row: EntityRow) -> dict[str, object]:
    """The exported entity record (``hasiye export --entities``) with the note and the counts."""
    from annotations.exporting import entity_record

    return {
        **entity_record(row.entity),
        "note": row.entity.note,
        "mentions": row.mentions,
        "articles": row.articles,
    }


def _check_label(settings: Settings, label: str | None) -> None:
    if label is not None and label not in settings.label_names():
        known = ", ".join(settings.label_names())
        raise click.BadParameter(f"unknown label {label!r} (known: {known})", param_hint="--label")


@click.group("entities")
def entities_group() -> None:
    """Canonical entities: list, show, suggest, rename, relabel, merge, delete, cluster."""


@entities_group.command("list")
@click.option("--label", metavar="LABEL", help="Only entities with this label.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity.")
@pass_settings
def list_entities(settings: Settings, label: str | None, as_json: bool) -> None:
    """Every entity: id, label, mentions (linked spans), articles, canonical name, aliases."""
    store = open_store(settings)
    rows = [row for row in store.entity_rows() if label is None or row.entity.label == label]
    if as_json:
        for row in rows:
            click.echo(json.dumps(_entity_record(row), ensure_ascii=False))
        return
    from tui.cli.output import print_table

    print_table(
        ["id", "label", "mentions", "articles", "canonical", "aliases"],
        [
            [
                row.entity.id,
                row.entity.label,
                row.mentions,
                row.articles,
                row.entity.canonical,
                " | ".join(a for a in row.entity.aliases if a != row.entity.canonical),
            ]
            for row in rows
        ],
        numeric={"id", "mentions", "articles"},
    )


@entities_group.command("show")
@click.argument("entity")
@click.option("--json", "as_json", is_flag=True, help="The entity and its mentions as JSON.")
@pass_settings
def show_entity(settings: Settings, entity: str, as_json: bool) -> None:
    """One entity with its aliases and every linked span (article id and offsets)."""
    store = open_store(settings)
    found = store.find_entity(entity)
    assert found.id is not None  # found in the store, so it has one
    row = next(row for row in store.entity_rows() if row.entity.id == found.id)
    spans = store.spans_of_entity(found.id)
    mentions = [
        {"article": s.article_id, "start": s.start, "end": s.end, "surface": s.surface}
        for s in spans
    ]
    if as_json:
        click.echo(json.dumps({**_entity_record(row), "spans": mentions}, ensure_ascii=False))
        return
    click.echo(f"{found.id}  {found.canonical}  {found.label}")
    click.echo(f"aliases: {' | '.join(found.aliases)}")
    if found.external_id:
        click.echo(f"external id: {found.external_id}")
    if found.note:
        click.echo(f"note: {found.note}")
    click.echo(f"{row.mentions} mention(s) in {row.articles} article(s)")
    for mention in mentions:
        click.echo(
            f"  {mention['article']}\t{mention['start']}-{mention['end']}\t{mention['surface']}"
        )


@entities_group.command("suggest")
@click.argument("surface")
@click.option("--label", metavar="LABEL", help="Prefer entities with this label.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    callback=at_most_count_limit,
    default=10,
    show_default=True,
    help="Most candidates.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate.")
@pass_settings
def suggest(settings: Settings, surface: str, label: str | None, limit: int, as_json: bool) -> None:
    """The entities SURFACE may mean, best first, with the score and the alias that matched
    (what the link picker shows). Exit status 1 when there is none."""
    from annotations.matching import EntityIndex

    _check_label(settings, label)
    store = open_store(settings)
    index = EntityIndex.of(store.entities())
    candidates = index.rank(surface, label=label, limit=limit)
    names = store.canonical_names(c.entity_id for c in candidates)
    records = [
        {
            "id": c.entity_id,
            "canonical": names[c.entity_id],
            "label": index.labels[c.entity_id],
            "score": c.score,
            "alias": c.alias,
        }
        for c in candidates
    ]
    if as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        from tui.cli.output import print_table

        print_table(
            ["score", "id", "label", "canonical", "matched alias"],
            [[r["score"], r["id"], r["label"], r["canonical"], r["alias"]] for r in records],
            numeric={"score", "id"},
        )
    if not candidates:
        sys.exit(1)


@entities_group.command("rename")
@click.argument("entity")
@click.argument("new_name")
@pass_settings
def rename(settings: Settings, entity: str, new_name: str) -> None:
    """Give ENTITY a new canonical name (its id and links stay)."""
    session = open_session(settings)
    renamed = session.history.rename_entity(session.store.find_entity(entity), new_name)
    click.echo(f"{renamed.id}  {renamed.canonical}  {renamed.label}")


@entities_group.command("relabel")
@click.argument("entity")
@click.argument("label")
@pass_settings
def relabel(settings: Settings, entity: str, label: str) -> None:
    """Give ENTITY and every span linked to it a new label."""
    if label not in settings.label_names():
        raise click.BadParameter(f"unknown label {label!r}", param_hint="LABEL")
    session = open_session(settings)
    changed = session.history.relabel_entity(session.store.find_entity(entity), label)
    click.echo(f"{changed.id}  {changed.canonical}  {changed.label}")


@entities_group.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@pass_settings
def merge(settings: Settings, keep: str, others: tuple[str, ...]) -> None:
    """Merge OTHERS into KEEP: their spans link to KEEP, their names become its aliases."""
    from annotations.errors import InvalidEntity

    session = open_session(settings)
    store = session.store
    kept = store.find_entity(keep)
    gone = list({e.id: e for e in (store.find_entity(other) for other in others)}.values())
    if any(entity.id == kept.id for entity in gone):
        raise InvalidEntity(f"cannot merge entity {kept.id} into itself")
    merged = session.history.merge_entities(kept, gone)
    click.echo(
        f"{merged.id}  {merged.canonical}  {merged.label}  aliases: {' | '.join(merged.aliases)}"
    )


@entities_group.command("delete")
@click.argument("entity")
@pass_settings
def delete(settings: Settings, entity: str) -> None:
    """Delete ENTITY; its spans stay, unlinked."""
    session = open_session(settings)
    found = session.store.find_entity(entity)
    assert found.id is not None  # found in the store, so it has one
    count = len(session.store.spans_of_entity(found.id))
    session.history.delete_entity(found)
    click.echo(f"deleted {found.id} {found.canonical}; {count} span(s) kept, unlinked")


@entities_group.command("cluster")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per group.")
@pass_settings
def cluster(settings: Settings, as_json: bool) -> None:
    """Groups of entities that are probably one (same label, alike names), with the most alike
    pair of names; merge them with `hasiye entities merge`. Exit status 1 when there is none."""
    from annotations.matching import EntityIndex
    from annotations.variant_clusters import variant_clusters

    store = open_store(settings)
    entities = {entity.id: entity for entity in store.entities()}
    clusters = variant_clusters(EntityIndex.of(entities.values()), store.dismissed_clusters())
    for found in clusters:
        members = [entities[entity_id] for entity_id in found.entity_ids]
        if as_json:
            record = {
                "ids": list(found.entity_ids),
                "canonical": [e.canonical for e in members],
                "label": members[0].label,
                "score": found.score,
                "evidence": list(found.evidence),
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            names = " ~ ".join(f"{e.id} {e.canonical}" for e in members)
            click.echo(
                f"{members[0].label}\t{found.score}\t{names}\t({' / '.join(found.evidence)})"
            )
    if not clusters:
        sys.exit(1)


@click.command("propagate")
@click.argument("entity")
@click.option("--apply", is_flag=True, help="Make every proposed span (linked, with the label).")
@click.option("--label", metavar="LABEL", help="Label of the new spans. Default: the entity's.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per proposal.")
@pass_settings
def propagate_command(
    settings: Settings, entity: str, apply: bool, label: str | None, as_json: bool
) -> None:
    """Every unannotated mention of ENTITY's names in the corpus (any casing, ASCII spellings,
    apostrophe suffixes), with article id and offsets; --apply makes them linked spans of your
    annotator. Existing spans, crossing positions and rejected proposals are never touched."""
    from annotations.dates import DATE_LABEL
    from annotations.linking import span_from_proposal
    from annotations.propagation import propagation_proposals

    _check_label(settings, label)
    if (label or "") == DATE_LABEL:
        raise click.BadParameter("DATE spans are never linked to an entity", param_hint="--label")
    session = open_session(settings)
    store = session.store
    found = store.find_entity(entity)
    proposals = list(propagation_proposals(store, found, label or found.label, session.annotator))
    for proposal in proposals:
        if as_json:
            record = {
                "article": proposal.article_id,
                "start": proposal.start,
                "end": proposal.end,
                "surface": proposal.surface,
                "label": proposal.label,
                "entity_id": found.id,
                "context": f"{proposal.before}[{proposal.surface}]{proposal.after}",
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            context = f"…{proposal.before}[{proposal.surface}]{proposal.after}…"
            click.echo(
                f"{proposal.article_id}\t{proposal.start}-{proposal.end}\t"
                + context.replace("\t", " ")
            )
    if not apply:
        click.echo(f"{len(proposals)} proposal(s); --apply makes them", err=True)
        return
    with store.transaction():
        for proposal in proposals:
            # A mention proposal always names its article and its entity.
            span = span_from_proposal(proposal, proposal.article_id or "", session.annotator)
            session.history.add(span)
    echo_err(f"made {len(proposals)} span(s) linked to {found.canonical}")
