"""Write ``kg/resolve/data/pwc_pairs.tsv``: name / full-name pairs from the Papers with Code lists.

Resolution uses them below what the corpus says (see :mod:`kg.resolve.acronyms`): a short form that no paper of the
corpus defines is joined to its known full name when the corpus also holds that full name. Sources, under CC BY-SA
4.0 (Papers with Code data): the methods export (``name`` and ``full_name``) and sota-extractor's task synonyms.

    python scripts/build_pairs.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from pathlib import Path

from kg.resolve.keys import normalise_key

OUT = Path(__file__).resolve().parents[1] / "kg" / "resolve" / "data" / "pwc_pairs.tsv"


def method_pairs(data: Path) -> list[tuple[str, str, str]]:
    """(label, name, full name) of every PwC method whose full name differs from its name."""
    with gzip.open(data / "pwc-taxonomy" / "methods-2022" / "methods.json.gz", "rt", encoding="utf-8") as fh:
        methods = json.load(fh)
    return [("METHOD", m["name"].strip(), m["full_name"].strip()) for m in methods
            if m.get("name") and m.get("full_name") and normalise_key(m["name"]) != normalise_key(m["full_name"])]


def task_pairs(data: Path) -> list[tuple[str, str, str]]:
    """(label, synonym, task) of sota-extractor's task synonyms."""
    with open(data / "pwc-taxonomy" / "sota-extractor" / "synonyms.csv", encoding="utf-8", newline="") as fh:
        return [("TASK", row["synonym"].strip(), row["task"].strip()) for row in csv.DictReader(fh)
                if normalise_key(row["synonym"]) != normalise_key(row["task"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = sorted(set(method_pairs(args.data) + task_pairs(args.data)))
    lines = ["# Papers with Code name / full-name pairs (CC BY-SA 4.0); made by scripts/build_pairs.py",
             "label\tname\tfull_name", *("\t".join(r) for r in rows)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
