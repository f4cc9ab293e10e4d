"""hasiye's core library: model, store, Turkish text handling and importers.

Nothing here imports textual or the tui package, so a notebook or a script can use it alone.
"""

__version__ = "0.1.0"
