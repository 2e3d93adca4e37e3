"""One cookbook, two engines: every query on the seed build's embedded database (LadybugDB, its `ladybug` text) and
on a live Bolt server (ArcadeDB, its Neo4j text) after `kg neo4j push`, with the same answers in the same order.

The server is the one `.ci/run` starts (KG_TEST_NEO4J_URI) or a private ArcadeDB (see tests/conftest.py).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import kg.db
from kg.buildio import load_build
from kg.export import bolt
from kg.export.cookbook import cookbook

pytestmark = pytest.mark.slow


def _params(folder: Path) -> dict[str, Any]:
    """Parameters for which every query has an answer on this build (shortest-path goes to an entity two links or
    more away)."""
    values = kg.db.example_params(load_build(folder), limit=25)
    assert all(values.values()), values
    return values


def _same(x: Any, y: Any) -> bool:
    """Equal values, floats within rounding, lists and maps item by item."""
    if isinstance(x, float) or isinstance(y, float):
        return x is not None and y is not None and math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(x, list | tuple) and isinstance(y, list | tuple):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    return bool(x == y)


@pytest.fixture(scope="module")
def pushed(server, seed_build):
    folder, _ = seed_build
    with bolt.driver(server) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_=server.database)
    bolt.push(load_build(folder), server)
    return folder


@pytest.mark.parametrize("name", sorted(cookbook()))
def test_query_gives_the_same_answer_on_both_engines(name, pushed, server):
    query = cookbook()[name]
    values = _params(pushed)
    params = {p: values[p] for p in query.params}
    if name == "shortest-path":
        params["b"] = values["far"]
    on_server = bolt.run_query(server, query, params)
    with kg.db.connect(pushed) as db:
        columns, rows = db.run_rows(name, params)
    embedded = [dict(zip(columns, row, strict=True)) for row in rows]
    assert on_server, f"{name} has no answer for {params}: pick other parameters"
    assert list(on_server[0]) == columns
    assert len(embedded) == len(on_server)
    for i, (mine, theirs) in enumerate(zip(embedded, on_server, strict=True)):
        assert _same(mine, theirs), f"{name}, row {i}: embedded {mine} != Bolt {theirs}"


def test_every_query_orders_its_answer():
    for q in cookbook().values():
        for text in (q.cypher, q.ladybug):
            assert "ORDER BY" in text.rsplit("RETURN", 1)[1], q.name


def test_shortest_path_finds_the_far_entity(pushed):
    values = _params(pushed)
    with kg.db.connect(pushed) as db:
        chains = db.run("shortest-path", a=values["a"], b=values["far"])
    assert len(chains) and chains["hops"].min() >= 2
    assert all(chain[0] == values["a"] and chain[-1] == values["far"] for chain in chains["chain"])
