"""What the build folder's transaction costs: the lock, the manifest's hashes, the swap, and the disk during it.

For each corpus, a build into a fresh folder and then a rebuild over it (the everyday case: the cache answers the
extraction, the previous build is swapped out). Recorded per build: the build's own time, the time of the three
stages the transaction adds (``lock``: taking the lock, clearing leftovers, moving the cache into the staging
folder; ``manifest``: the SHA-256 and fsync of every file, then the manifest; ``swap``: the exchange, and removing
the old build), their share of the build, and the disk the staging folder takes beside the old build at the moment
of the swap (the extra disk peak; the cache is moved, not copied). Also what a reader pays to check a build against
its manifest (:func:`kg.buildcheck.check_build`), beside the time of :func:`kg.buildio.load_build`.

The corpora: ``../shared/seeds`` with kg build's default model, and a synthetic corpus of 10,000 abstracts
(``benchmarks/bench_corpus.py``) with ``--model rules`` to keep it cheap (the transaction's cost depends on the
files written, not on the model).

Usage::

    python benchmarks/transaction.py [--n 10000] [--json benchmarks/results/transaction.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is a folder of scripts, not a package
from bench_corpus import CACHE, SHARED, generate

from kg.build import run_build
from kg.buildcheck import check_build
from kg.buildio import load_build
from kg.records import BuildSettings

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "transaction.json"
TRANSACTION_STAGES = ("lock", "manifest", "swap")


def disk_bytes(folder: Path) -> int:
    """The disk a folder's files take (allocated blocks), the extraction cache left out."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file() and ".kg-cache" not in p.parts)


def measure(inputs: Sequence[Path], out: Path, settings: BuildSettings) -> dict[str, Any]:
    """Build ``inputs`` into ``out`` and measure the transaction: stage times and the disk beside ``out`` at the
    swap."""
    at_swap: dict[str, int] = {}

    def probe(point: str) -> None:
        if point == "swap":
            staging = next(out.parent.glob(f"{out.name}.kg-staging-*"))
            at_swap["staging_bytes"] = disk_bytes(staging)
            at_swap["old_bytes"] = disk_bytes(out) if out.is_dir() else 0

    start = time.perf_counter()
    result = run_build(inputs, out, settings, checkpoint=probe)
    total = time.perf_counter() - start
    cost = sum(result.seconds.get(stage, 0.0) for stage in TRANSACTION_STAGES)
    return {"papers": result.papers, "extracted": result.extracted, "reused": result.reused,
            "files": len(json.loads((out / "manifest.json").read_text())["contents"]),
            "build_seconds": round(total, 3),
            "stage_seconds": {stage: result.seconds.get(stage, 0.0) for stage in TRANSACTION_STAGES},
            "transaction_seconds": round(cost, 3), "transaction_share": round(cost / total, 4),
            "peak_extra_disk_bytes": at_swap["staging_bytes"], "old_build_bytes": at_swap["old_bytes"]}


def reader_cost(out: Path) -> dict[str, float]:
    """Seconds to check a build against its manifest, and to load it (the load includes the check)."""
    start = time.perf_counter()
    check_build(out)
    checked = time.perf_counter() - start
    start = time.perf_counter()
    load_build(out)
    return {"check_seconds": round(checked, 3), "load_build_seconds": round(time.perf_counter() - start, 3)}


def bench(name: str, inputs: Sequence[Path], settings: BuildSettings, root: Path) -> dict[str, Any]:
    """A fresh build and a rebuild over it, and the reader's check, for one corpus."""
    out = root / f"transaction-{name}"
    shutil.rmtree(out, ignore_errors=True)
    fresh = measure(inputs, out, settings)
    rebuild = measure(inputs, out, settings)
    return {"corpus": name, "model": settings.model, "fresh": fresh, "rebuild": rebuild, "reader": reader_cost(out)}


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def format_report(runs: Sequence[dict[str, Any]]) -> str:
    """One line per build: time, the transaction's stages and share, and the extra disk at the swap."""
    lines = []
    for run in runs:
        for kind in ("fresh", "rebuild"):
            r = run[kind]
            stages = ", ".join(f"{k} {v:.3f} s" for k, v in r["stage_seconds"].items())
            lines.append(f"{run['corpus']:>6} {kind:<7} {r['papers']:>6} papers, {r['files']} files: build "
                         f"{r['build_seconds']:.1f} s; transaction {r['transaction_seconds']:.3f} s "
                         f"({100 * r['transaction_share']:.1f}%: {stages}); extra disk at the swap "
                         f"{_mb(r['peak_extra_disk_bytes'])} beside the old build's {_mb(r['old_build_bytes'])}")
        reader = run["reader"]
        lines.append(f"{run['corpus']:>6} reader  check against the manifest {reader['check_seconds']:.3f} s; "
                     f"load_build (check included) {reader['load_build_seconds']:.3f} s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure on the seeds and on an N-abstract synthetic corpus, print, write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="abstracts of the synthetic corpus (0: seeds only)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="report file to write")
    parser.add_argument("--root", type=Path, default=CACHE, help="where corpora and build folders go")
    args = parser.parse_args(argv)
    runs = [bench("seeds", [SHARED / "seeds"], BuildSettings(), args.root)]
    if args.n:
        corpus = generate(args.n, args.root / f"corpus-{args.n}")
        runs.append(bench(f"{args.n}", list(corpus.files), BuildSettings(model="rules", workers=2), args.root))
    print(format_report(runs))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
