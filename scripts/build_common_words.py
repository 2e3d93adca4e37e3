"""Write ``kg/resolve/data/common_words.txt``: words that machine-learning papers write in lower case.

The junk filter (:mod:`kg.resolve.quality`) uses the list to tell a common word that the model took for a name
("Careful", "Grammar", "News" at the start of a sentence or in a title) from a name. A word is listed when the
SciREX train papers (Apache-2.0; full texts, ../shared/data/scirex) write it at least ``--min`` times, in lower
case at least ``--share`` of the times it is not the first word of a sentence.

    python scripts/build_common_words.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "resolve" / "data" / "common_words.txt"


def counts(path: Path) -> tuple[Counter[str], Counter[str]]:
    """(lower-case uses, all uses not first in a sentence) of each alphabetic word of three letters or more."""
    lower: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            words = doc["words"]
            firsts = {start for start, _ in doc["sentences"]}
            for i, word in enumerate(words):
                if i in firsts or len(word) < 3 or not word.isalpha() or not word.isascii():
                    continue
                seen[word.lower()] += 1
                lower[word.lower()] += word.islower()
    return lower, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min", type=int, default=10)
    parser.add_argument("--share", type=float, default=0.75)
    args = parser.parse_args()
    lower, seen = counts(args.data / "scirex" / "train.jsonl.gz")
    words = sorted(w for w, n in seen.items() if n >= args.min and lower[w] >= args.share * n)
    header = ("# Words that SciREX train papers (Apache-2.0) write in lower case; made by "
              "scripts/build_common_words.py")
    args.out.write_text("\n".join([header, *words]) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")


if __name__ == "__main__":
    main()
