"""Every fixed key of every screen, declared once, as data.

The screens build their bindings from these tables (so the footer and the help screen, which are
generated from the bindings, follow), and the label set check derives the keys a label may not take
from them. A key is a character ("k", "/", ">") or a Textual key name ("escape", "ctrl+r");
several keys for one action are separated by commas, as in a Textual binding.

The core knows nothing of the screen: this module only names actions, the screens implement them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    keys: str
    action: str
    description: str
    show: bool = True  # in the footer (the help screen lists every key with a description)
    priority: bool = False  # checked before the focused widget (which would take the key itself)


# Keys that work on every screen (the app's own).
APP = (
    Key("q", "quit", "Quit", priority=True),
    Key("?", "help", "Help"),
    Key("u", "undo", "Undo"),
    Key("ctrl+r", "redo", "Redo", show=False),
)

# The annotator, in the order the help screen lists them: labelling first.
ANNOTATOR = (
    Key("f", "next_name(1)", "Next name"),
    Key("F", "next_name(-1)", "Previous name", show=False),
    Key("v", "toggle_selection", "Select"),
    Key("r", "relabel", "Relabel", show=False),
    Key("x", "delete_span", "Delete span"),
    # The TextArea binds delete for itself; priority lets the screen have it.
    Key("delete", "delete_span", "Delete span", show=False, priority=True),
    Key(">", "grow", "Grow span", show=False),
    Key("<", "shrink", "Shrink span", show=False),
    Key("(", "grow_start", "Grow span start", show=False),
    Key(")", "shrink_start", "Shrink span start", show=False),
    Key("k", "link", "Link entity"),
    Key("a", "propagate", "Propagate", show=False),
    Key("=", "edit_value", "Date value", show=False),
    Key("D", "find_dates", "Find dates"),
    # The pre-annotation model's proposals (drawn underlined in their label's colour).
    Key("y", "accept_model_proposal", "Accept proposal"),
    Key("A", "accept_all_model_proposals", "Accept all proposals", show=False),
    Key("X", "reject_model_proposal", "Reject proposal", show=False),
    Key(";", "next_model_proposal(1)", "Next proposal", show=False),
    Key(":", "next_model_proposal(-1)", "Previous proposal", show=False),
    Key("m", "cycle_status", "Status"),
    Key("M", "finish", "Done, next"),
    Key("/", "find", "Find"),
    Key("n", "find_next(1)", "Next match", show=False),
    Key("N", "find_next(-1)", "Previous match", show=False),
    Key("w", "text('cursor_word_right')", "Next word", show=False),
    Key("b", "text('cursor_word_left')", "Previous word", show=False),
    Key("g", "text('document_start')", "Start of article", show=False),
    Key("G", "text('document_end')", "End of article", show=False),
    Key("e", "entities", "Entities"),
    Key("s", "search", "Search"),
    Key("L", "cycle_layer", "Other layer / compare", show=False),
    Key("]", "neighbour(1)", "Next article", show=False),
    Key("[", "neighbour(-1)", "Previous article", show=False),
    Key("escape", "back", "Library"),
)

# Vim-style movement in the annotator: a label key takes precedence (l is LOC by default).
# k is not among them: it links a span to its entity (the up arrow moves up).
ANNOTATOR_MOVES = (
    Key("h", "text('cursor_left')", "Left", show=False),
    Key("j", "text('cursor_down')", "Down", show=False),
    Key("l", "text('cursor_right')", "Right", show=False),
)

LIBRARY = (
    Key("/", "filter", "Filter"),
    Key("escape", "clear_filter", "Clear filter", show=False),
    Key("f", "cycle_status_filter", "Status"),
    Key("o", "cycle_sort", "Sort"),
    Key("n", "next_unfinished", "Next unfinished", show=False),
    Key("x", "export", "Export"),
    Key("s", "search", "Search"),
    Key("e", "entities", "Entities"),
    Key("A", "adjudicate", "Adjudicate"),
    Key("I", "agreement", "Agreement"),
)

ENTITIES = (
    Key("n", "rename", "Rename"),
    Key("r", "relabel", "Relabel"),
    Key("space", "mark", "Mark"),
    Key("m", "merge", "Merge marked"),
    Key("x,delete", "delete", "Delete"),
    Key("i", "external_id", "External id", show=False),
    Key("t", "note", "Note", show=False),
    Key("c", "clusters", "Clusters"),
    Key("enter", "open", "First mention", show=False),
    Key("escape", "back", "Back"),
)

# Adjudication (A in the library): the list under it moves (ROW_LIST).
ADJUDICATION = (
    *(Key(str(n), f"take({n})", f"Take version {n}", show=n == 1) for n in range(1, 10)),
    Key("0", "take_none", "Take none"),
    Key("e", "edit_gold", "Edit gold"),
    Key("tab", "next_unsettled", "Next unsettled", show=False),
    Key("escape", "back", "Back"),
)

# Agreement (I in the library): the list under it moves (ROW_LIST).
AGREEMENT = (Key("escape", "back", "Back"),)

CLUSTERS = (
    Key("m", "merge", "Merge group"),
    Key("n", "dismiss_group", "Not the same"),
    Key("escape", "back", "Back"),
)

SEARCH = (
    Key("escape", "back", "Back"),
    # The highlighted hit is the one enter opens: down from the query goes on to the next one.
    Key("down", "next_result", "Next result", show=False),
)

# The review queue (found dates, an entity's mentions); the list under it moves (ROW_LIST).
REVIEW = (
    Key("y", "accept", "Accept"),
    Key("n", "reject", "Reject"),
    Key("A", "accept_article", "Accept all in this article"),
    Key("C", "accept_corpus", "Accept all in the corpus"),
    Key("escape", "close", "Close"),
)

# A yes/no question (accepting a whole review queue).
CONFIRM = (
    Key("y", "answer(True)", "Yes"),
    Key("n,escape", "answer(False)", "No"),
)

LINK_PICKER = (
    Key("escape", "cancel", "Cancel"),
    Key("up", "move(-1)", "Up", show=False),
    Key("down", "move(1)", "Down", show=False),
    Key("pageup", "move(-10)", "Page up", show=False),
    Key("pagedown", "move(10)", "Page down", show=False),
)

HELP = (Key("escape,?", "dismiss", "Close help"),)

# A one-line dialog (find, rename, a value, an external id, a note) and the export dialog.
DIALOG = (Key("escape", "cancel", "Cancel"),)

# Every list (articles, entities, clusters, hits, proposals, candidates, the span panel).
ROW_LIST = (
    Key("up", "move(-1)", "Up", show=False),
    Key("down", "move(1)", "Down", show=False),
    Key("k", "move(-1)", "Up", show=False),
    Key("j", "move(1)", "Down", show=False),
    Key("pageup", "page(-1)", "Page up", show=False),
    Key("pagedown", "page(1)", "Page down", show=False),
    Key("home,g", "jump(0)", "First", show=False),
    Key("end,G", "jump(-1)", "Last", show=False),
)
OPEN_ROW = (Key("enter", "choose", "Open"),)
SPAN_PANEL = (Key("enter", "choose", "Go to span"),)


def characters(keys: tuple[Key, ...]) -> dict[str, str]:
    """The single characters among the keys, with the description of what each does."""
    found: dict[str, str] = {}
    for key in keys:
        for name in key.keys.split(","):
            if len(name) == 1:
                found.setdefault(name, key.description)
    return found


def reserved_for_labels() -> dict[str, str]:
    """The characters a label key may not take, with what uses them: every key of the app and the
    annotator (where label keys work), but the vim moves, which yield to a label."""
    return characters(APP + ANNOTATOR)
