"""The import rules of the layout (README, Layout): the core never loads the screen layer, screens
never import screens, widgets never touch the store, and no module imports itself in a circle.
The CLI's --help and --version stay light."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import annotations
import tui

ROOT = Path(__file__).resolve().parents[2]


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def project_modules() -> dict[str, Path]:
    found = {}
    for package in (annotations, tui):
        prefix = package.__name__ + "."
        found[package.__name__] = Path(package.__file__)
        for info in pkgutil.walk_packages(package.__path__, prefix):
            spec = info.module_finder.find_spec(info.name, None)
            found[info.name] = Path(spec.origin)
    return found


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, path: Path) -> set[str]:
    """The modules a module imports when it runs (anywhere in it, but not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _is_type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def project_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: {imported for imported in imports_of(name, path) if imported in modules}
        for name, path in modules.items()
    }


def test_the_whole_core_library_does_not_load_the_screen_layer():
    names = [info.name for info in pkgutil.walk_packages(annotations.__path__, "annotations.")]
    assert "annotations.store" in names and "annotations.importers.text_files" in names
    assert "annotations.session" in names
    loaded = modules_after("\n".join(f"import {name}" for name in names))
    assert not {"textual", "rich"} & loaded  # (sqlite-utils loads click for its own CLI)
    assert not any(name == "tui" or name.startswith("tui.") for name in loaded)
    modules = project_modules()
    for name, path in modules.items():
        if name.startswith("annotations"):
            foreign = {
                imported.split(".")[0] for imported in imports_of(name, path)
            } & {"textual", "rich", "click", "tui"}
            assert not foreign, f"{name} imports {foreign}"


def test_help_and_version_do_not_load_textual_or_the_store():
    for argument in ("--help", "--version"):
        loaded = modules_after(
            "from tui.cli import main\n"
            f"try:\n    main([{argument!r}])\nexcept SystemExit:\n    pass"
        )
        assert "click" in loaded
        assert not {"textual", "sqlite_utils", "annotations.store", "rich.console"} & loaded


def test_screens_never_import_screens_or_the_app():
    graph = project_graph()
    screens = [name for name in graph if name.startswith("tui.screens.")]
    assert "tui.screens.annotator" in screens
    for screen in screens:
        # A screen in parts (a package) imports its own parts.
        own = ".".join(screen.split(".")[:3])
        wrong = {
            imported
            for imported in graph[screen]
            if imported.startswith("tui.screens.") and not imported.startswith(own)
            or imported == "tui.app"
        }
        assert not wrong, f"{screen} imports {wrong}"


def test_dialogs_never_import_screens_and_widgets_never_import_the_store():
    graph = project_graph()
    for name, imported in graph.items():
        if name.startswith("tui.dialogs."):
            assert not {i for i in imported if i.startswith("tui.screens") or i == "tui.app"}, name
        if name.startswith("tui.widgets."):
            assert not {i for i in imported if i.startswith("annotations.store")}, name
            assert not {i for i in imported if i.startswith(("tui.screens", "tui.dialogs"))}, name


def test_no_import_cycle():
    graph = project_graph()
    # A package's own __init__ re-exporting its modules is not a cycle of the layout.
    for name in graph:
        graph[name] = {imported for imported in graph[name] if not name.startswith(imported + ".")}
    visiting: list[str] = []
    done: set[str] = set()

    def walk(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " → ".join([*visiting, name])
        visiting.append(name)
        for imported in sorted(graph[name]):
            walk(imported)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        walk(name)


def test_no_module_over_400_lines_without_a_reason_at_its_top():
    for name, path in project_modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > 400:
            head = "\n".join(lines[:15])
            assert "Longer than" in head, f"{name}: {len(lines)} lines and no reason at its top"


def test_every_package_is_installed_by_a_non_editable_install():
    # setuptools installs only the packages pyproject.toml lists: one left out works in an editable
    # install (the tests, the developers) and is missing from a wheel (the users).
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("annotations", "tui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found - listed == set()
