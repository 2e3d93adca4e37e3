"""Write ``kg/resolve/data/pwc_pairs.tsv`` and ``scirex_pairs.tsv``: name / full-name pairs that resolution knows.

Resolution uses them below what the corpus says (see :mod:`kg.resolve.acronyms`): a short form that no paper of the
corpus defines is joined to its known full name when the corpus also holds that full name. Sources: the Papers with
Code methods export (``name`` and ``full_name``) and sota-extractor's task synonyms, under CC BY-SA 4.0; and the
short forms that SciREX's training papers (full texts, Apache-2.0) define, with kg's own abbreviation finder, where
at least two papers give one meaning and no other meaning has a fifth of the definitions.

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
SCIREX_OUT = OUT.with_name("scirex_pairs.tsv")


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


def scirex_pairs(data: Path, *, min_papers: int = 2, min_share: float = 0.8) -> list[tuple[str, str, str]]:
    """(label, short form, long form) of the short forms that SciREX's training papers define in their full texts:
    the long forms that say the same are one meaning (:func:`kg.resolve.acronyms.one_meaning`); a short form is kept
    when ``min_papers`` papers or more give its main meaning and that meaning has ``min_share`` of its definitions.
    The label is left open ("ANY")."""
    from collections import Counter, defaultdict

    from kg.nlp.abbreviations import find_abbreviations
    from kg.resolve.acronyms import looks_short, one_meaning

    papers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    written: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    with gzip.open(data / "scirex" / "train.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            words = doc["words"]
            for start, end in doc["sentences"]:
                text = " ".join(words[start:end]).replace("( ", "(").replace(" )", ")").replace(" - ", "-")
                for found in find_abbreviations(text):
                    short = text[found.short_start:found.short_end]
                    long = text[found.long_start:found.long_end]
                    short_key, long_key = normalise_key(short), normalise_key(long)
                    if looks_short(short) and len(long_key.split()) >= 2 and short_key != long_key:
                        papers[short_key][long_key].add(doc["doc_id"])
                        counts[short_key][long_key] += 1
                        written[short_key, long_key][short, long] += 1
    rows = []
    for short_key, longs in papers.items():
        root = one_meaning({long: frozenset(ids) for long, ids in longs.items()})
        merged: Counter[str] = Counter()
        ids: dict[str, set[str]] = defaultdict(set)
        for long, n in counts[short_key].items():
            merged[root.get(long, long)] += n
            ids[root.get(long, long)] |= longs[long]
        (main, n), = merged.most_common(1)
        if len(ids[main]) >= min_papers and n >= min_share * sum(merged.values()):
            (short, long), _ = written[short_key, main].most_common(1)[0]
            rows.append(("ANY", short, long))
    return rows


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
    mined = sorted(set(scirex_pairs(args.data)))
    lines = ["# Short forms that SciREX training papers define (Apache-2.0 texts); made by scripts/build_pairs.py",
             "label\tname\tfull_name", *("\t".join(r) for r in mined)]
    SCIREX_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(mined)} pairs -> {SCIREX_OUT}")


if __name__ == "__main__":
    main()
