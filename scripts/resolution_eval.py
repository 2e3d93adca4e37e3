"""Score a build's entity resolution against a judged list of duplicate groups (see scripts/node_sample.py).

The groups name entity ids of an earlier build of the same corpus (``--before``). Each member is followed to the
entity that its mentions (paper, start, end) belong to in the build scored (most of its mentions decide), and a
group counts as merged when all its members end in one entity. ``not_same`` groups count as wrongly merged when
they do.

    python scripts/resolution_eval.py .cache/dev/after --before .cache/dev/before --groups .cache/dev/duplicates.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path


def mention_entities(build: Path) -> dict[tuple[str, int, int], str]:
    """(paper, start, end) -> entity id of every assigned mention of a build folder."""
    out = {}
    with open(build / "mentions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            if m.get("entity"):
                out[m["paper_id"], m["start"], m["end"]] = m["entity"]
    return out


def follow(before: Path, after: Path) -> dict[str, str]:
    """Each entity id of ``before`` -> the entity of ``after`` that most of its mentions belong to."""
    old, new = mention_entities(before), mention_entities(after)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span, eid in old.items():
        if span in new:
            votes[eid][new[span]] += 1
    return {eid: counts.most_common(1)[0][0] for eid, counts in votes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("after", type=Path)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--groups", type=Path, required=True)
    parser.add_argument("--show", type=int, default=0, help="print this many unmerged groups of each kind")
    args = parser.parse_args()
    to = follow(args.before, args.after)
    groups = [json.loads(line) for line in args.groups.read_text(encoding="utf-8").splitlines() if line.strip()]
    merged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    wrong = []
    for g in groups:
        ends = {to.get(m, f"(gone) {m}") for m in g["members"]}
        if g["verdict"] == "same":
            total[g["kind"]] += 1
            if len(ends) == 1:
                merged[g["kind"]] += 1
            else:
                missed[g["kind"]].append(" | ".join(sorted(ends)))
        elif len(ends) == 1:
            wrong.append(" + ".join(g["members"]) + f"  ->  {ends.pop()}")
    for kind in sorted(total):
        print(f"{kind:16s} {merged[kind]:4d} / {total[kind]:4d}")
        for line in missed[kind][:args.show]:
            print("    missed:", line)
    print(f"{'all':16s} {sum(merged.values()):4d} / {sum(total.values()):4d} = "
          f"{sum(merged.values()) / max(sum(total.values()), 1):.3f}")
    print(f"not_same groups merged: {len(wrong)} of {sum(g['verdict'] != 'same' for g in groups)}")
    for line in wrong:
        print("    wrongly merged:", line)


if __name__ == "__main__":
    main()
