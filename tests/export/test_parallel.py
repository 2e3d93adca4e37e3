"""Writers side by side in forked processes (kg.export.parallel)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import BuildError
from kg.export.parallel import Task, call_beside, can_fork, plan, run_tasks, start_tasks


def _writer(path: Path, text: str):
    def run() -> None:
        path.write_text(f"{text} {os.getpid()}")
    return run


def test_plan_balances_and_keeps_every_task():
    tasks = [Task(str(i), print, cost) for i, cost in enumerate([8, 8, 6, 3, 3, 3, 0.5])]
    groups = plan(tasks, 2)
    assert sorted(t.name for g in groups for t in g) == sorted(t.name for t in tasks)
    loads = [sum(t.cost for t in g) for g in groups]
    assert max(loads) - min(loads) <= 3
    assert plan(tasks, 1) == [tasks]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_task_runs(tmp_path, workers):
    tasks = [Task(f"f{i}", _writer(tmp_path / f"f{i}", f"file {i}"), cost=i + 1) for i in range(5)]
    run_tasks(tasks, workers=workers)
    pids = {(tmp_path / f"f{i}").read_text().split()[2] for i in range(5)}
    assert {(tmp_path / f"f{i}").read_text().split()[1] for i in range(5)} == {str(i) for i in range(5)}
    expected = min(workers, 5) if can_fork() else 1
    assert len(pids) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_writer_is_named_and_the_others_finish(tmp_path, workers):
    def broken() -> None:
        raise OSError(28, "No space left on device")

    tasks = [Task("big.gexf", _writer(tmp_path / "a", "a"), cost=10), Task("neo4j/", broken, cost=1),
             Task("small.json", _writer(tmp_path / "b", "b"), cost=1)]
    with pytest.raises(BuildError, match=r"could not write neo4j/: OSError: .*No space left"):
        run_tasks(tasks, workers=workers)
    assert (tmp_path / "a").exists() and (tmp_path / "b").exists()


@pytest.mark.skipif(not can_fork(), reason="writers run in one process here")
def test_a_child_that_dies_is_reported(tmp_path):
    tasks = [Task("main", _writer(tmp_path / "a", "a"), cost=10), Task("graph.gexf", lambda: os._exit(3), cost=1)]
    with pytest.raises(BuildError, match=r"graph\.gexf: the writer process (died|exited with 3)"):
        run_tasks(tasks, workers=2)


@pytest.mark.parametrize("workers", [1, 2])
def test_started_tasks_run_beside_the_caller_and_report_on_finish(tmp_path, workers):
    def broken() -> None:
        raise ValueError("bad row")

    started = start_tasks([Task("early.jsonl", _writer(tmp_path / "early", "early")), Task("neo4j/", broken)],
                          workers=workers)
    forked = workers > 1 and can_fork()
    if forked:  # the caller goes on while the child writes
        (tmp_path / "meanwhile").write_text("caller")
    else:  # nothing ran yet: finish() runs the tasks
        assert not (tmp_path / "early").exists()
    with pytest.raises(BuildError, match=r"could not write neo4j/: ValueError: bad row"):
        started.finish()
    pid = (tmp_path / "early").read_text().split()[1]
    assert (pid != str(os.getpid())) == forked


@pytest.mark.parametrize("workers", [1, 2])
def test_a_call_beside_gives_back_its_result_or_its_error(workers):
    forked = workers > 1 and can_fork()
    beside = call_beside(lambda: (os.getpid(), {"node": 3}), workers=workers)
    pid, value = beside.result()
    assert value == {"node": 3} and (pid != os.getpid()) == forked

    def broken() -> None:
        raise ValueError("no partition")

    with pytest.raises(ValueError, match="no partition"):
        call_beside(broken, workers=workers).result()


@pytest.mark.skipif(not can_fork(), reason="calls run in this process here")
def test_a_call_beside_that_dies_is_reported():
    with pytest.raises(BuildError, match="died"):
        call_beside(lambda: os._exit(3), workers=2).result()
