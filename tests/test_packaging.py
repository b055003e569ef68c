"""The wheel holds the one import package ``jixiao`` and nothing else."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_contains_only_the_jixiao_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("jixiao-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {
        "jixiao",
        wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info",
    }
    for module in ("__init__.py", "cli.py", "extract/grid.py", "parsers/assess.py",
                   "schema/models.py", "parsers/data/jieba_dict.txt",
                   "parsers/data/jieba_compact.txt"):  # fmt: skip
        assert f"jixiao/{module}" in names
    assert not any(name.startswith(("jixiao/tests", "jixiao/samples")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "jixiao = jixiao.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
