"""Benchmark: extraction speed of kg's pipelines on one core, in words (spaCy tokens) per second.

Two texts: the abstracts of the user's seed pages (``../shared/seeds``) and SciREX full-text sentences
(``../shared/data/scirex``, detokenised, grouped into abstract-sized chunks of about 200 words). Each model runs
``nlp.pipe`` over each text ``--repeats`` times in this one process, with BLAS held to one thread; the best pass
counts (the first one also warms caches). Prints a table and writes JSON.

    python benchmarks/extract_speed.py                         # the shipped model and the rules
    python benchmarks/extract_speed.py --model training/model  # any model kg build --model takes
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_corpus import scirex_documents, seed_documents  # noqa: E402
from spacy.language import Language  # noqa: E402

from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.pipeline import model_path  # noqa: E402

CHUNK_WORDS = 200


def chunks(sentences: Sequence[str], words: int = CHUNK_WORDS) -> list[str]:
    """Consecutive sentences joined into texts of about ``words`` words.

    >>> chunks(["a b c.", "d e.", "f g h i."], words=4)
    ['a b c. d e.', 'f g h i.']
    """
    out: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        current.append(sentence)
        size += len(sentence.split())
        if size >= words:
            out.append(" ".join(current))
            current, size = [], 0
    if current:
        out.append(" ".join(current))
    return out


def texts(shared: Path, scirex_words: int) -> dict[str, list[str]]:
    """The benchmark texts: seed abstracts, and SciREX chunks up to about ``scirex_words`` words."""
    seeds = [" ".join(doc.sentences) for doc in seed_documents(shared / "seeds")]
    scirex: list[str] = []
    total = 0
    for doc in scirex_documents(shared / "data" / "scirex"):
        for chunk in chunks(doc.sentences):
            scirex.append(chunk)
            total += len(chunk.split())
        if total >= scirex_words:
            break
    return {"seeds": seeds, "scirex": scirex}


def measure(nlp: Language, docs: Sequence[str], repeats: int, batch_size: int) -> dict[str, int]:
    best = 0.0
    words = 0
    for _ in range(repeats):
        started = time.perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(docs, batch_size=batch_size))
        best = max(best, words / max(time.perf_counter() - started, 1e-9))
    return {"texts": len(docs), "words": words, "words_per_s": round(best)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", dest="models",
                        help="model to measure, repeatable (default: 'default' and 'rules')")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--scirex-words", type=int, default=100_000, help="SciREX text to run (words)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "extract_speed.json")
    args = parser.parse_args(argv)
    models = args.models or ["default", "rules"]
    corpora = texts(args.shared, args.scirex_words)
    results: dict[str, dict[str, object]] = {}
    for model in models:
        started = time.perf_counter()
        nlp = load_pipeline(model)
        path = model_path(model)
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path else 0
        results[model] = {"load_s": round(time.perf_counter() - started, 2), "size_mb": round(size / 1e6, 1),
                          "components": nlp.pipe_names,
                          **{name: measure(nlp, docs, args.repeats, args.batch_size) for name, docs in corpora.items()}}
        print(f"measured {model}", file=sys.stderr, flush=True)
    print(f"{'model':<16}{'size MB':>8}{'load s':>8}" + "".join(f"{name + ' words/s':>18}" for name in corpora))
    for model, row in results.items():
        speeds = "".join(f"{row[name]['words_per_s']:>18,}" for name in corpora)  # type: ignore[index]
        print(f"{model:<16}{row['size_mb']:>8}{row['load_s']:>8}{speeds}")
    print("texts: " + ", ".join(f"{name} {len(docs)} texts / {results[models[0]][name]['words']:,} words"  # type: ignore[index]
                                for name, docs in corpora.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"benchmark": "extract_speed", "machine": {
        "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
        "threads": 1}, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
