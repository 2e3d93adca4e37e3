"""Write nodes of a build for judging under ``../shared/annotation/NODE_RULES.md``.

The sample is the one the rules ask for: the ``--top`` nodes with the most papers, and ``--random`` nodes drawn with
``--seed`` from the rest. Each line carries the node's name, label, aliases, counts and up to three of its mention
sentences (the mention marked ``[[...]]``). ``--all`` writes every node with one sentence instead (for finding
duplicate groups).

    python scripts/node_sample.py .cache/dev/build --out .cache/dev/sample.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

from kg.buildio import Build, load_build


def sentences_of(build: Build, per_node: int) -> dict[str, list[str]]:
    """Up to ``per_node`` mention sentences of each entity, from different papers first."""
    found: dict[str, list[str]] = {}
    seen: dict[str, set[str]] = {}
    for index, mention in enumerate(build.mentions):
        eid = build.assignment.get(index)
        if eid is None or len(found.setdefault(eid, [])) >= per_node or mention.paper_id in seen.setdefault(eid, set()):
            continue
        seen[eid].add(mention.paper_id)
        abstract = build.papers[mention.paper_id].abstract
        spans = build.sentences.get(mention.paper_id) or [(0, len(abstract))]
        start, end = spans[min(mention.sentence, len(spans) - 1)]
        found[eid].append(abstract[start:mention.start] + "[[" + mention.text + "]]" + abstract[mention.end:end])
    return found


def node_rows(build: Build, ids: list[str], per_node: int) -> Iterator[dict[str, object]]:
    """One judging row per entity id."""
    sentences = sentences_of(build, per_node)
    for eid in ids:
        e = build.entities[eid]
        yield {"id": e.id, "label": e.label, "name": e.name, "aliases": list(e.aliases), "papers": e.papers,
               "mentions": e.mentions, "sentences": sentences.get(eid, [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--random", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--all", action="store_true", help="every node, one sentence each")
    args = parser.parse_args()
    build = load_build(args.build)
    ranked = sorted(build.shown()[0], key=lambda e: (-e.papers, -e.mentions, e.id))  # the nodes of the graph
    if args.all:
        ids, per_node = [e.id for e in ranked], 1
    else:
        rest = [e.id for e in ranked[args.top:]]
        ids = [e.id for e in ranked[:args.top]] + random.Random(args.seed).sample(rest, min(args.random, len(rest)))
        per_node = 3
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in node_rows(build, ids, per_node):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(ids)} nodes -> {args.out}")


if __name__ == "__main__":
    main()
