"""The export formats by name, in a module of their own: the CLI lists them in its options
without importing the exporters (PyYAML, the interop writers: a quarter of a second at start-up)."""

FORMATS = (
    "jsonl",
    "yaml",
    "conll",
    "conll-flair",
    "doccano",
    "label-studio",
    "label-studio-predictions",
    "brat",
    "xmi",
    "prodigy",
    "spacy",
)
