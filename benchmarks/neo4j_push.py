"""Benchmark: batched ``kg neo4j push`` against one-row-per-transaction writes, on the same Bolt server in one run.

A synthetic build (seeded) with at least 50,000 relationships is pushed with ``UNWIND $rows`` batches; then, per
relationship type, the relationships are deleted and written again one row per transaction with the same MERGE
statement, all of them by default (``--single-rows N`` writes only the first N and extrapolates the rate, which
reads optimistic: the server warms up and the first rows meet an emptier graph). Prints a table and writes JSON.

    python benchmarks/neo4j_push.py                      # starts its own ArcadeDB (tests/bolt_server.py)
    python benchmarks/neo4j_push.py --uri bolt://127.0.0.1:7687   # an existing server (NEO4J_PASSWORD); it is CLEARED
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.buildio import Build
from kg.export import bolt, cypher
from kg.records import Entity, Mention, Paper

ROOT = Path(__file__).resolve().parents[1]


def synthetic_build(papers: int, entities: int, per_paper: int, seed: int = 0) -> Build:
    """A build-shaped object: ``papers`` abstracts each mentioning ``per_paper`` entities (Zipf-like popularity)."""
    rng = random.Random(seed)
    labels = ("METHOD", "DATASET", "TASK")
    ents = {f"{labels[i % 3].lower()}:e{i}": Entity(f"{labels[i % 3].lower()}:e{i}", labels[i % 3], f"e{i}",
                                                     f"Entity {i}", (f"E{i}",), 0, 0) for i in range(entities)}
    ids = list(ents)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(entities)]
    paper_map: dict[str, Paper] = {}
    mentions: list[Mention] = []
    assignment: dict[int, str] = {}
    graph = nx.Graph()
    for e in ents.values():
        graph.add_node(e.id, label=e.label, name=e.name, papers=1, mentions=1)
    for p in range(papers):
        pid = f"p{p}"
        paper_map[pid] = Paper(id=pid, title=f"Paper {p}", abstract="x" * 10, date=f"2025-{1 + p % 12:02d}-01")
        chosen = sorted(set(rng.choices(ids, weights=weights, k=per_paper)))
        for k, eid in enumerate(chosen):
            assignment[len(mentions)] = eid
            mentions.append(Mention(pid, k % 3, 0, 1, "x", ents[eid].label, "bench"))
        for i, a in enumerate(chosen):
            for b in chosen[i + 1:]:
                if graph.has_edge(a, b):
                    graph.edges[a, b]["papers"] += 1
                else:
                    graph.add_edge(a, b, papers=1, sentences=0, evidence=pid, weight=0.5)
    return Build(folder=ROOT, papers=paper_map, mentions=mentions, entities=ents, graph=graph, manifest={},
                 sentences={}, assignment=assignment)


def clear(conn: bolt.Connection) -> None:
    with bolt.driver(conn) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_=conn.database)


def one_row_per_transaction(conn: bolt.Connection, rows: list[dict], statement: str) -> float:
    with bolt.driver(conn) as drv, drv.session(database=conn.database) as session:
        t = time.perf_counter()
        for row in rows:
            session.execute_write(lambda tx, r=row: tx.run(statement, rows=[r]).consume())
        return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uri", help="existing Bolt server (it is cleared!); default: start a private ArcadeDB")
    parser.add_argument("--papers", type=int, default=6000)
    parser.add_argument("--entities", type=int, default=3000)
    parser.add_argument("--per-paper", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--single-rows", type=int, default=0,
                        help="relationships written one per transaction (default 0: all of them)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "neo4j_push.json")
    args = parser.parse_args()

    build = synthetic_build(args.papers, args.entities, args.per_paper)
    steps = bolt.plan(build)
    rel_rows = sum(len(rows) for stage, _, rows in steps if stage in ("mentions", "co_mentions"))
    node_rows = sum(len(rows) for stage, _, rows in steps if stage in ("papers", "entities"))
    print(f"synthetic build: {node_rows} nodes, {rel_rows} relationships", flush=True)

    server = None
    if args.uri:
        conn = bolt.Connection(uri=args.uri, password=os.environ.get("NEO4J_PASSWORD", ""))
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        import bolt_server

        bolt_server.install()
        server = bolt_server.start(Path(tempfile.mkdtemp(prefix="kg-bench-arcadedb-")))
        conn = bolt.Connection(uri=server.uri, password=server.password)
    try:
        clear(conn)
        summary = bolt.push(build, conn, batch_size=args.batch_size)
        rel_seconds = summary.seconds  # whole push; relationships measured separately below
        counts = bolt.counts(conn)
        # Per relationship type: delete, push batched, delete, push a sample one row per transaction.
        per_stage: dict[str, dict[str, float]] = {}
        for stage, statement, rows in steps:
            if stage not in ("mentions", "co_mentions"):
                continue
            rel = "MENTIONS" if stage == "mentions" else "CO_MENTIONED"
            delete = f"MATCH ()-[r:{rel}]->() DELETE r"
            with bolt.driver(conn) as drv:
                drv.execute_query(delete, database_=conn.database)
                t = time.perf_counter()
                with drv.session(database=conn.database) as session:
                    for batch in cypher.batches(rows, args.batch_size):
                        session.execute_write(bolt._run, statement, batch)
                batched = time.perf_counter() - t
                drv.execute_query(delete, database_=conn.database)
            sample = rows[: args.single_rows] if args.single_rows > 0 else rows
            single = one_row_per_transaction(conn, sample, statement)
            per_stage[rel] = {"rows": len(rows), "batched_seconds": round(batched, 2),
                              "batched_per_s": round(len(rows) / batched, 1), "single_rows": len(sample),
                              "single_seconds": round(single, 2), "single_per_s": round(len(sample) / single, 1)}
    finally:
        if server is not None:
            server.stop()

    batched_seconds = sum(v["batched_seconds"] for v in per_stage.values())
    single_estimate = sum(v["rows"] / v["single_per_s"] for v in per_stage.values())
    result = {
        "server": args.uri or "ArcadeDB 26.10.2.post1 (private, started by the benchmark)",
        "nodes": node_rows, "relationships": rel_rows, "counts_after_push": counts,
        "full_push_seconds": round(rel_seconds, 2), "batch_size": args.batch_size, "per_type": per_stage,
        "batched_rel_per_s": round(rel_rows / batched_seconds, 1),
        "single_rel_per_s": round(rel_rows / single_estimate, 1),
        "speedup": round(single_estimate / batched_seconds, 1),
    }
    print(f"{'relationships':<14}{'rows':>8}{'batched s':>11}{'batched/s':>11}{'single rows':>13}{'single s':>10}"
          f"{'single/s':>10}{'speed-up':>10}")
    for rel, v in per_stage.items():
        print(f"{rel:<14}{v['rows']:>8}{v['batched_seconds']:>11.2f}{v['batched_per_s']:>11.0f}{v['single_rows']:>13}"
              f"{v['single_seconds']:>10.2f}{v['single_per_s']:>10.0f}{v['batched_per_s'] / v['single_per_s']:>9.1f}x")
    measured = "all rows" if args.single_rows <= 0 else f"rate from the first {args.single_rows} rows"
    print(f"all {rel_rows} relationships: batched {result['batched_rel_per_s']:.0f}/s, one row per transaction "
          f"{result['single_rel_per_s']:.0f}/s ({measured}): speed-up {result['speedup']}x; "
          f"full push incl. {node_rows} nodes {rel_seconds:.1f} s; counts {counts}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
