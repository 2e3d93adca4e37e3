"""The build folder as a transaction, tested with real ``python -m kg build`` processes.

Builds are killed (SIGKILL) at every named point of :data:`kg.transaction.POINTS` through the test-only hook
``KG_FAULT_AT``; after each kill the folder must hold exactly the old build or the new one, as its manifest lists
it, and the next build must succeed and leave nothing beside the folder. Two builds into one folder, a failing
writer, a read-only output, a folder that is a mix of two builds, and the status lines of a build are tested
the same way. Every build uses ``--model rules`` and corpora of a few invented abstracts, to be quick.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kg
from kg.buildcheck import check_build
from kg.buildio import load_build
from kg.errors import BuildLocked, IncompleteBuild, KGError, KGWarning
from kg.transaction import BuildFolder, BuildLock, amending, check_locations

ROOT = Path(kg.__file__).resolve().parents[1]
_TOPICS = [("BERT", "SQuAD", "question answering"), ("ResNet-50", "ImageNet", "image classification"),
           ("Transformer", "WMT14", "machine translation"), ("U-Net", "Cityscapes", "semantic segmentation"),
           ("GPT-2", "WikiText-103", "language modeling"), ("YOLOv5", "COCO", "object detection"),
           ("wav2vec 2.0", "LibriSpeech", "speech recognition")]


def _corpus(path: Path, n: int, tag: str) -> Path:
    """A JSONL corpus of ``n`` invented abstracts (their titles carry ``tag``, so two corpora share no paper)."""
    rows = []
    for i in range(n):
        method, dataset, task = _TOPICS[i % len(_TOPICS)]
        other = _TOPICS[(i + 1) % len(_TOPICS)]
        rows.append({"title": f"Study {tag}{i} of {method}",
                     "abstract": f"We fine-tune {method} for {task} on {dataset}. Compared with {other[0]}, "
                                 f"{method} improves {task} on {dataset} and on {other[1]}."})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[int, Path]:
    """Three corpora told apart by their paper counts."""
    folder = tmp_path_factory.mktemp("corpora")
    return {n: _corpus(folder / f"c{n}.jsonl", n, chr(ord("a") + n)) for n in (4, 6, 7)}


@pytest.fixture(scope="module")
def warm(corpora, tmp_path_factory) -> Path:
    """An extraction cache holding the three corpora (made once, in this process), so that the builds of most
    tests need not load the model; the tests that count what is extracted start cold."""
    from kg.build import run_build
    from kg.records import BuildSettings

    out = tmp_path_factory.mktemp("warm") / "out"
    run_build(list(corpora.values()), out, BuildSettings(model="rules", html=False))
    return out / ".kg-cache"


def _warmed(out: Path, warm: Path) -> Path:
    """``out`` made to hold only a copy of the warm cache (a folder that is not a build yet)."""
    shutil.copytree(warm, out / ".kg-cache")
    return out


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KG_FAULT_AT"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return {**env, **extra}


def _command(corpus: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--model", "rules", *options]


def _build(corpus: Path, out: Path, *options: str, fault: str | None = None,
           **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = _env(KG_FAULT_AT=fault) if fault else _env()
    return subprocess.run(_command(corpus, out, *options), env=env, capture_output=True, text=True, timeout=120,
                          **kwargs)  # type: ignore[call-overload]


def _papers(out: Path) -> int:
    """The paper count of the one complete build in ``out``, read by the readers (which check the manifest)."""
    manifest = check_build(out)
    build = load_build(out)
    assert len(build.papers) == manifest["counts"]["papers"]
    assert build.graph.number_of_edges() == manifest["counts"]["edges"]
    return len(build.papers)


def _beside(out: Path) -> list[str]:
    """What is left beside ``out``: staging folders, old builds set aside, the lock file."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f"{out.name}.kg-"))


