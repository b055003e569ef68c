"""Stages import only downward (extract ← parsers ← schema ← root) and no modules loop."""

from __future__ import annotations

import importlib.util

from conftest import REPO

spec = importlib.util.spec_from_file_location("import_graph", REPO / "benchmarks/import_graph.py")
assert spec is not None and spec.loader is not None
graph_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(graph_script)


def _graph() -> dict[str, set[str]]:
    modules = graph_script.package_modules()
    return {m: graph_script.imports_of(m, p, set(modules)) for m, p in modules.items()}


def test_no_module_cycles() -> None:
    assert graph_script.cycles(_graph()) == []


def test_stages_import_only_downward() -> None:
    rank, stage = graph_script.RANK, graph_script.stage_of
    upward = {
        (a, b)
        for a, targets in _graph().items()
        for b in targets
        if rank[stage(b)] > rank[stage(a)]
    }
    # The batch runner (schema.jobs) is handed jixiao.read_spooled by the CLI: it imported
    # the public API from below until then.
    assert upward == set()


def test_the_readers_do_not_import_each_other_both_ways() -> None:
    graph = _graph()
    assert "jixiao.extract.fast_source" not in graph["jixiao.extract.pdfsource"]
    assert "jixiao.extract.rulings" in graph["jixiao.extract.pdfsource"]
    assert "jixiao.extract.rulings" in graph["jixiao.extract.fast_source"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert graph_script.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [
        ["a", "b", "c"]
    ]
