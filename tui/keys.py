"""Textual bindings from the key tables of ``annotations.keymap`` (every key declared once)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from annotations.keymap import Key
from annotations.model import Label


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    return [
        Binding(key.keys, key.action, key.description, show=key.show, priority=key.priority)
        for key in keys
    ]


def label_bindings(labels: tuple[Label, ...]) -> list[Binding]:
    """A binding per label key; a character is turned into its key name ("+" is "plus")."""
    return list(
        Binding.make_bindings(
            Binding(label.key, f"label('{label.name}')", f"Label {label.name}") for label in labels
        )
    )
