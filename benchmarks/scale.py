"""Scale benchmark of ``kg build``: time per stage, peak memory and throughput as the corpus grows.

For each corpus size N and each model, a synthetic corpus of N abstracts (:mod:`corpus`: real sentences recombined)
is generated or reused, and :func:`kg.build.run_build` runs on it in a fresh subprocess, so that peak memory is that
build's own. Recorded per build: seconds per stage (whatever stages the build's ``manifest.json`` lists), their sum,
the subprocess's wall time (interpreter start and imports included), peak RSS (the build process, its extraction
workers, and the sum over the process tree sampled with psutil when available), words (``counts.words``) and
extraction words/s per worker. Then 1% more new papers are added and the same folder is rebuilt with
``cache=True``: its time and what the manifest says was reused and extracted. Between consecutive N the ratio
(time ratio / N ratio) per stage says how each stage scales (about 1.0: linear); the stage that takes the most time
at the largest N is named.

Usage::

    python benchmarks/scale.py 1000 10000 [--model rules --model PATH] [--workers 2]
        [--json benchmarks/results/scale.json] [--fraction 0.01] [--profile]
        [--dask local:2] [--rules-above N] [--graph-stage 1000000]

With ``--dask local:2`` each N is built three times: with ``--workers``, on a local Dask cluster of 2 workers and on
one of 1 worker; the report compares their wall times and gives the client's and the workers' peak memory.

Corpora and build folders go under ``.cache/bench/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import itertools
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is a folder of scripts, not a package
from bench_corpus import CACHE, SHARED, SourcePool, generate, grow, load_pool

STAGE_ORDER = ("read", "cache", "load_model", "extract", "resolve", "graph", "write", "html")
RESULT_MARK = "KG-BENCH-RESULT "
BUILD_MARK = ".kg-bench-build"
DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "scale.json"


def default_models() -> list[str]:
    """``rules`` and the default model of ``kg build`` (and of its settings) where that differs."""
    from kg.cli import build
    from kg.records import BuildSettings

    models = ["rules"]
    param = inspect.signature(build).parameters.get("model")
    for default in (param.default if param is not None else None, BuildSettings().model):
        if isinstance(default, str) and default not in models:
            models.append(default)
    return models


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(model).name or model)


def _kb_to_mb(kb: int) -> float:
    return round(kb / 1024, 1)  # ru_maxrss is in KiB on Linux


class _TreeSampler:
    """Samples the summed RSS of a process and all its descendants in a thread (needs psutil), and every
    ``pss_every`` samples their summed PSS (Linux ``smaps_rollup``: each shared page divided among its sharers, so
    forked writers are not counted twice; slower to read, so sampled less often)."""

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 10) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self._interval = interval
        self._pss_every = pss_every
        self._stop = threading.Event()
        self.peak = 0
        self.peak_pss: int | None = None
        self.peak_by_pid: dict[int, int] = {}  # each process's own peak RSS
        self.spawned: set[int] = set()  # processes started by spawning (Dask's workers), not forked
        self.peak_spawned = 0  # the largest sum of the spawned processes' RSS
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        tick = 0
        while not self._stop.is_set():
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            total = spawned = 0
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                    if proc.pid not in self.peak_by_pid and "spawn_main" in " ".join(proc.cmdline()):
                        self.spawned.add(proc.pid)
                except psutil.Error:
                    continue
                total += rss
                spawned += rss if proc.pid in self.spawned else 0
                self.peak_by_pid[proc.pid] = max(self.peak_by_pid.get(proc.pid, 0), rss)
            self.peak = max(self.peak, total)
            self.peak_spawned = max(self.peak_spawned, spawned)
            if tick % self._pss_every == 0:
                shares = [_pss(proc.pid) for proc in procs]
                known = [x for x in shares if x is not None]
                if known:
                    self.peak_pss = max(self.peak_pss or 0, sum(known))
            tick += 1
            self._stop.wait(self._interval)

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def _pss(pid: int) -> int | None:
    """Proportional set size of a process in bytes (Linux ``/proc/PID/smaps_rollup``), or None."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _own_rss() -> int:
    """Resident bytes of this process now (Linux ``/proc/self/statm``; 0 elsewhere)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def stage_peaks(samples: Sequence[tuple[float, int]], seconds: dict[str, float]) -> dict[str, float]:
    """Peak RSS (MB) per stage, laying the stages end to end in the manifest's order from time 0.

    Approximate: the short gaps between timed stages fall into the following stage's window; anything after the
    last window counts towards the last stage.

    Examples
    --------
    >>> stage_peaks([(0.1, 2**20), (0.5, 3 * 2**20), (1.2, 2**21)], {"read": 0.4, "extract": 0.6, "write": 0.1})
    {'read': 1.0, 'extract': 3.0, 'write': 2.0}
    """
    peaks: dict[str, float] = {}
    bounds: list[tuple[str, float]] = []
    end = 0.0
    for stage, secs in seconds.items():
        end += secs
        bounds.append((stage, end))
    if not bounds:
        return peaks
    for at, rss in samples:
        stage = next((name for name, stop in bounds if at <= stop), bounds[-1][0])
        peaks[stage] = max(peaks.get(stage, 0.0), round(rss / 2**20, 1))
    return {stage: peaks[stage] for stage, _ in bounds if stage in peaks}


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one build in this (child) process and report its own timings and memory (peak, and per stage)."""
    t = time.perf_counter()
    from kg.build import run_build
    from kg.records import BuildSettings

    import_s = time.perf_counter() - t
    profiler = cProfile.Profile() if spec.get("profile") else None
    samples: list[tuple[float, int]] = []
    stop = threading.Event()
    t = time.perf_counter()

    def sample() -> None:
        while not stop.is_set():
            samples.append((time.perf_counter() - t, _own_rss()))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if profiler is not None:
        profiler.enable()
    run_build(spec["inputs"], spec["out"], BuildSettings(**spec["kwargs"]))
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(spec["profile"])
    wall = time.perf_counter() - t
    stop.set()
    sampler.join()
    manifest = json.loads((Path(spec["out"]) / "manifest.json").read_text(encoding="utf-8"))
    return {
        "run_build_s": round(wall, 3),
        "import_s": round(import_s, 3),
        "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "rss_by_stage_mb": stage_peaks(samples, manifest.get("seconds", {})),
    }