def _error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The error a failed build gave: its last line on stderr, with no traceback before it."""
    assert "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), done.stderr
    return last


# Each point of a build where it is killed, and which build the folder must hold afterwards.
KILLS = [("checked", "old"), ("locked", "old"), ("staged", "old"), ("read", "old"), ("extracted", "old"),
         ("graph", "old"), ("wrote:graph.graphml", "old"), ("wrote:graph.gexf", "old"), ("wrote:graph.html", "old"),
         ("wrote:papers.jsonl", "old"), ("wrote:aliases.tsv, merges.tsv", "old"), ("written", "old"),
         ("manifest", "old"), ("swap", "old"), ("swapped", "new"), ("cleaned", "new")]


def _kill_chain(corpora: dict[int, Path], out: Path, kills: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Build into ``out``, then for each kill point: a build of the other corpus killed there (the folder must hold
    the old build or the new one, as expected), and a build that succeeds. Returns (point, held, runs)."""
    first = _build(corpora[4], out)
    assert first.returncode == 0, first.stderr
    assert _papers(out) == 4 and _beside(out) == []
    current, outcomes = 4, []
    for point, expected in kills:
        new = 6 if current == 4 else 4
        killed = _build(corpora[new], out, fault=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        held = _papers(out)  # one complete build, as its manifest lists it, that the readers accept
        assert held == (current if expected == "old" else new), point
        again = _build(corpora[new], out)
        assert again.returncode == 0, (point, again.stderr)
        assert _papers(out) == new and _beside(out) == [], point
        warnings = json.loads((out / "manifest.json").read_text())["warnings"]
        if point != "checked":  # the killed build held the lock: the next one took it over, and said so
            assert any("took over the lock" in w for w in warnings), (point, warnings)
        outcomes.append((point, held, 2))
        current = new
    assert (out / ".kg-cache").is_dir()  # the extraction cache survived every kill
    return outcomes


def test_a_build_killed_at_any_point_leaves_the_old_build_or_the_new_one(corpora, warm, tmp_path):
    halves = [KILLS[0::2], KILLS[1::2]]  # two folders side by side, to halve the wall time
    outs = [_warmed(tmp_path / "a", warm), _warmed(tmp_path / "b", warm)]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(_kill_chain, [corpora, corpora], outs, halves))
    assert sorted(point for half in done for point, _, _ in half) == sorted(point for point, _ in KILLS)


def test_what_a_killed_build_extracted_is_kept(corpora, tmp_path):
    out = tmp_path / "out"
    assert _build(corpora[4], out).returncode == 0
    assert _build(corpora[7], out, fault="extracted").returncode == -signal.SIGKILL
    assert _papers(out) == 4
    again = _build(corpora[7], out)
    assert again.returncode == 0, again.stderr
    counts = json.loads((out / "manifest.json").read_text())["counts"]
    assert (counts["papers"], counts["extracted"], counts["reused_from_cache"]) == (7, 0, 7)


def test_what_a_killed_first_build_extracted_is_kept(corpora, tmp_path):
    out = tmp_path / "out"
    assert _build(corpora[4], out, fault="written").returncode == -signal.SIGKILL
    assert not out.exists() and len(_beside(out)) == 2  # its staging folder and its lock
    again = _build(corpora[4], out)
    assert again.returncode == 0, again.stderr
    counts = json.loads((out / "manifest.json").read_text())["counts"]
    assert (counts["extracted"], counts["reused_from_cache"]) == (0, 4) and _beside(out) == []


_NO_EXCHANGE = ("import sys, kg.transaction as t; t._exchange = lambda a, b: False; "
                "from kg.cli import app; app(sys.argv[1:])")


def _no_exchange(corpus: Path, out: Path, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _NO_EXCHANGE, *_command(corpus, out)[3:]]
    env = _env(KG_FAULT_AT=fault) if fault else _env()
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_without_rename_exchange_a_killed_swap_is_recovered(corpora, tmp_path, warm):
    """Where the kernel has no RENAME_EXCHANGE the swap is two renames; a build killed between them leaves no
    folder, and the next build puts the old one back first."""
    out = _warmed(tmp_path / "out", warm)
    assert _no_exchange(corpora[4], out).returncode == 0
    assert _no_exchange(corpora[6], out, fault="aside").returncode == -signal.SIGKILL
    assert not out.exists() and any(".kg-old-" in name for name in _beside(out))
    assert _build(corpora[7], out, fault="staged").returncode == -signal.SIGKILL  # recovers, then is killed itself
    assert _papers(out) == 4
    assert _no_exchange(corpora[6], out, fault="swapped").returncode == -signal.SIGKILL
    assert _papers(out) == 6
    again = _no_exchange(corpora[7], out)
    assert again.returncode == 0, again.stderr
    assert _papers(out) == 7 and _beside(out) == [] and (out / ".kg-cache").is_dir()


