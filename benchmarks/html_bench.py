"""Benchmark of the HTML page: layout time, file size and time to the first drawn frame in headless Chromium.

A seeded random co-mention graph of 2,000 entities and 10,000 links, with a fake corpus behind it (titles, urls,
abstracts split into sentences, evidence on every link, papers on every entity), is rendered with
:func:`kg.export.html.render_html`, written, and opened in headless Chromium. The page records
``performance.now()`` when vis-network first draws (``window.__kgFirstDraw``); the Python side measures the wall
time from asking the browser to navigate until that value appears.

Usage::

    python benchmarks/html_bench.py [RESULTS.json] [--nodes 2000] [--edges 10000] [--runs 3] [--build DIR ...]

Targets: file <= 6 MB, first frame <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.export.html import render_html, write_build_html
from kg.export.layout import layout, strongest
from kg.records import Paper

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TARGET_BYTES = 6_000_000
TARGET_FIRST_DRAW_S = 2.0
_SYLLABLES = ("neu", "ral", "trans", "form", "er", "graph", "net", "vi", "sion", "lan", "guage", "deep", "con",
              "tras", "tive", "learn", "ing", "gen", "er", "a", "tion", "dif", "fu", "sion", "re", "in", "force")
_WORDS = ("we", "propose", "a", "method", "that", "improves", "results", "on", "the", "benchmark", "model", "data",
          "task", "training", "with", "and", "for", "of", "to", "in", "evaluation", "large", "robust", "shows")


def _name(rng: np.random.Generator) -> str:
    parts = rng.choice(len(_SYLLABLES), size=int(rng.integers(2, 6)))
    word = "".join(_SYLLABLES[i] for i in parts)
    return word.capitalize() if rng.random() < 0.4 else word + (" " + "".join(
        _SYLLABLES[i] for i in rng.choice(len(_SYLLABLES), size=3)) if rng.random() < 0.5 else "")


def synthetic(n_nodes: int = 2000, n_edges: int = 10000, *, n_papers: int = 1500, seed: int = 0
              ) -> tuple[nx.Graph, dict[str, Paper], dict[str, list[tuple[int, int]]], dict[str, list[str]]]:
    """A random co-mention graph with heavy-tailed paper counts, and the corpus its evidence points into.

    Returns
    -------
    tuple
        ``(graph, papers, sentences, node_papers)`` as :func:`kg.export.html.render_html` takes them.
    """
    rng = np.random.default_rng(seed)
    papers: dict[str, Paper] = {}
    sentences: dict[str, list[tuple[int, int]]] = {}
    for i in range(n_papers):
        text, spans = "", []
        for _ in range(int(rng.integers(5, 10))):
            words = [_WORDS[j] for j in rng.integers(0, len(_WORDS), size=int(rng.integers(12, 30)))]
            sentence = " ".join(words).capitalize() + "."
            start = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            spans.append((start, start + len(sentence)))
        paper_id = f"t-{i:016x}"
        papers[paper_id] = Paper(id=paper_id, title=" ".join(_WORDS[j] for j in rng.integers(0, 24, 9)).title(),
                                 abstract=text, date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                 url=f"https://example.org/papers/{i}" if i % 2 else None)
        sentences[paper_id] = spans
    paper_ids = list(papers)
    graph = nx.Graph()
    labels = rng.choice(["METHOD", "DATASET", "TASK"], size=n_nodes, p=[0.35, 0.15, 0.5])
    counts = np.minimum(rng.zipf(1.8, size=n_nodes), 300)
    node_papers: dict[str, list[str]] = {}
    for i in range(n_nodes):
        name = f"{_name(rng)} {i}"
        node = f"{labels[i].lower()}:{name.lower()}"
        graph.add_node(node, label=str(labels[i]), name=name, aliases=f"{name.upper()[:6]}|{name} model",
                       papers=int(counts[i]), mentions=int(counts[i] * rng.integers(1, 4)))
        node_papers[node] = [paper_ids[j] for j in rng.choice(n_papers, size=int(counts[i]), replace=False)]
    nodes = list(graph)
    weight = counts / counts.sum()
    while graph.number_of_edges() < n_edges:
        u, v = rng.choice(n_nodes, size=2, p=weight)
        if u == v or graph.has_edge(nodes[u], nodes[v]):
            continue
        shared = int(min(rng.geometric(0.6), counts[u], counts[v]))
        evidence = []
        for j in rng.choice(n_papers, size=min(shared, 10), replace=False):
            paper_id = paper_ids[j]
            evidence.append(f"{paper_id}#{rng.integers(len(sentences[paper_id]))}" if rng.random() < 0.7
                            else paper_id)
        graph.add_edge(nodes[u], nodes[v], papers=shared, sentences=int(rng.integers(0, shared + 1)),
                       evidence="|".join(evidence))
    return graph, papers, sentences, node_papers


def _driver(profile: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--window-size=1600,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    return driver


def first_draw(driver: Any, page: Path, *, timeout: float = 30.0) -> tuple[float, float]:
    """Open ``page``; return (ms from navigation start to the first drawn frame, Python wall seconds to it)."""
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(page.resolve().as_uri())
    while True:
        value = driver.execute_script("return window.__kgFirstDraw")
        if value is not None:
            return float(value), time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{page}: no frame drawn within {timeout} s")
        time.sleep(0.005)


def _chromium_version() -> str:
    try:
        return subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run(results: Path, *, n_nodes: int, n_edges: int, runs: int, builds: list[Path], seed: int) -> dict[str, Any]:
    """Measure, print a table and write ``results``; returns what was written."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        graph, papers, sentences, node_papers = synthetic(n_nodes, n_edges, seed=seed)
        generate_s = time.perf_counter() - t
        t = time.perf_counter()
        layout(strongest(graph), seed=0)
        layout_s = time.perf_counter() - t
        t = time.perf_counter()
        page = render_html(graph, papers=papers, sentences=sentences, node_papers=node_papers,
                           title=f"synthetic {n_nodes} x {n_edges}")
        render_s = time.perf_counter() - t
        path = folder / "synthetic.html"
        path.write_text(page, encoding="utf-8")
        rows.append({"page": f"synthetic {n_nodes} nodes, {n_edges} edges", "nodes": n_nodes, "edges": n_edges,
                     "bytes": path.stat().st_size, "generate_s": round(generate_s, 3), "layout_s": round(layout_s, 3),
                     "render_s": round(render_s, 3), "path": path})
        for build in builds:
            t = time.perf_counter()
            out = write_build_html(build, folder / f"{build.name}.html")
            graph_size = json.loads((build / "manifest.json").read_text())["counts"] if (
                build / "manifest.json").is_file() else {}
            rows.append({"page": f"build {build}", "nodes": graph_size.get("nodes"), "edges": graph_size.get("edges"),
                         "bytes": out.stat().st_size, "generate_s": None, "layout_s": None,
                         "render_s": round(time.perf_counter() - t, 3), "path": out})
        browser = CHROMIUM.is_file() and CHROMEDRIVER.is_file()
        if browser:
            driver = _driver(folder / "profile")
            try:
                for row in rows:
                    draws = [first_draw(driver, row["path"]) for _ in range(runs)]
                    row["first_draw_ms"] = round(statistics.median(d[0] for d in draws), 1)
                    row["first_draw_wall_s"] = round(statistics.median(d[1] for d in draws), 3)
                    row["first_draw_runs_ms"] = [round(d[0], 1) for d in draws]
            finally:
                driver.quit()
        for row in rows:
            row["path"] = row["path"].name
            row["meets_size"] = row["bytes"] <= TARGET_BYTES
            if "first_draw_wall_s" in row:
                row["meets_first_draw"] = row["first_draw_wall_s"] <= TARGET_FIRST_DRAW_S
    report = {
        "benchmark": "html", "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "chromium": _chromium_version() if CHROMIUM.is_file() else None, "runs": runs, "seed": seed,
        "targets": {"bytes": TARGET_BYTES, "first_draw_s": TARGET_FIRST_DRAW_S}, "rows": rows,
    }
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_table(rows, browser)
    return report


def _print_table(rows: list[dict[str, Any]], browser: bool) -> None:
    header = f"{'page':<42} {'size MB':>8} {'layout s':>9} {'render s':>9} {'first draw ms':>14} {'wall s':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        layout_s = "" if row["layout_s"] is None else f"{row['layout_s']:.2f}"
        draw = f"{row['first_draw_ms']:.0f}" if browser else "n/a"
        wall = f"{row['first_draw_wall_s']:.2f}" if browser else "n/a"
        print(f"{row['page'][:42]:<42} {row['bytes'] / 1e6:>8.2f} {layout_s:>9} {row['render_s']:>9.2f} {draw:>14} "
              f"{wall:>7}")
    if not browser:
        print(f"(no browser: {CHROMIUM} or {CHROMEDRIVER} missing; first-frame times not measured)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="?", type=Path, default=Path(__file__).parent / "results" / "html.json")
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build", type=Path, action="append", default=[], help="also time this build folder's page")
    args = parser.parse_args(argv)
    report = run(args.results, n_nodes=args.nodes, n_edges=args.edges, runs=args.runs, builds=args.build,
                 seed=args.seed)
    print(f"wrote {args.results}")
    return 0 if all(r["meets_size"] and r.get("meets_first_draw", True) for r in report["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
