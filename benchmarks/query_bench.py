"""Benchmark of the embedded graph database (issue 21): the cookbook on the seed build, embedded and over Bolt, and
the time and size of the database of a 100,000-abstract build.

1. Every cookbook query on the seed build (built under ``.cache/bench/query-seeds`` unless ``--build``): the
   median of ``--runs`` warm runs (after two unmeasured ones) on the embedded database (``kg.db``, rows as Python
   values) and, in the same run, over Bolt on ArcadeDB (one warm driver; the build is pushed first), parameters
   from :func:`kg.db.example_params`.
2. The database of a build of ``--n`` abstracts (default 100,000), made from synthetic rows of that size (a full
   100,000-abstract build takes too long on a small shared machine), sized like one (about 800,000 mentions and
   1.5 million co-mention edges, as the scale benchmark's builds have): ``--entities`` entities of Zipf-like
   popularity, ``--per-paper`` entities per abstract mentioned in one or two sentences, every pair of a paper's
   entities co-mentioned, each edge with the dozen values of a real build. Timed as the build's writer runs:
   :func:`kg.export.embedded.tables` (the push's rows as frames), then :func:`~kg.export.embedded.write_database`;
   the file's size on disk.

    python benchmarks/query_bench.py                          # starts its own ArcadeDB (tests/bolt_server.py)
    python benchmarks/query_bench.py --uri bolt://127.0.0.1:7687  # an existing server (NEO4J_PASSWORD); CLEARED
    python benchmarks/query_bench.py --skip-bolt --n 10000

Prints a table and writes JSON (default ``benchmarks/results/query_bench.json``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

import kg.db
from kg.buildio import load_build
from kg.export import bolt, embedded
from kg.export.cookbook import cookbook
from kg.graph.edgetable import EdgeTable
from kg.records import Entity, Mention, Paper

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "query_bench.json"
SEEDS = ROOT.parent / "shared" / "seeds"
_SENTENCE = "We evaluate the proposed method, a variant of the baseline, on the benchmark and report its accuracy. "


def seed_build(folder: Path) -> Path:
    """The seed build with the default settings, made once under ``folder``."""
    if not (folder / "manifest.json").is_file() or not (folder / embedded.DB_FILE).is_file():
        from kg.build import run_build
        from kg.records import BuildSettings

        run_build([SEEDS], folder, BuildSettings(html=False))
    return folder


def median_ms(call: Any, runs: int) -> float:
    """The median wall time of ``runs`` calls of ``call`` in milliseconds, after two unmeasured calls."""
    for _ in range(2):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_queries(folder: Path, conn: bolt.Connection | None, runs: int) -> list[dict[str, Any]]:
    """Per cookbook query: rows and median warm milliseconds, embedded and (with ``conn``) over Bolt."""
    build = load_build(folder)
    values = kg.db.example_params(build)
    results = []
    drv = None
    if conn is not None:
        with bolt.driver(conn) as d:
            d.execute_query("MATCH (n) DETACH DELETE n", database_=conn.database)
        bolt.push(build, conn)
        drv = bolt.driver(conn)
    with kg.db.connect(folder) as db:
        for q in cookbook().values():
            params = {p: values["far" if (q.name, p) == ("shortest-path", "b") else p] for p in q.params}
            row: dict[str, Any] = {"query": q.name, "rows": len(db.run_rows(q.name, params)[1]),
                                   "embedded_ms": median_ms(lambda q=q, params=params: db.run_rows(q.name, params), runs)}
            if drv is not None:
                row["bolt_rows"] = len(drv.execute_query(q.cypher, params, database_=conn.database).records)
                row["bolt_ms"] = median_ms(lambda q=q, params=params: drv.execute_query(
                    q.cypher, params, database_=conn.database), runs)
            results.append(row)
    if drv is not None:
        drv.close()
    return results


def synthetic_rows(n: int, entities: int, per_paper: int, seed: int = 0) -> dict[str, Any]:
    """Build-shaped rows of ``n`` abstracts (see the module docstring): papers, entities, mentions with their
    assignment and sentences, a graph of the entities (nodes only) and the co-mention edges as an edge table."""
    rng = random.Random(seed)
    labels = ("METHOD", "DATASET", "TASK")
    ids = [f"{labels[i % 3].lower()}:entity {i}" for i in range(entities)]
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(entities)))
    abstract = _SENTENCE * 6
    spans = tuple((k * len(_SENTENCE), (k + 1) * len(_SENTENCE) - 1) for k in range(6))
    papers, mentions, assignment, sentences = [], [], {}, {}
    pairs: dict[tuple[str, str], list[int]] = {}
    papers_of: dict[str, int] = {}
    for p in range(n):
        pid = f"p{p:06d}"
        papers.append(Paper(id=pid, title=f"Synthetic paper {p}, on methods", abstract=abstract,
                            date=f"{2015 + p % 10}-{1 + p % 12:02d}-01"))
        sentences[pid] = spans
        chosen = sorted(set(rng.choices(ids, cum_weights=cumulative, k=per_paper)))
        for k, eid in enumerate(chosen):
            for s in ((k % 6, (k + 3) % 6) if k % 3 == 0 else (k % 6,)):  # 1.3 mentions a paper, as real builds
                assignment[len(mentions)] = eid
                mentions.append(Mention(pid, s, 0, 4, "name", eid.split(":")[0].upper(), "bench"))
            papers_of[eid] = papers_of.get(eid, 0) + 1
        for i, a in enumerate(chosen):
            for b in chosen[i + 1:]:
                counts = pairs.setdefault((a, b), [0, 0, pid])
                counts[0] += 1
                counts[1] += int(rng.random() < 0.3)
    used = [e for e in ids if e in papers_of]
    ents = [Entity(e, e.split(":")[0].upper(), e.split(":")[1], f"Entity {e.split()[-1]}", (f"E{e.split()[-1]}",),
                   papers_of[e], 3 * papers_of[e]) for e in used]
    graph = nx.Graph()
    graph.add_nodes_from((e.id, {"label": e.label, "name": e.name, "community": rng.randrange(200)}) for e in ents)
    return {"papers": papers, "entities": ents, "mentions": mentions, "assignment": assignment,
            "sentences": sentences, "graph": graph, "table": _edge_table(pairs, rng)}


def _edge_table(pairs: dict[tuple[str, str], list[int]], rng: random.Random) -> EdgeTable:
    """The co-mention edges with the columns of a real build's edge table (values random, types real)."""
    keys = ("papers", "sentences", "association", "npmi", "jaccard", "p_value", "q_value", "sentence_association",
            "sentence_npmi", "sentence_p_value", "sentence_q_value", "weight", "evidence")
    columns: list[list[Any]] = [[] for _ in keys]
    for (_, _), (papers, same, pid) in pairs.items():
        values = [papers, same, *(round(rng.random(), 6) for _ in range(9)), float(papers), f"{pid}#1|{pid}#3"]
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    types = (int, int, *([float] * 10), str)
    return EdgeTable([a for a, _ in pairs], [b for _, b in pairs], keys, types, tuple(columns))


