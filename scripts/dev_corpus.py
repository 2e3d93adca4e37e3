"""Write the resolution dev corpus as JSON Lines: the non-reserved seed papers, SciREX's abstracts, the sample.

The entity-resolution work is measured on a build of this corpus (duplicate groups, node precision); the 50
reserved seed papers (``../shared/annotation/reserved-titles.txt``) are left out, as they are kept for independent
measurement. The text stays outside the repository: the file is written where you say.

    python scripts/dev_corpus.py --data ../shared --out .cache/dev/corpus.jsonl
    kg build .cache/dev/corpus.jsonl --out .cache/dev/build
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.corpus import read_corpus
from kg.sample import sample_paths
from kg.train import read_scirex


def dev_records(shared: Path) -> list[dict[str, str]]:
    """The records of the dev corpus, seeds first, then SciREX (train and dev), then the sample."""
    reserved = {line.strip().casefold() for line in
                (shared / "annotation" / "reserved-titles.txt").read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = [{"id": p.id, "title": p.title, "abstract": p.abstract}
            for p in read_corpus([shared / "seeds"]).papers if p.title.strip().casefold() not in reserved]
    for split in ("train", "dev"):
        for doc in read_scirex(shared / "data" / "scirex" / f"{split}.jsonl.gz"):
            # SciREX gives the title and the abstract as one text: the abstract field holds both
            rows.append({"id": f"scirex-{doc.id}", "title": f"SciREX {doc.id}", "abstract": doc.text})
    rows += [{"id": p.id, "title": p.title, "abstract": p.abstract} for p in read_corpus(sample_paths()).papers]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared"), help="the shared folder (seeds, data)")
    parser.add_argument("--out", type=Path, default=Path(".cache/dev/corpus.jsonl"))
    args = parser.parse_args()
    rows = dev_records(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} records -> {args.out}")


if __name__ == "__main__":
    main()
