"""Entities that are probably one (variant clusters): pairs of aliases compared through the
keys and the scores of ``annotations.matching``, blocked on skeleton words.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from annotations.matching import AliasKeys, EntityIndex, _score

CLUSTER_SCORE = 85.0  # a pair this alike is probably one entity (Kalın / İbrahim Kalın: 86)
BLOCK_LIMIT = 200  # a skeleton word shared by more aliases than this is too common to compare on


@dataclass(frozen=True)
class Cluster:
    """Entities that are probably one, with the most alike pair of their aliases as evidence."""

    entity_ids: tuple[int, ...]
    evidence: tuple[str, str]
    score: float


def _pair_score(first: AliasKeys, second: AliasKeys) -> float:
    def one_way(surface: AliasKeys, alias: AliasKeys) -> float:
        compact = "".join(surface.words)
        return _score(surface.words, surface.skeleton, compact, surface.alias, alias)

    return max(one_way(first, second), one_way(second, first))


def variant_clusters(
    index: EntityIndex, dismissed: AbstractSet[frozenset[int]] = frozenset()
) -> list[Cluster]:
    """Groups of entities of one label whose aliases are probably one name.

    Two aliases are compared when they share a skeleton word (blocking: a word shared by more
    than BLOCK_LIMIT aliases is left out) or their whole skeletons collide (always compared);
    a pair scoring at least CLUSTER_SCORE joins their entities. A group the user dismissed is
    not returned again.
    """
    parent: dict[int, int] = {}

    def root(entity_id: int) -> int:
        while parent.get(entity_id, entity_id) != entity_id:
            entity_id = parent[entity_id] = parent.get(parent[entity_id], parent[entity_id])
        return entity_id

    best: dict[tuple[int, int], tuple[float, str, str]] = {}
    compared: set[tuple[int, int]] = set()
    by_whole: dict[tuple[str, str], list[int]] = {}
    for position in index.live_positions():
        keys = index.keys[position]
        by_whole.setdefault((index.labels[keys.entity_id], keys.skeleton), []).append(position)
    blocks = [block for block in index.by_skeleton.values() if len(block) <= BLOCK_LIMIT]
    blocks.extend(block for block in by_whole.values() if len(block) > 1)
    for block in blocks:
        for i, first_position in enumerate(block):
            first = index.keys[first_position]
            for second_position in block[i + 1 :]:
                second = index.keys[second_position]
                if first.entity_id == second.entity_id:
                    continue
                if index.labels[first.entity_id] != index.labels[second.entity_id]:
                    continue
                pair = (min(first_position, second_position), max(first_position, second_position))
                if pair in compared:
                    continue
                compared.add(pair)
                score = _pair_score(first, second)
                if score < CLUSTER_SCORE:
                    continue
                a, b = root(first.entity_id), root(second.entity_id)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                entities = (
                    min(first.entity_id, second.entity_id),
                    max(first.entity_id, second.entity_id),
                )
                if score > best.get(entities, (0.0,))[0]:
                    best[entities] = (score, first.alias, second.alias)
    groups: dict[int, set[int]] = {}
    for a, b in best:
        groups.setdefault(root(a), set()).update((a, b))
    clusters = []
    for members in groups.values():
        if frozenset(members) in dismissed:
            continue
        score, first_alias, second_alias = max(
            value for pair, value in best.items() if pair[0] in members
        )
        clusters.append(Cluster(tuple(sorted(members)), (first_alias, second_alias), score))
    return sorted(clusters, key=lambda cluster: (-cluster.score, cluster.entity_ids))
