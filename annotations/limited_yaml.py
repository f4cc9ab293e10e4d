"""YAML read with limits: PyYAML's safe loader that refuses, while it composes, nesting deeper
than ``MAX_NESTING`` and aliases to a list or mapping (an "alias bomb" of a few lines expands to
billions of items when anything walks it). Aliases to a scalar are harmless and kept."""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import CollectionNode, Node

from annotations.input_limits import MAX_NESTING


class LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit and no aliases to collections."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            if isinstance(self.anchors.get(event.anchor), CollectionNode):
                raise ComposerError(
                    None,
                    None,
                    f"an alias (*{event.anchor}) to a list or mapping is not accepted",
                    event.start_mark,
                )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise ComposerError(
                    None, None, f"nested deeper than {MAX_NESTING} levels", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str) -> object:
    """One YAML document read with ``LimitedLoader``; raises yaml.YAMLError."""
    loader = LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