def bench_creation(n: int, entities: int, per_paper: int, out: Path) -> dict[str, Any]:
    """Seconds to make the tables and to write the database of ``n`` synthetic abstracts, and its size."""
    start = time.perf_counter()
    rows = synthetic_rows(n, entities, per_paper)
    made = time.perf_counter() - start
    papers = {p.id: p for p in rows["papers"]}
    start = time.perf_counter()
    data = embedded.tables(rows["papers"], rows["entities"], rows["mentions"], rows["assignment"],
                           embedded.SentenceTexts(papers, rows["sentences"]), rows["graph"], rows["table"])
    framed = time.perf_counter() - start
    path = out / embedded.DB_FILE
    summary = embedded.write_database(path, data)
    return {"abstracts": n, "synthetic_rows_s": round(made, 1), "tables_s": round(framed, 2),
            "write_s": round(summary.seconds, 2), "total_s": round(framed + summary.seconds, 2),
            "rows": summary.rows, "size_mb": round(path.stat().st_size / 1e6, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, help="a build folder (default: the seed build, made once)")
    parser.add_argument("--runs", type=int, default=20, help="warm runs per query and engine")
    parser.add_argument("--uri", help="Bolt URI of a server to use (it is CLEARED); default: start ArcadeDB")
    parser.add_argument("--skip-bolt", action="store_true")
    parser.add_argument("--n", type=int, default=100_000, help="abstracts of the synthetic build (0: skip)")
    parser.add_argument("--entities", type=int, default=150_000)
    parser.add_argument("--per-paper", type=int, default=7)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    folder = args.build or seed_build(ROOT / ".cache" / "bench" / "query-seeds")
    server = None
    conn = None
    if not args.skip_bolt:
        if args.uri:
            conn = bolt.Connection(uri=args.uri, password=os.environ.get("NEO4J_PASSWORD", ""))
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            import bolt_server

            bolt_server.install()
            server = bolt_server.start(Path(tempfile.mkdtemp(prefix="kg-query-bench-")))
            conn = bolt.Connection(uri=server.uri, password=server.password)
    try:
        queries = bench_queries(folder, conn, args.runs)
    finally:
        if server is not None:
            server.stop()
    report: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version(),
                              "cpus": os.cpu_count(), "build": str(folder), "runs": args.runs, "queries": queries}
    print(f"{'query':<26}{'rows':>6}{'embedded ms':>13}{'bolt ms':>10}")
    for row in queries:
        bolt_ms = f"{row['bolt_ms']:.1f}" if "bolt_ms" in row else "-"
        print(f"{row['query']:<26}{row['rows']:>6}{row['embedded_ms']:>13.1f}{bolt_ms:>10}")
    if args.n:
        with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as tmp:
            report["creation"] = created = bench_creation(args.n, args.entities, args.per_paper, Path(tmp))
        print(f"database of {created['abstracts']} abstracts: {created['total_s']} s (tables {created['tables_s']} s, "
              f"write {created['write_s']} s), {created['size_mb']} MB; rows {created['rows']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
