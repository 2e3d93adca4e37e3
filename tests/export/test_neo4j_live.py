"""`kg neo4j push` against a live Bolt server (ArcadeDB, Neo4j-protocol compatible).

`.ci/run` installs ArcadeDB and starts one server whose address it passes in KG_TEST_NEO4J_URI (a test-only
variable, so the tests never clear a user's real database); without it, the tests install ArcadeDB under
.cache/tools (pip) and start their own server, and skip only if that fails (fail with KG_REQUIRE_NEO4J=1).
"""

from __future__ import annotations

import csv
from pathlib import Path

import bolt_server
import pytest
from conftest import ensure_arcadedb

from kg.build import run_build
from kg.buildio import load_build
from kg.export import bolt
from kg.export.cookbook import cookbook
from kg.records import BuildSettings

pytestmark = pytest.mark.slow


def _clear(conn: bolt.Connection) -> None:
    with bolt.driver(conn) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_=conn.database)


def _expected(folder: Path) -> dict[str, int]:
    b = load_build(folder)
    labels = {"METHOD": "Method", "DATASET": "Dataset", "TASK": "Task"}
    out = {"Paper": len(b.papers), **{v: 0 for v in labels.values()}}
    for e in b.shown()[0]:  # the entities the graph shows: resolution left the others out
        out[labels[e.label]] += 1
    with open(folder / "neo4j" / "mentions.csv", encoding="utf-8") as fh:
        out["MENTIONS"] = sum(1 for _ in csv.reader(fh)) - 1
    out["CO_MENTIONED"] = b.graph.number_of_edges()
    return out


def test_push_counts_and_idempotency(server, seed_build):
    folder, _ = seed_build
    _clear(server)
    build = load_build(folder)
    first = bolt.push(build, server, batch_size=500)
    expected = _expected(folder)
    assert bolt.counts(server) == expected
    assert first.nodes_created == expected["Paper"] + expected["Method"] + expected["Dataset"] + expected["Task"]
    assert first.relationships_created == expected["MENTIONS"] + expected["CO_MENTIONED"]
    snapshot = _snapshot(server)
    second = bolt.push(build, server, batch_size=333)
    assert bolt.counts(server) == expected
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert _snapshot(server) == snapshot


def _snapshot(conn: bolt.Connection) -> tuple:
    with bolt.driver(conn) as drv:
        rec = drv.execute_query(
            "MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity) RETURN sum(r.papers) AS p, sum(r.sentences) AS s, "
            "count(DISTINCT a) AS a", database_=conn.database).records[0]
        return tuple(rec.values())


def test_bigger_build_adds_only_what_is_new(server, seed_build, tmp_path):
    folder, _ = seed_build
    full = load_build(folder)
    pages = sorted(Path(i["path"]) for i in full.manifest["inputs"])
    small_dir = tmp_path / "small"
    run_build(pages[:2], small_dir, BuildSettings(html=False))
    _clear(server)
    small = load_build(small_dir)
    bolt.push(small, server)
    assert bolt.counts(server)["Paper"] == len(small.papers)
    summary = bolt.push(full, server)
    full_entities, small_entities = {e.id for e in full.shown()[0]}, {e.id for e in small.shown()[0]}
    new_nodes = (set(full.papers) | full_entities) - (set(small.papers) | small_entities)
    assert summary.nodes_created == len(new_nodes)
    union = full_entities | small_entities
    counts = bolt.counts(server)
    assert counts["Paper"] == len(full.papers)
    assert counts["Method"] + counts["Dataset"] + counts["Task"] == len(union)


def _params(folder: Path) -> dict[str, object]:
    b = load_build(folder)
    by_label: dict[str, list] = {}
    for e in sorted(b.entities.values(), key=lambda e: (-e.papers, e.id)):
        by_label.setdefault(e.label, []).append(e)
    task, method = by_label["TASK"][0], by_label["METHOD"][0]
    method_with_data = next(e for e in by_label["METHOD"]
                            if any(b.graph.nodes[n]["label"] == "DATASET" for n in b.graph[e.id]))
    u, v, _ = max(b.graph.edges(data=True), key=lambda x: (x[2]["papers"], x[0], x[1]))
    far = next(n for n in b.graph if n not in b.graph[u] and n != u and b.graph.degree(n) > 0)
    return {"limit": 5, "task": task.name, "method": method_with_data.name, "name": method.name,
            "a": b.graph.nodes[u]["name"], "b": b.graph.nodes[v]["name"], "far": b.graph.nodes[far]["name"]}


def test_every_cookbook_query_answers(server, seed_build):
    folder, _ = seed_build
    _clear(server)
    bolt.push(load_build(folder), server)
    values = _params(folder)
    for q in cookbook().values():
        params = {p: values[p] for p in q.params}
        if q.name == "shortest-path":
            params["b"] = values["far"]
        rows = bolt.run_query(server, q, params)
        assert rows, f"{q.name} returned nothing for {params}"
        if q.name == "shortest-path":
            assert rows[0]["hops"] >= 2 and rows[0]["chain"][0] == values["a"]
        if q.name == "methods-for-task":
            assert all(r["papers"] >= 1 for r in rows)
            papers = [r["papers"] for r in rows]
            assert papers == sorted(papers, reverse=True)


def test_kg_neo4j_query_prints_lists_as_text_in_every_format(server, seed_build):
    import json as jsonlib

    from typer.testing import CliRunner

    from kg.cli import app

    folder, _ = seed_build
    _clear(server)
    bolt.push(load_build(folder), server)
    args = ["neo4j", "query", "top-entities", "--uri", server.uri, "--user", server.user, "-p", "limit=3"]
    env = {"NEO4J_PASSWORD": server.password}
    tsv = CliRunner().invoke(app, args, env=env)
    assert tsv.exit_code == 0, tsv.output
    lines = tsv.output.strip().splitlines()
    assert len(lines) == 4 and "\t" in lines[0] and "[" not in tsv.output and "{" not in tsv.output
    as_json = CliRunner().invoke(app, [*args, "--format", "json"], env=env)
    assert as_json.exit_code == 0 and len(jsonlib.loads(as_json.output)) == 3
    table = CliRunner().invoke(app, [*args, "--format", "table"], env=env)
    assert table.exit_code == 0 and table.output.splitlines()[1].startswith("-")
    bad = CliRunner().invoke(app, [*args, "--format", "xml"], env=env)
    assert bad.exit_code == 2


def test_server_killed_mid_push_then_push_completes(seed_build, tmp_path):
    ensure_arcadedb()
    folder, _ = seed_build
    build = load_build(folder)
    root = tmp_path / "arcadedb"
    s = bolt_server.start(root)
    conn = bolt.Connection(uri=s.uri, password=s.password, retry_seconds=1)
    killed = []

    def progress(stage, total):
        def tick(n):
            if stage == "co_mentions" and not killed:
                s.stop(kill=True)
                killed.append(True)
        return tick

    try:
        with pytest.raises(bolt.Neo4jError, match=r"lost the connection .* run the same push again"):
            bolt.push(build, conn, batch_size=200, progress=progress)
        assert killed
        s = bolt_server.start(root, port=s.port, password=s.password)
        partial = bolt.counts(conn)
        expected = _expected(folder)
        assert partial["Paper"] == expected["Paper"] and partial["CO_MENTIONED"] < expected["CO_MENTIONED"]
        bolt.push(build, conn, batch_size=200)
        assert bolt.counts(conn) == expected
    finally:
        s.stop()
