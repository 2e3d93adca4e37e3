"""kg/cluster: builds on a real Dask cluster (a LocalCluster of worker processes) give the files of a local build.

Also: a worker killed mid-extraction (its tasks go to the other worker, the build completes the same), a scheduler
out of reach, workers that run another kg, Dask not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from paths import SEEDS
from typer.testing import CliRunner

import kg
from kg.build import run_build
from kg.errors import ClusterError
from kg.records import BuildSettings

distributed = pytest.importorskip("distributed")

ROOT = Path(kg.__file__).resolve().parents[1]
#: Every file a build writes but manifest.json (times, paths) and the cache; builds compared are made in folders
#: of the same name (graph.html's title names it).
COMPARED = ("papers.jsonl", "mentions.jsonl", "entities.jsonl", "aliases.tsv", "merges.tsv", "graph.graphml",
            "graph.json", "graph.gexf", "vosviewer.json", "thesaurus.txt", "graph.html", "neo4j/papers.csv",
            "neo4j/entities.csv", "neo4j/mentions.csv", "neo4j/co_mentions.csv")

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=_env(),
                          timeout=600, check=False)


def _same_build(a: Path, b: Path) -> None:
    for name in COMPARED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    counts = [json.loads((d / "manifest.json").read_text())["counts"] for d in (a, b)]
    for c in counts:
        del c["extracted"], c["reused_from_cache"]
    assert counts[0] == counts[1]


@pytest.fixture(scope="module")
def rules_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built here with the rules, no cluster."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    out = tmp_path_factory.mktemp("local-rules") / "build"
    run_build([SEEDS], out, BuildSettings(model="rules"))
    return out


@needs_seeds
def test_local_2_builds_the_files_of_a_local_build(rules_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    done = _kg("build", str(SEEDS), "--out", str(out), "--model", "rules", "--dask", "local:2")
    assert done.returncode == 0, done.stderr
    _same_build(rules_build, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["dask"] == "local:2" and "cluster" in manifest["seconds"]
    assert manifest["parameters"]["pipeline"].endswith("kg_entity_resolver")  # the workers' pipeline, reported


@needs_seeds
def test_the_cache_is_respected_on_a_cluster(rules_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    shutil.copytree(rules_build / ".kg-cache", out / ".kg-cache")  # what the local build extracted,
    (cache,) = (out / ".kg-cache").glob("extract-*.jsonl")
    cache.write_text("".join(cache.read_text().splitlines(keepends=True)[:150]))  # but 62 papers
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40) as cluster:
        result = run_build([SEEDS], out, BuildSettings(model="rules", dask=cluster.scheduler_address))
    assert (result.extracted, result.reused) == (62, 150)  # only those went to the workers
    assert len(cache.read_text().splitlines()) == 212  # and came back into the cache
    _same_build(rules_build, out)


class KillAWorker(distributed.SchedulerPlugin):  # type: ignore[misc]
    """Kills (SIGKILL) a worker that is running tasks, as soon as the first extraction batch is done."""

    def __init__(self, scheduler: Any) -> None:
        self.killed: list[tuple[int, int]] = []  # (pid, tasks it was running)
        self.scheduler = scheduler

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if self.killed or finish != "memory" or "extract_batch" not in str(key):
            return
        busy = [w for w in self.scheduler.workers.values() if w.processing and w.pid]
        if busy:
            victim = max(busy, key=lambda w: len(w.processing))
            self.killed.append((victim.pid, len(victim.processing)))
            os.kill(victim.pid, signal.SIGKILL)


@needs_seeds
def test_a_worker_killed_mid_extraction_changes_nothing(rules_build: Path, tmp_path: Path) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as cluster:
        killer = KillAWorker(cluster.scheduler)
        cluster.scheduler.add_plugin(killer)
        pids = {w.pid for w in cluster.scheduler.workers.values()}
        result = run_build([SEEDS], tmp_path / "build", BuildSettings(model="rules", batch_size=4,
                                                                       dask=cluster.scheduler_address))
        after = {w.pid for w in cluster.scheduler.workers.values()}
        with distributed.Client(cluster) as client:  # the worker started again has the model too
            client.wait_for_workers(2, timeout=120)
            loaded = client.run(lambda dask_worker: [n for n, p in dask_worker.plugins.items() if n.startswith("kg-")
                                                     and getattr(p, "nlp", None) is not None])
    assert len(loaded) == 2 and all(len(names) == 1 for names in loaded.values()), loaded
    assert len(killer.killed) == 1 and killer.killed[0][1] >= 1, killer.killed  # killed while running a batch
    assert killer.killed[0][0] in pids and killer.killed[0][0] not in after  # that process is gone
    assert result.extracted == 212
    _same_build(rules_build, tmp_path / "build")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_gives_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import cli, cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    corpus = _corpus(tmp_path)
    done = CliRunner().invoke(cli.app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--model", "rules",
                                        "--dask", address])
    assert done.exit_code == 1
    errors = [line for line in done.output.strip().splitlines() if line.startswith("Error:")]  # after status lines
    assert len(errors) == 1 and errors[0].startswith(f"Error: cannot reach a Dask scheduler at {address}"), errors
    assert done.output.strip().splitlines()[-1] == errors[0]


@pytest.mark.parametrize("address", ["local:0", "local:two", "somewhere", ""])
def test_a_bad_address_is_refused(address: str) -> None:
    from kg.cluster import parse_address

    with pytest.raises(ClusterError, match="expected a scheduler address"):
        parse_address(address)


def test_workers_with_another_kg_give_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(ROOT / "kg", other / "kg", ignore=shutil.ignore_patterns("__pycache__", "model"))
    init = other / "kg" / "__init__.py"
    init.write_text(init.read_text().replace(f'__version__ = "{kg.__version__}"', '__version__ = "0.0.0+other"'))
    assert "0.0.0+other" in init.read_text()
    env = {**os.environ, "PYTHONPATH": str(other)}
    corpus = _corpus(tmp_path)
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None, silence_logs=50) as cluster:
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
                                   "--nthreads", "1", "--no-nanny", "--no-dashboard"], env=env,
                                  cwd=other, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # -m puts cwd first
        try:
            with pytest.raises(ClusterError) as caught:
                run_build([corpus], tmp_path / "out", BuildSettings(model="rules", dask=cluster.scheduler_address))
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    message = str(caught.value)
    assert "\n" not in message and "kg 0.0.0+other" in message and f"kg {kg.__version__}" in message, message


def _corpus(folder: Path) -> Path:
    path = folder / "c.jsonl"
    path.write_text('{"title": "T", "abstract": "We train BERT on ImageNet."}\n')
    return path


def test_without_dask_installed_dask_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(ClusterError, match=r"pip install 'kg\[dask\]'"):
        run_build([_corpus(tmp_path)], tmp_path / "out", BuildSettings(model="rules", dask="local:1"))


def test_kg_imports_no_dask_until_asked() -> None:
    code = "import sys, kg.build, kg.cli; print(sorted({'dask', 'distributed'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
@needs_seeds
def test_local_2_with_the_default_model_builds_the_files_of_a_local_build(seed_build: Any, tmp_path: Path) -> None:
    reference, _ = seed_build
    out = tmp_path / reference.name  # the same folder name: graph.html's title names it
    done = _kg("build", str(SEEDS), "--out", str(out), "--dask", "local:2")
    assert done.returncode == 0, done.stderr
    _same_build(reference, out)


def test_a_scheduler_without_workers_gives_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None, silence_logs=50) as empty, \
            pytest.raises(ClusterError, match="has no workers after 1 s"):
        run_build([_corpus(tmp_path)], tmp_path / "out", BuildSettings(model="rules", dask=empty.scheduler_address))


def test_the_workers_kg_starts_run_without_the_statistical_profiler_or_eager_malloc_trimming(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dask

    from kg.cluster import connect

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # a variable of the client's own would win
    with connect("local:2", "rules") as cluster:
        assert cluster is not None and cluster.workers == 2
        found = cluster.client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        trim = cluster.client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert list(found.values()) == [False, False]  # no dashboard shows it: its 10 ms samples would cost CPU
    assert list(trim.values()) == [None, None]  # Dask's nanny sets it to 65536 by default: extraction runs slower
    assert dask.config.get("distributed.worker.profile.enabled") is True  # the client's own settings are untouched
    assert dask.config.get("distributed.nanny.pre-spawn-environ")["MALLOC_TRIM_THRESHOLD_"] == 65536
