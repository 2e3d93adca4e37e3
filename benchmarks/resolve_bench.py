"""Time corpus-level entity resolution at scale, on the mentions of a real build multiplied out to N papers.

Each of the N papers takes the mentions (and definitions) of a paper of the source build, drawn with ``--seed``,
under a new paper id, so surface forms, short forms and labels keep their real distribution while the corpus grows.
Prints the seconds of :func:`kg.resolve.resolve` (with the texts for the junk filter), of the links to the Papers
with Code taxonomy that follow it in the build's resolve stage (``link_s``), and of the old resolution it replaced,
when asked for with ``--baseline`` (a one-line key per label and spelling), and writes JSON.

    python benchmarks/resolve_bench.py .cache/dev/after --papers 100000
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from kg import collector
from kg.buildio import load_build
from kg.records import Definition, Mention
from kg.resolve import resolve
from kg.resolve.keys import entity_id, normalise_key
from kg.resolve.links import link_entities


def scaled(build_dir: Path, papers: int, seed: int) -> tuple[list[Mention], list[Definition], dict[str, str]]:
    """The mentions, definitions and texts of ``papers`` papers drawn from a build folder."""
    build = load_build(build_dir)
    by_paper: dict[str, list[Mention]] = defaultdict(list)
    for m in build.mentions:
        by_paper[m.paper_id].append(m)
    defs: dict[str, list[Definition]] = defaultdict(list)
    for pid, ms in by_paper.items():
        shorts = [m for m in ms if m.source == "abbreviation:short"]
        longs = [m for m in ms if m.source == "abbreviation:long"]
        defs[pid] = [Definition(pid, s.label, s.text, lf.text) for s, lf in zip(shorts, longs, strict=False)]
    rng = random.Random(seed)
    source = sorted(by_paper)
    mentions: list[Mention] = []
    definitions: list[Definition] = []
    texts: dict[str, str] = {}
    for i in range(papers):
        pid = rng.choice(source)
        new = f"s{i}"
        mentions += [replace(m, paper_id=new) for m in by_paper[pid]]
        definitions += [replace(d, paper_id=new) for d in defs[pid]]
        texts[new] = build.papers[pid].abstract
    return mentions, definitions, texts


def baseline(mentions: list[Mention]) -> int:
    """The resolution of earlier kg versions, reduced to its core: one key per label and spelling."""
    keys = {(m.label, m.text): entity_id(m.label, normalise_key(m.text)) for m in mentions}
    return len(set(keys.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results" / "resolve.json")
    args = parser.parse_args()
    mentions, definitions, texts = scaled(args.build, args.papers, args.seed)
    result: dict[str, object] = {"papers": args.papers, "mentions": len(mentions), "definitions": len(definitions)}
    with collector.paused():  # as the build runs it
        start = time.perf_counter()
        found = resolve(mentions, definitions, texts=texts)
        result["resolve_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        linked = link_entities(found.entities)  # the rest of the build's resolve stage (no thesaurus here)
        result["link_s"] = round(time.perf_counter() - start, 2)
        result["linked"] = sum(bool(e.pwc_name) for e in linked)
        result["entities"] = len(found.entities)
        result["kept"] = sum(e.kept for e in found.entities)
        if args.baseline:
            start = time.perf_counter()
            result["baseline_entities"] = baseline(mentions)
            result["baseline_s"] = round(time.perf_counter() - start, 2)
    print(json.dumps(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