def _stopped(process: subprocess.Popen[str]) -> None:
    """Wait until ``process`` has stopped itself (``KG_FAULT_AT=stop@...``)."""
    for _ in range(600):
        state = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the build did not stop")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_two_builds_into_one_folder_never_mix(corpora, tmp_path, warm):
    out = _warmed(tmp_path / "out", warm)
    assert _build(corpora[4], out).returncode == 0
    holder = subprocess.Popen(_command(corpora[6], out), env=_env(KG_FAULT_AT="stop@extracted"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _stopped(holder)
        second = _build(corpora[7], out)
        assert second.returncode == 1
        line = _error_line(second)
        assert f"another build is writing this folder (pid {holder.pid} on {socket.gethostname()}, since " in line
        page = subprocess.run([sys.executable, "-m", "kg", "html", str(out)], env=_env(), capture_output=True,
                              text=True, timeout=120)  # kg html writes into the build: it takes the lock too
        assert page.returncode == 1 and "another build is writing this folder" in _error_line(page)
        waiting = subprocess.Popen(_command(corpora[7], out, "--wait"), env=_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None  # it waits for the holder
        assert _papers(out) == 4
    finally:
        holder.send_signal(signal.SIGCONT)
    assert holder.wait(timeout=120) == 0, holder.communicate()
    assert waiting.wait(timeout=120) == 0, waiting.communicate()
    assert _papers(out) == 7 and _beside(out) == []


def test_a_failing_writer_leaves_the_old_build_and_nothing_beside_it(corpora, tmp_path, warm):
    out = _warmed(tmp_path / "out", warm)
    assert _build(corpora[4], out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".kg-cache" not in p.parts}
    for workers in ("1", "2"):
        failed = _build(corpora[6], out, "--workers", workers, fault="raise@wrote:graph.gexf")
        assert failed.returncode == 1
        assert "could not write graph.gexf: OSError: injected fault at wrote:graph.gexf" in _error_line(failed)
        after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                 if p.is_file() and ".kg-cache" not in p.parts}
        assert after == before and _beside(out) == []
    # a writer's process that dies: the build fails the same way
    died = _build(corpora[6], out, "--workers", "2", fault="wrote:graph.json")  # graph.json: in the forked writer
    assert died.returncode == 1 and "died" in _error_line(died)
    assert _papers(out) == 4 and _beside(out) == []


def test_a_failing_first_build_leaves_no_build(corpora, tmp_path):
    out = tmp_path / "out"
    failed = _build(corpora[4], out, fault="raise@wrote:graph.json")
    assert failed.returncode == 1 and _beside(out) == []
    # what was extracted is kept for the next try, in a folder that readers do not take for a build
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache"]
    with pytest.raises(IncompleteBuild, match=r"no manifest\.json"):
        load_build(out)


def test_a_build_without_usable_records_leaves_the_old_build(corpora, tmp_path, warm):
    out = _warmed(tmp_path / "out", warm)
    assert _build(corpora[4], out).returncode == 0
    titles = tmp_path / "titles.jsonl"
    titles.write_text("".join(json.dumps({"title": f"Only a title {i}", "notes": "No abstract field."}) + "\n"
                              for i in range(3)), encoding="utf-8")
    failed = _build(titles, out)
    assert failed.returncode == 1
    _error_line(failed)
    assert _papers(out) == 4 and _beside(out) == []


def test_a_folder_that_mixes_two_builds_is_refused_by_every_reader(corpora, warm, tmp_path):
    one, two = _warmed(tmp_path / "one", warm), _warmed(tmp_path / "two", warm)
    assert _build(corpora[4], one).returncode == 0 and _build(corpora[6], two).returncode == 0
    shutil.copy(two / "graph.json", one / "graph.json")  # what a killed build used to leave
    for command in (["html", str(one)], ["entities", str(one)], ["neo4j", "csv", str(one)]):
        done = subprocess.run([sys.executable, "-m", "kg", *command], env=_env(), capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 1, command
        assert f"Error: {one}: not one complete build (graph.json has " in _error_line(done)
    assert _papers(two) == 6


_READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'


def _read_only(folder: Path, command: list[str]) -> list[str]:
    """``command`` run where ``folder`` cannot be written: made read-only with chmod, or, for root (who may write
    anywhere), a read-only bind mount of it in a private mount namespace (a read-only file system, as a read-only
    volume is)."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return command
    return _in_mount_namespace(_READ_ONLY, folder, command)


def _in_mount_namespace(script: str, folder: Path, command: list[str]) -> list[str]:
    """``command`` run after ``script`` (a shell script with ``$0`` = ``folder``) in a private mount namespace."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("no private mount namespace for this process (needs root and unshare)")
    return ["unshare", "-m", "sh", "-c", script, str(folder), *command]


def test_an_out_that_is_a_mount_point_is_one_line_before_any_work(corpora, tmp_path):
    out = tmp_path / "volume"
    out.mkdir()
    mount = 'mount -t tmpfs -o size=16m tmpfs "$0" && exec "$@"'  # a file system of its own, as a volume is
    done = subprocess.run(_in_mount_namespace(mount, out, _command(corpora[4], out)), env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {out}: a mount point; a build is written beside the output folder and swapped in, which cannot "
        f"cross file systems. Give a folder inside it, e.g. --out {out}/build"]


@pytest.mark.parametrize("where", ["new folder in a read-only folder", "read-only build folder"])
def test_a_read_only_out_is_one_line_before_any_work(corpora, tmp_path, where):
    locked = tmp_path / "locked"
    if where == "read-only build folder":
        assert _build(corpora[4], locked).returncode == 0
        out, before = locked, _papers(locked)
    else:
        locked.mkdir()
        out, before = locked / "out", None
    done = subprocess.run(_read_only(locked, _command(corpora[6], out)), env=_env(), capture_output=True, text=True,
                          timeout=120)
    locked.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {out}: cannot write the build here ({locked}: not writable); choose another --out or fix the "
        "permissions"]  # one line, and no stage started (no status line)
    assert (before is None and not out.exists()) or _papers(out) == before


@pytest.mark.parametrize("case", ["missing input", "out is a file", "out inside input", "parent is a file"])
def test_bad_locations_are_one_line_before_any_work(corpora, tmp_path, case):
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpora[4], folder / "c.jsonl")
    corpus, out, expected = {
        "missing input": (tmp_path / "nope.jsonl", tmp_path / "out", "nope.jsonl: no such file or folder"),
        "out is a file": (folder, tmp_path / "file", "file: the output path exists and is not a folder"),
        "out inside input": (folder, folder / "out", "the output folder is inside the input folder"),
        "parent is a file": (folder, tmp_path / "file" / "out", "is a file, not a folder"),
    }[case]
    done = _build(corpus, out)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], done.stderr
    assert not (tmp_path / "out").exists() and not (folder / "out").exists()


