"""Build kg's gazetteer pattern files from the Papers-with-Code name lists in ../shared/data/pwc-taxonomy.

The raw lists are noisy (spam entries, generic words, split names), so every name passes filters before it
becomes a span_ruler pattern:

* shape: 2-60 characters, at most 6 words, starts with a letter or digit, no spam characters;
* frequency: a single word that scientific prose writes in lower case (counted in SciREX full texts) is a
  common word ("Attention", "Hybrid"), not a name, and is dropped;
* label conflicts: a name in several lists gets one label (see ``_LABEL_ORDER``); names that are only metrics
  are dropped.

Names with capitals inside or digits ("BERT", "CIFAR-10") match case-sensitively; multi-word lower-case or
title-case names ("Image Classification") match case-insensitively.

Usage: python scripts/build_gazetteer.py [--data ../shared/data] [--out kg/nlp/patterns]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

_LISTS = {
    "methods.tsv": "METHOD",
    "leaderboard_models.tsv": "METHOD",
    "datasets.tsv": "DATASET",
    "dataset_benchmarks.tsv": "DATASET",
    "tasks.tsv": "TASK",
}
# Which label a name takes when it is in several lists: case-sensitive names are most often datasets or models
# (PwC also files benchmark names such as "MMLU" as tasks); lower-case phrases most often tasks.
_LABEL_ORDER = {"cased": ("DATASET", "METHOD", "TASK"), "lower": ("TASK", "METHOD", "DATASET")}
_BAD_CHARS = re.compile(r"[?#@!*|<>{}\[\]=;:$%\"“”]|\.\.|https?|www\.")
_SPLIT_WORDS = {"test", "val", "dev", "validation", "train", "split", "subset", "test-dev", "(test)"}
_YEAR = re.compile(r"\((?:19|20)\d\d\)|\b(?:single|ensemble) model\b", re.IGNORECASE)
# Citations that the lists file as names ("Deng et al", "Kochkina et al. 2017"): an author, not a thing.
_CITATION = re.compile(r"\bet\.? al\b", re.IGNORECASE)
# Words that make a listed name generic: PwC lists them as part of names, but alone or as a whole phrase they
# are everyday words of a paper.
_GENERIC = {
    "model", "models", "method", "methods", "network", "networks", "baseline", "baselines", "dataset", "data",
    "benchmark", "task", "tasks", "learning", "training", "inference", "other", "general", "none", "various",
    "deep learning", "machine learning", "neural network", "neural networks", "artificial intelligence",
    "computer vision", "natural language processing", "inductive bias", "experimental results",
    "state-of-the-art", "real-world datasets", "out-of-distribution", "generalization bounds",
}
# Acronyms of ML prose that the lists file as names but that abstracts use as plain words.
_NOT_NAMES = {
    "OOD", "ID", "IID", "SOTA", "NLP", "CV", "AI", "ML", "DL", "RL", "API", "GPU", "GPUs", "CPU", "TPU", "FPS",
    "MSE", "SGD", "LLM", "LLMs", "IR", "QA", "ASR", "TTS", "NER", "OCR", "VQA", "SR", "DG", "DA", "SSL", "KD",
}


def _word_counts(scirex: Path) -> tuple[Counter[str], Counter[str]]:
    """Counts of each word in SciREX full texts: all occurrences (lower-cased) and lower-case-written ones."""
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for name in ("train.jsonl.gz", "dev.jsonl.gz"):
        with gzip.open(scirex / name, "rt", encoding="utf-8") as fh:
            for raw in fh:
                for word in json.loads(raw)["words"]:
                    folded = word.lower()
                    total[folded] += 1
                    if word == folded:
                        lower[folded] += 1
    return total, lower


def _has_name_shape(name: str) -> bool:
    """A digit, or a capital after the first letter of a word: "BERT", "ResNet", "CIFAR-10"."""
    return any(ch.isdigit() for ch in name) or any(
        any(ch.isupper() for ch in word[1:]) for word in re.split(r"[\s\-/]+", name))


def _is_cased(name: str) -> bool:
    """A name to match case-sensitively: name-shaped, or one word (so "Silhouettes" is not "silhouettes")."""
    return len(name.split()) == 1 or _has_name_shape(name)


def _keep(name: str, lower_counts: Counter[str], min_lower: int) -> bool:
    words = name.split()
    if not 2 <= len(name) <= 60 or len(words) > 6 or not name[0].isalnum() or _BAD_CHARS.search(name):
        return False
    if _YEAR.search(name) or _CITATION.search(name) or any(w.lower() in _SPLIT_WORDS for w in words):
        return False
    folded = name.lower()
    if name in _NOT_NAMES:
        return False
    if name.isupper() and (len(name) <= 2 or lower_counts[folded] >= min_lower):
        return False  # "AR", "INSTANCE": too ambiguous to be a name everywhere
    if folded in _GENERIC or not re.search(r"[A-Za-z]{2}", name):
        return False
    if len(words) == 1 and not _has_name_shape(name):
        # A single ordinary word: a name only if prose rarely writes it in lower case.
        return lower_counts[folded] < min_lower and len(name) >= 4
    if len(words) > 1 and not _has_name_shape(name):
        # A lower-case phrase: the whole phrase must not be a generic word.
        return folded not in _GENERIC
    return True


def build(data: Path, min_lower: int) -> list[dict[str, object]]:
    gaz = data / "pwc-taxonomy" / "gazetteer"
    _total, lower = _word_counts(data / "scirex")
    labels: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for filename, label in _LISTS.items():
        with open(gaz / filename, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                name = " ".join((row["name"] or "").split())
                if not _keep(name, lower, min_lower):
                    continue
                key = name if _is_cased(name) else name.lower()
                labels.setdefault(key, set()).add(label)
                display.setdefault(key, name)
    patterns: list[dict[str, object]] = []
    for key in sorted(labels):
        # Lower-case matching only for task and method phrases: multi-word dataset names are written as names.
        kind = "cased" if _is_cased(display[key]) else "lower"
        label = next(lab for lab in _LABEL_ORDER[kind] if lab in labels[key])
        pattern = key
        if kind == "lower" and labels[key] == {"DATASET"}:
            kind, pattern = "cased", display[key]
        patterns.append({"label": label, "pattern": pattern, "id": f"gazetteer:{label.lower()}", "case": kind})
    return patterns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("kg/nlp/patterns"))
    parser.add_argument("--min-lower", type=int, default=20,
                        help="drop a single-word name written in lower case this often in SciREX")
    args = parser.parse_args()
    patterns = build(args.data, args.min_lower)
    for kind in ("cased", "lower"):
        rows = [{k: v for k, v in p.items() if k != "case"} for p in patterns if p["case"] == kind]
        path = args.out / f"gazetteer_{kind}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts = Counter(str(r["label"]) for r in rows)
        print(f"{path}: {len(rows)} patterns {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
