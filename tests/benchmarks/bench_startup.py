"""Start-up benchmark: ``hasiye`` from the shell to an interactive library, against a minimal
Textual app started the same way, the two measured alternately (so both see the same load).

Run by hand: ``python -m tests.benchmarks.bench_startup [N]`` (default 100,000): hasiye on the
seeds and on a library of N articles of the realistic corpus (imported once into
/tmp/hasiye-realistic-corpus/N.db and reused). A start is timed from the fork to the moment the
screen shows the library's progress line ("done"), or the minimal app's "done".

Target: at most 2x the minimal Textual app's start.

hasiye's modules are compiled first, as a pip install compiles them: this checkout is an editable
install, and with PYTHONDONTWRITEBYTECODE set (as on the development machine) every start would
compile hasiye's ~150 modules from source (~0.2 s) while Textual's come compiled. ``--source``
leaves them uncompiled, to see that cost.

hasiye runs as a user's install has it, without pandas and numpy (nothing hasiye installs brings
them; this checkout's test tools do, and sqlite-utils imports them when it finds them).
``--with-test-tools`` leaves them importable, to see that cost.
"""

from __future__ import annotations

import compileall
import statistics
import sys
import tempfile
from pathlib import Path

from annotations.seeds import import_seeds_if_empty
from annotations.store import Store
from tests.benchmarks.bench_app import shell_to_library
from tests.benchmarks.corpus import cached_database

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static("done")

Minimal().run()
"""
ROUNDS = 7


def compile_like_an_install() -> None:
    root = Path(__file__).resolve().parents[2]
    for package in ("annotations", "tui"):
        compileall.compile_dir(root / package, quiet=1)


RUN = "from tui.cli import main; main()"
# As a user's install has it: nothing hasiye installs brings pandas or numpy, but this checkout's
# test tools do (label-studio-sdk), and sqlite-utils imports them when it finds them (~0.8 s).
AS_INSTALLED = "import sys; sys.modules.update(pandas=None, numpy=None); " + RUN


def main(count: int, source: bool = False, test_tools: bool = False) -> None:
    if not source:
        compile_like_an_install()
    minimal = [sys.executable, "-c", MINIMAL_APP]
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        seeds = Path(scratch) / "seeds.db"
        with Store(seeds) as store:
            import_seeds_if_empty(store)
        big = cached_database(count)
        hasiye = [sys.executable, "-c", AS_INSTALLED if not test_tools else RUN, "--db"]
        shell_to_library([*hasiye, str(seeds)])  # warm the file cache for both
        shell_to_library(minimal)
        times: dict[str, list[float]] = {"minimal": [], "seeds": [], "big": []}
        for _ in range(ROUNDS):
            times["minimal"].append(shell_to_library(minimal))
            times["seeds"].append(shell_to_library([*hasiye, str(seeds)]))
            times["minimal"].append(shell_to_library(minimal))
            times["big"].append(shell_to_library([*hasiye, str(big)]))
    reference = statistics.median(times["minimal"])
    print(f"minimal Textual app from the shell: median {reference * 1000:.0f} ms")
    for name, label in (("seeds", "the seeds"), ("big", f"{count:,} articles")):
        seconds = statistics.median(times[name])
        print(
            f"hasiye from the shell to the interactive library ({label}): median "
            f"{seconds * 1000:.0f} ms, {seconds / reference:.2f}x the minimal app (target <= 2x)"
        )


if __name__ == "__main__":
    numbers = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    main(
        int(numbers[0]) if numbers else 100_000,
        source="--source" in sys.argv,
        test_tools="--with-test-tools" in sys.argv,
    )
