"""Mutation testing of one module against its own fast tests, with mutmut (see docs/mutation.md).

mutmut wants the package as a folder of the directory it runs in, and jixiao's package is
the repository root itself, so each run works in a scratch directory holding a copy of the
repository as ``jixiao/`` and a ``pyproject.toml`` with only this run's ``[tool.mutmut]``:
the module to mutate and the test files that are meant to pin it (never the whole suite —
the goldens would kill mutants that no assertion pins, and it takes far too long).

    python benchmarks/mutation.py extract/text.py            # default tests for the module
    python benchmarks/mutation.py parsers/amount.py tests/test_amount.py

Prints mutmut's tally and the surviving mutants; ``mutmut show NAME`` in the scratch
directory shows one. Needs ``pip install mutmut`` (3.x).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/jixiao-mutation")

# The test files that pin each module; fast ones that build their inputs or read no PDF
# through the session cache (a cached report would hide the mutant).
TESTS = {
    "extract/text.py": ["tests/test_text.py", "tests/test_rules.py"],
    "extract/stitch.py": ["tests/test_stitch.py", "tests/test_rules.py"],
    "extract/grid.py": ["tests/test_grid.py", "tests/test_rules.py", "tests/test_table_outline.py"],
    "extract/cells.py": [
        "tests/test_cells.py",
        "tests/test_rules.py",
        "tests/test_table_outline.py",
    ],
    "parsers/amount.py": ["tests/test_amount.py", "tests/test_rules.py"],
    "parsers/quantity.py": ["tests/test_quantity.py", "tests/test_quantity_properties.py"],
    "parsers/assess.py": ["tests/test_assess.py", "tests/test_assess_rules.py"],
    # test_layouts_forms parses whole real PDFs (minutes per mutant); these are real form
    # rows typed as cells.
    "parsers/forms.py": ["tests/test_forms_cells.py"],
}


def prepare(module: str, tests: list[str]) -> Path:
    work = SCRATCH / module.replace("/", "_").removesuffix(".py")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(
        REPO, work / "jixiao", ignore=shutil.ignore_patterns(".git", "mutants", "__pycache__")
    )
    selection = ", ".join(f'"jixiao/{t}"' for t in tests)
    (work / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["jixiao"]\n'
        f'only_mutate = ["jixiao/{module}"]\n'
        'also_copy = ["jixiao"]\n'
        f"pytest_add_cli_args_test_selection = [{selection}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "jixiao.benchmarks.mutation"]\n',
        encoding="utf-8",
    )
    return work


def pytest_make_parametrize_id(config: object, val: object, argname: str) -> str | None:
    """ASCII ids for parameters that are non-ASCII strings, during mutation runs only
    (loaded with ``-p``): mutmut 3.8 selects each mutant's tests by node id, cannot select
    an id escaped as ``test_x[\\u5ba3…]`` (pytest exits 4) and counts that run as a kill."""
    if isinstance(val, str) and not (val.isascii() and val.isprintable()):
        return "u" + hashlib.sha1(val.encode("utf-8")).hexdigest()[:10]
    return None


def main(argv: list[str]) -> int:
    module = argv[0]
    tests = argv[1:] or TESTS[module]
    work = prepare(module, tests)
    subprocess.run(["nice", "mutmut", "run", "--max-children", "1"], cwd=work, check=False)
    results = subprocess.run(
        ["mutmut", "results", "--all", "true"], cwd=work, capture_output=True, text=True
    ).stdout
    tally = Counter(line.rsplit(":", 1)[1].strip() for line in results.splitlines() if ":" in line)
    total = sum(tally.values())
    killed = tally.get("killed", 0)
    print(f"{module}: {killed}/{total} killed ({100 * killed / max(total, 1):.0f}%) {dict(tally)}")
    for line in results.splitlines():
        if line.endswith("survived"):
            print("  " + line.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