def test_each_long_stage_says_what_it_does(corpora, tmp_path):
    done = _build(corpora[4], tmp_path / "out")
    assert done.returncode == 0, done.stderr
    status = [line for line in done.stderr.splitlines() if line.endswith("...")]
    assert [line.split(" ", 1)[0] for line in status] == ["Reading", "Loading", "Extracting", "Resolving", "Building",
                                                          "Writing", "Listing", "Swapping"]
    assert "Loading the model 'rules'..." in status and "Extracting 4 abstract(s) (0 from the cache)..." in status


# In-process: the lock and the staging folder on their own.

def test_a_lock_names_its_holder_and_a_dead_holder_is_taken_over(tmp_path):
    out = tmp_path / "out"
    with BuildLock(out), pytest.raises(BuildLocked, match=rf"pid {os.getpid()} on {socket.gethostname()}, since 20"):
        BuildLock(out).acquire()
    assert not (tmp_path / "out.kg-lock").exists()
    (tmp_path / "out.kg-lock").write_text(json.dumps({"pid": 999999999, "host": socket.gethostname(),
                                                       "since": "2026-01-01T00:00:00Z"}))
    with pytest.warns(KGWarning, match="took over the lock .*pid 999999999"), BuildLock(out):
        assert json.loads((tmp_path / "out.kg-lock").read_text())["pid"] == os.getpid()
    (tmp_path / "out.kg-lock").write_text(json.dumps({"pid": 1, "host": "elsewhere", "since": "x"}))
    with pytest.raises(BuildLocked, match="locked by pid 1 on elsewhere since x, which this machine cannot check"):
        BuildLock(out).acquire()


def test_a_failed_build_gives_back_the_cache_and_removes_its_staging_folder(tmp_path):
    out = tmp_path / "out"
    (out / ".kg-cache").mkdir(parents=True)
    (out / ".kg-cache" / "extract-x.jsonl").write_text("{}\n")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(RuntimeError), BuildFolder(out) as folder:
        assert (folder.staging / ".kg-cache" / "extract-x.jsonl").is_file() and not (out / ".kg-cache").exists()
        raise RuntimeError("a stage failed")
    assert (out / ".kg-cache" / "extract-x.jsonl").is_file() and (out / "notes.txt").read_text() == "mine"
    assert _beside(out) == []


def test_commit_carries_your_own_files_into_the_new_build(corpora, tmp_path, warm):
    out = _warmed(tmp_path / "out", warm)
    assert _build(corpora[4], out).returncode == 0
    (out / "notes.txt").write_text("mine")
    assert _build(corpora[6], out).returncode == 0
    assert (out / "notes.txt").read_text() == "mine" and _papers(out) == 6


def test_check_locations_passes_a_good_output(tmp_path, corpora):
    check_locations([corpora[4]], tmp_path / "new" / "deeper" / "out")
    with pytest.raises(KGError, match="no such file"):
        check_locations([tmp_path / "missing"], tmp_path / "out")


def test_amending_a_build_updates_its_manifest(corpora, tmp_path, warm):
    out = _warmed(tmp_path / "out", warm)
    assert _build(corpora[4], out, "--no-html").returncode == 0
    page = subprocess.run([sys.executable, "-m", "kg", "html", str(out)], env=_env(), capture_output=True, text=True,
                          timeout=120)
    assert page.returncode == 0, page.stderr
    assert "graph.html" in check_build(out)["contents"]  # the page is part of the build now, and checked
    with amending(out) as scratch:
        (scratch / "extra.txt").write_text("more")
    assert check_build(out)["contents"]["extra.txt"]["bytes"] == 4 and not list(out.glob(".kg-amend-*"))