def measure_build(inputs: Sequence[str | Path], out: Path, kwargs: dict[str, Any], *,
                  profile: Path | None = None) -> dict[str, Any]:
    """Run ``run_build(inputs, out, **kwargs)`` in a subprocess and measure it.

    Returns
    -------
    dict
        ``seconds`` (per stage, from the manifest), ``stages_s`` (their sum), ``run_build_s`` (the call, timed in
        the child), ``wall_s`` (the subprocess), ``import_s``, ``peak_rss_mb`` (the build process),
        ``peak_rss_workers_mb`` (largest extraction worker), ``peak_rss_tree_mb`` (summed RSS of the process tree,
        sampled every 0.1 s; None without psutil; counts pages shared by forked workers more than once),
        ``peak_pss_tree_mb`` (summed PSS of the tree, sampled every second; shared pages divided among sharers;
        None where ``/proc/PID/smaps_rollup`` cannot be read),
        ``rss_by_stage_mb`` (the build process's peak RSS in each stage's window, sampled every 0.05 s),
        ``peak_rss_dask_worker_mb`` and ``peak_rss_dask_workers_mb`` (with ``--dask local:N``: the largest Dask
        worker's peak RSS, and the largest sum over the workers, sampled; None without psutil or Dask workers),
        ``words``, ``papers`` and the manifest's ``counts``.

    Raises
    ------
    RuntimeError
        The build failed; the message ends with its stderr.
    """
    spec = {"inputs": [str(p) for p in inputs], "out": str(out), "kwargs": kwargs,
            "profile": str(profile) if profile else None}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sampler: _TreeSampler | None = _TreeSampler(proc.pid)
    except Exception:  # no psutil, or the child already gone: the getrusage maxima still stand
        sampler = None
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    tree_peak = sampler.stop() if sampler is not None else None
    tree_pss = sampler.peak_pss if sampler is not None else None
    dask_workers = [v for k, v in sampler.peak_by_pid.items() if k in sampler.spawned] if sampler is not None else []
    lines = [ln for ln in stdout.splitlines() if ln.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"build of {out} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    child = json.loads(lines[-1][len(RESULT_MARK):])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    seconds = {k: float(v) for k, v in manifest.get("seconds", {}).items()}
    counts = manifest.get("counts", {})
    return {
        "seconds": seconds,
        "stages_s": round(sum(seconds.values()), 3),
        "run_build_s": child["run_build_s"],
        "wall_s": round(wall, 3),
        "import_s": child["import_s"],
        "peak_rss_mb": _kb_to_mb(child["maxrss_self_kb"]),
        "peak_rss_workers_mb": _kb_to_mb(child["maxrss_children_kb"]),
        "peak_rss_tree_mb": round(tree_peak / 2**20, 1) if tree_peak else None,
        "peak_pss_tree_mb": round(tree_pss / 2**20, 1) if tree_pss else None,
        "rss_by_stage_mb": child["rss_by_stage_mb"],
        "peak_rss_dask_worker_mb": round(max(dask_workers) / 2**20, 1) if dask_workers else None,
        "peak_rss_dask_workers_mb": round(sampler.peak_spawned / 2**20, 1) if dask_workers and sampler else None,
        "words": int(counts.get("words", 0)),
        "papers": int(counts.get("papers", 0)),
        "counts": counts,
        "profile": spec["profile"],
    }


def _extract_seconds(seconds: dict[str, float]) -> float:
    return sum(v for k, v in seconds.items() if k.startswith("extract"))


def _reset_build_folder(folder: Path) -> None:
    """Empty a build folder this benchmark made before, so the fresh build starts without a cache. The mark is a
    file beside the folder: a build replaces the folder itself when it commits."""
    mark = folder.with_name(folder.name + BUILD_MARK)
    if folder.exists():
        if not mark.is_file() and any(folder.iterdir()):
            raise RuntimeError(f"{folder} exists and was not made by this benchmark; remove it or pick --build-root")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    mark.write_text("made by benchmarks/scale.py; the folder beside it is deleted and rebuilt on each run\n")


def bench_one(n: int, model: str, *, workers: int = 2, seed: int = 0, fraction: float = 0.01,
              corpus_root: Path = CACHE, build_root: Path = CACHE, shared: Path = SHARED,
              pool: SourcePool | None = None, incremental: bool = True, profile: bool = False,
              html: bool = True, dask: str | None = None) -> dict[str, Any]:
    """Generate (or reuse) the corpus of ``n`` papers, build it fresh, then rebuild it with ``fraction`` more papers.

    With ``dask`` (``local:N`` or a scheduler address) extraction and pair counting run on that Dask cluster.

    Returns
    -------
    dict
        ``n``, ``model``, ``workers``, ``corpus`` (folder, files, papers, reused), ``build`` (see
        :func:`measure_build`, plus ``words_per_s_per_worker``), ``incremental`` (the rebuild, plus ``added``,
        ``reused``, ``extracted`` and ``speedup``; None when skipped) and ``note``.
    """
    suffix = "" if seed == 0 else f"-s{seed}"
    made = generate(n, corpus_root / f"corpus-{n}{suffix}", seed=seed, pool=pool, shared=shared)
    out = build_root / f"build-{n}{suffix}-{_slug(model)}{'-dask-' + _slug(dask) if dask else ''}"
    _reset_build_folder(out)
    kwargs: dict[str, Any] = {"model": model, "workers": workers, "html": html, "cache": True, "dask": dask}
    fresh = measure_build([made.folder], out, kwargs,
                          profile=build_root / f"{out.name}.fresh.pstats" if profile else None)
    extract_s = _extract_seconds(fresh["seconds"])
    processes = _dask_workers(dask) or workers
    fresh["words_per_s_per_worker"] = round(fresh["words"] / extract_s / processes) if extract_s > 0 else None
    run: dict[str, Any] = {
        "n": n, "model": model, "workers": workers, "dask": dask, "variant": f"dask {dask}" if dask else f"workers {workers}",
        "corpus": {"folder": str(made.folder), "files": len(made.files), "papers": made.papers,
                   "reused": made.reused},
        "build": fresh, "incremental": None, "note": None,
    }
    if not incremental:
        run["note"] = "incremental rebuild not requested"
    else:
        extra = grow(made.folder, fraction, pool=pool, shared=shared)
        again = measure_build([made.folder, extra], out, kwargs,
                              profile=build_root / f"{out.name}.incremental.pstats" if profile else None)
        counts = again["counts"]
        again["added"] = again["papers"] - fresh["papers"]
        again["reused"] = next((v for k, v in counts.items() if "reuse" in k), None)
        again["extracted"] = counts.get("extracted")
        again["speedup"] = round(fresh["stages_s"] / again["stages_s"], 2) if again["stages_s"] > 0 else None
        run["incremental"] = again
    return run


def scaling(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per model, between consecutive N: per stage (time ratio) / (N ratio); about 1.0 means linear.

    Also the exponent ``log(time ratio) / log(N ratio)`` of the stages' total (1: linear, 2: quadratic) and the
    same ratio for peak RSS. A stage under 10 ms at the smaller N gets None (too small to time).

    Examples
    --------
    >>> runs = [{"n": 10, "model": "m", "build": {"seconds": {"a": 1.0}, "stages_s": 1.0, "peak_rss_mb": 100}},
    ...         {"n": 100, "model": "m", "build": {"seconds": {"a": 20.0}, "stages_s": 20.0, "peak_rss_mb": 200}}]
    >>> row = scaling(runs)[0]
    >>> row["stages"], row["total"], row["total_exponent"]
    ({'a': 2.0}, 2.0, 1.301)
    """
    rows = []
    for model, variant in dict.fromkeys(_group(r) for r in runs):
        mine = sorted((r for r in runs if _group(r) == (model, variant)), key=lambda r: r["n"])
        for a, b in itertools.pairwise(mine):
            n_ratio = b["n"] / a["n"]
            if n_ratio <= 1:
                continue
            stages = {}
            for stage in _stages([a, b]):
                t1, t2 = a["build"]["seconds"].get(stage), b["build"]["seconds"].get(stage)
                stages[stage] = round(t2 / t1 / n_ratio, 2) if t1 and t2 is not None and t1 >= 0.01 else None
            t1, t2 = a["build"]["stages_s"], b["build"]["stages_s"]
            m1, m2 = a["build"]["peak_rss_mb"], b["build"]["peak_rss_mb"]
            rows.append({
                "model": model, "variant": variant, "from_n": a["n"], "to_n": b["n"], "n_ratio": round(n_ratio, 3),
                "stages": stages,
                "total": round(t2 / t1 / n_ratio, 2) if t1 > 0 else None,
                "total_exponent": round(math.log(t2 / t1) / math.log(n_ratio), 3) if t1 > 0 and t2 > 0 else None,
                "peak_rss": round(m2 / m1 / n_ratio, 2) if m1 else None,
            })
    return rows


def dominant(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per model, the stage that takes the most time at the largest N, with its seconds and share of the total."""
    rows = []
    for model, variant in dict.fromkeys(_group(r) for r in runs):
        top = max((r for r in runs if _group(r) == (model, variant)), key=lambda r: r["n"])
        seconds = top["build"]["seconds"]
        if not seconds:
            continue
        stage = max(seconds, key=lambda s: seconds[s])
        total = top["build"]["stages_s"]
        rows.append({"model": model, "variant": variant, "n": top["n"], "stage": stage, "seconds": seconds[stage],
                     "share": round(seconds[stage] / total, 3) if total else None})
    return rows


def _group(run: dict[str, Any]) -> tuple[str, str]:
    return run["model"], run.get("variant") or f"workers {run.get('workers', 1)}"


def _dask_workers(dask: str | None) -> int | None:
    """N of ``local:N`` (None otherwise).

    >>> _dask_workers("local:2"), _dask_workers("tcp://h:8786"), _dask_workers(None)
    (2, None, None)
    """
    if dask and dask.startswith("local:") and dask[6:].isdigit():
        return int(dask[6:])
    return None


def variants(workers: int, dask: str | None) -> list[str | None]:
    """The builds of each N: ``--workers`` alone; with ``dask``, also on that cluster, and on one Dask worker when
    ``dask`` is ``local:N`` with N > 1 (the scaling from 1 to N workers).

    >>> variants(2, "local:2"), variants(2, None)
    ([None, 'local:2', 'local:1'], [None])
    """
    found: list[str | None] = [None]
    if dask:
        found.append(dask)
        if (_dask_workers(dask) or 1) > 1:
            found.append("local:1")
    return found


def dask_ratios(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per N and model: the Dask cluster's wall time against ``--workers`` (``vs_workers``: 1.10 is 10% slower), the
    speed-up from one Dask worker to N (the extract stage and the wall time), and the memory of the client and the
    workers.

    >>> b = {"wall_s": 10.0, "seconds": {"extract": 8.0}, "peak_rss_mb": 500, "peak_rss_dask_worker_mb": 300,
    ...      "peak_rss_dask_workers_mb": 600}
    >>> runs = [{"n": 5, "model": "m", "dask": None, "build": {**b, "wall_s": 9.0}},
    ...         {"n": 5, "model": "m", "dask": "local:2", "build": b},
    ...         {"n": 5, "model": "m", "dask": "local:1", "build": {**b, "wall_s": 18.0, "seconds": {"extract": 16.0}}}]
    >>> row = dask_ratios(runs)[0]
    >>> row["vs_workers"], row["speedup_extract"], row["speedup_wall"]
    (1.111, 2.0, 1.8)
    """
    rows = []
    for n, model in dict.fromkeys((r["n"], r["model"]) for r in runs):
        mine = {r.get("dask"): r["build"] for r in runs if (r["n"], r["model"]) == (n, model)}
        cluster = next((d for d in mine if d and d != "local:1"), None)
        if cluster is None:
            continue
        many, one, local = mine[cluster], mine.get("local:1"), mine.get(None)
        rows.append({
            "n": n, "model": model, "dask": cluster,
            "vs_workers": round(many["wall_s"] / local["wall_s"], 3) if local else None,
            "speedup_extract": _ratio(one, many, "extract") if one else None,
            "speedup_wall": round(one["wall_s"] / many["wall_s"], 3) if one else None,
            "client_mb": many["peak_rss_mb"], "worker_mb": many.get("peak_rss_dask_worker_mb"),
            "workers_mb": many.get("peak_rss_dask_workers_mb"),
        })
    return rows


def _ratio(a: dict[str, Any], b: dict[str, Any], stage: str) -> float | None:
    x, y = _extract_seconds(a["seconds"]) if stage == "extract" else a["seconds"].get(stage), \
        _extract_seconds(b["seconds"]) if stage == "extract" else b["seconds"].get(stage)
    return round(x / y, 3) if x and y else None


def _stages(runs: Sequence[dict[str, Any]]) -> list[str]:
    seen = dict.fromkeys(s for r in runs for s in r["build"]["seconds"])
    return [s for s in STAGE_ORDER if s in seen] + [s for s in seen if s not in STAGE_ORDER]


def run_benchmark(ns: Sequence[int], models: Sequence[str] | None = None, *, workers: int = 2, seed: int = 0,
                  fraction: float = 0.01, corpus_root: Path = CACHE, build_root: Path = CACHE,
                  shared: Path = SHARED, pool: SourcePool | None = None, incremental: bool = True,
                  profile: bool = False, html: bool = True, dask: str | None = None,
                  rules_above: int | None = None, graph_stage: Sequence[int] = (),
                  graph_max_gb: float = 16.0) -> dict[str, Any]:
    """Benchmark every N with every model; the report that ``--json`` writes.

    With ``dask``, each N is also built on that cluster (see :func:`variants`; no incremental rebuild there);
    above ``rules_above`` only ``rules`` builds; ``graph_stage`` runs ``graph_stage.py`` on each of those numbers
    of synthetic abstracts, in a process of its own, up to the first that does not fit in its memory cap.

    Returns
    -------
    dict
        ``benchmark``, ``created``, ``machine``, ``settings``, ``runs`` (see :func:`bench_one`), ``scaling``
        (see :func:`scaling`), ``dominant`` (see :func:`dominant`) and ``notes``.
    """
    import spacy

    import kg

    models = list(models) if models else default_models()
    pool = pool if pool is not None else load_pool(shared)  # once, for every corpus and every grown file
    runs = [bench_one(n, model, workers=workers, seed=seed, fraction=fraction, corpus_root=corpus_root,
                      build_root=build_root, shared=shared, pool=pool, incremental=incremental and not cluster,
                      profile=profile, html=html, dask=cluster)
            for model in models for n in sorted(set(ns)) if model == "rules" or rules_above is None or n <= rules_above
            for cluster in variants(workers, dask)]
    notes = sorted({r["note"] for r in runs if r["note"]})
    notes.append("peak_rss_tree_mb sums RSS over the build process and its workers (shared pages counted more than "
                 "once); peak_pss_tree_mb sums PSS (shared pages divided among the processes sharing them, "
                 "sampled every second); peak_rss_mb and peak_rss_workers_mb are getrusage maxima.")
    return {
        "benchmark": "scale",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "kg_version": kg.__version__, "spacy_version": spacy.__version__},
        "settings": {"ns": sorted(set(ns)), "models": models, "workers": workers, "seed": seed,
                     "fraction": fraction, "html": html, "dask": dask, "rules_above": rules_above},
        "runs": runs,
        "scaling": scaling(runs),
        "dominant": dominant(runs),
        "dask": dask_ratios(runs),
        "graph_stage": _graph_stages(graph_stage or [], build_root, graph_max_gb),
        "notes": notes,
    }


def _graph_stages(ns: Sequence[int], build_root: Path, max_gb: float = 16.0) -> list[dict[str, Any]]:
    done: list[dict[str, Any]] = []
    for n in sorted(ns):
        done.append(_graph_stage(n, build_root, max_gb))
        if "failed" in done[-1]:
            break
    return done


def _graph_stage(n: int, build_root: Path, max_gb: float = 16.0) -> dict[str, Any]:
    """``graph_stage.py n`` in a process of its own (so that its peak memory is its own), its JSON result; a run
    that dies (the OOM killer, say) is reported as failed, with the end of its stderr."""
    out = build_root / f"graph-stage-{n}.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "graph_stage.py"), str(n),
                           "--json", str(out), "--max-gb", str(max_gb)], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        return {"n": n, "failed": f"exit {done.returncode}: {done.stderr[-500:]}", "peak_rss_mb": None,
                "mentions": 0, "entities": 0, "pairs": 0, "edges": 0, "min_papers": 1}
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_report(report: dict[str, Any]) -> str:
    """The report as plain-text tables: one row per N x model, then the scaling ratios and the dominant stage."""
    runs = report["runs"]
    stages = _stages(runs)
    head = ["N", "model", "run", *stages, "stages", "wall", "RSS MB", "tree MB", "PSS MB", "words", "w/s/wkr", "+new",
            "incr s", "reused/extr"]
    rows = [head]
    for r in runs:
        b, inc = r["build"], r["incremental"]
        rows.append([str(r["n"]), _slug(r["model"]), _group(r)[1], *(_fmt(b["seconds"].get(s)) for s in stages),
                     _fmt(b["stages_s"]), _fmt(b["wall_s"]), _fmt(b["peak_rss_mb"], 0),
                     _fmt(b["peak_rss_tree_mb"], 0), _fmt(b.get("peak_pss_tree_mb"), 0), str(b["words"]),
                     "-" if b["words_per_s_per_worker"] is None else str(b["words_per_s_per_worker"]),
                     str(inc["added"]) if inc else "-", _fmt(inc["stages_s"]) if inc else "-",
                     f"{inc['reused']}/{inc['extracted']}" if inc else "-"])
    lines = [_table(rows), ""]
    if report["scaling"]:
        rows = [["N -> N", "model", "run", *stages, "stages", "exponent", "RSS"]]
        for s in report["scaling"]:
            rows.append([f"{s['from_n']} -> {s['to_n']}", _slug(s["model"]), s.get("variant", ""),
                         *(_fmt(s["stages"].get(st)) for st in stages), _fmt(s["total"]),
                         _fmt(s["total_exponent"]), _fmt(s["peak_rss"])])
        lines += ["Scaling: (time ratio) / (N ratio) per stage; 1.00 = linear, < 1 sublinear.", _table(rows), ""]
    if report.get("dask"):
        rows = [["N", "model", "cluster", "wall / --workers", "1->N extract", "1->N wall", "client MB", "worker MB",
                 "workers MB"]]
        for d in report["dask"]:
            rows.append([str(d["n"]), _slug(d["model"]), d["dask"], _fmt(d["vs_workers"], 3),
                         _fmt(d["speedup_extract"]), _fmt(d["speedup_wall"]), _fmt(d["client_mb"], 0),
                         _fmt(d["worker_mb"], 0), _fmt(d["workers_mb"], 0)])
        lines += ["Dask: wall time against --workers (1.15 = 15% slower), speed-up from 1 Dask worker to N, peak RSS "
                  "of the client (the build process) and of the workers (largest one; largest sum).", _table(rows), ""]
    if report.get("graph_stage"):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from graph_stage import format_result

        lines += [format_result(r) for r in report["graph_stage"]] + [""]
    for d in report["dominant"]:
        lines.append(f"Dominant stage at N={d['n']} ({_slug(d['model'])}, {d.get('variant', '')}): {d['stage']}, "
                     f"{d['seconds']:.2f} s "
                     f"= {100 * (d['share'] or 0):.0f}% of the stages' total.")
    for r in runs:
        inc = r["incremental"]
        if inc:
            lines.append(f"Incremental N={r['n']} ({_slug(r['model'])}): +{inc['added']} papers, reused "
                         f"{inc['reused']}, extracted {inc['extracted']}, {inc['stages_s']:.2f} s vs "
                         f"{r['build']['stages_s']:.2f} s fresh (x{_fmt(inc['speedup'])}); stages: "
                         + ", ".join(f"{k} {v:.2f}" for k, v in inc["seconds"].items()))
    lines += [f"Note: {n}" for n in report["notes"]]
    return "\n".join(lines)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i > 1 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the benchmark, print the tables, write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ns", type=int, nargs="*", metavar="N", help="corpus sizes, e.g. 1000 10000 100000")
    parser.add_argument("--model", action="append", default=None,
                        help="'rules' or the path of a saved pipeline; repeat (default: rules and kg build's default)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (run_build workers=)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="report file to write")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--fraction", type=float, default=0.01, help="new papers added for the incremental rebuild")
    parser.add_argument("--no-incremental", action="store_true", help="skip the incremental rebuild")
    parser.add_argument("--no-html", action="store_true", help="build without graph.html")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile each build (in its process; use --workers 1 to see extraction) into "
                             "BUILD_ROOT/build-N-MODEL.{fresh,incremental}.pstats")
    parser.add_argument("--corpus-root", type=Path, default=CACHE, help="where corpora are generated")
    parser.add_argument("--build-root", type=Path, default=CACHE, help="where build folders go")
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder with seeds/ and data/scirex/")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="also build each N on this Dask cluster (local:N: and on local:1), e.g. local:2")
    parser.add_argument("--rules-above", type=int, metavar="N",
                        help="build sizes above N with the rules alone (where the default model takes too long)")
    parser.add_argument("--graph-stage", type=int, metavar="N", action="append",
                        help="also time the graph stage on N synthetic abstracts (benchmarks/graph_stage.py); repeat")
    parser.add_argument("--graph-max-gb", type=float, default=16.0, metavar="GB",
                        help="memory allowed to the graph stage's process (its target: 16 GB)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(RESULT_MARK + json.dumps(_child(json.loads(args.child))))
        return 0
    if not args.ns or min(args.ns) < 1 or args.workers < 1 or not 0 < args.fraction <= 1:
        parser.error("give at least one N >= 1, --workers >= 1 and 0 < --fraction <= 1")
    report = run_benchmark(args.ns, args.model, workers=args.workers, seed=args.seed, fraction=args.fraction,
                           corpus_root=args.corpus_root, build_root=args.build_root, shared=args.shared,
                           incremental=not args.no_incremental, profile=args.profile, html=not args.no_html,
                           dask=args.dask, rules_above=args.rules_above, graph_stage=args.graph_stage or (),
                           graph_max_gb=args.graph_max_gb)
    print(format_report(report))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
