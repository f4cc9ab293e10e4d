"""The core library never loads the screen layer; the CLI's --help and --version stay light."""

import pkgutil
import subprocess
import sys

import annotations


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_whole_core_library_does_not_load_textual():
    names = [info.name for info in pkgutil.walk_packages(annotations.__path__, "annotations.")]
    assert "annotations.store" in names and "annotations.importers.text_files" in names
    loaded = modules_after("\n".join(f"import {name}" for name in names))
    assert "textual" not in loaded
    assert not any(name == "tui" or name.startswith("tui.") for name in loaded)


def test_help_and_version_do_not_load_textual_or_the_store():
    for argument in ("--help", "--version"):
        loaded = modules_after(
            "from tui.cli import main\n"
            f"try:\n    main([{argument!r}])\nexcept SystemExit:\n    pass"
        )
        assert "click" in loaded
        assert not {"textual", "sqlite_utils", "annotations.store", "rich.console"} & loaded
