"""Writing a build's output files side by side: the costliest writers run in forked processes.

Every writer only reads what the build holds in memory and writes its own file, so they can run at the same
time. Forked children see the parent's memory without copying it up front (``gc.freeze`` keeps the collector
from touching, and so copying, every object page). Where ``fork`` is not available (Windows, macOS's default),
or with one worker, the writers run one after the other in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from kg.errors import BuildError


@dataclass(frozen=True)
class Task:
    """One writer: ``run`` writes a file; ``cost`` is its relative time, used to balance the processes."""

    name: str
    run: Callable[[], object]
    cost: float = 1.0


def can_fork() -> bool:
    """Whether writers may run in forked processes here (Linux only: fork is unsafe on macOS)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def plan(tasks: Sequence[Task], workers: int) -> list[list[Task]]:
    """Split ``tasks`` into ``workers`` groups of similar total cost (largest first, each to the lightest group).

    Group 0 is the calling process's. Within a group, tasks keep their given order.

    Examples
    --------
    >>> tasks = [Task("a", print, 5), Task("b", print, 3), Task("c", print, 2), Task("d", print, 1)]
    >>> [[t.name for t in group] for group in plan(tasks, 2)]
    [['a', 'd'], ['b', 'c']]
    """
    groups: list[list[int]] = [[] for _ in range(max(1, workers))]
    loads = [0.0] * len(groups)
    for i in sorted(range(len(tasks)), key=lambda i: -tasks[i].cost):
        k = loads.index(min(loads))
        groups[k].append(i)
        loads[k] += tasks[i].cost
    return [[tasks[i] for i in sorted(group)] for group in groups]


def _run_group(group: Sequence[Task]) -> tuple[list[str], BaseException | None]:
    """Run every task of ``group``, on past failures; the failures as messages, and the first error."""
    failures: list[str] = []
    first: BaseException | None = None
    for task in group:
        try:
            task.run()
        except Exception as err:  # collected: the caller raises one BuildError naming them all
            failures.append(f"{task.name}: {type(err).__name__}: {err}")
            first = first or err
    return failures, first


def _child(group: Sequence[Task], send: Connection) -> None:
    gc.disable()  # short-lived: collecting would only copy pages shared with the parent
    try:
        send.send(_run_group(group)[0])
    finally:
        send.close()


def run_tasks(tasks: Sequence[Task], workers: int = 1) -> None:
    """Run every task; with ``workers > 1`` (and fork available) in up to ``workers`` processes at once.

    A writer that fails does not stop the others: every file that can be written is.

    Raises
    ------
    BuildError
        Naming each writer that failed (or whose process died) and why; every child is waited for first.
    """
    if workers <= 1 or len(tasks) < 2 or not can_fork():
        failures, first = _run_group(tasks)
        if failures:
            raise BuildError("could not write " + "; ".join(failures)) from first
        return
    groups = plan(tasks, min(workers, len(tasks)))
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, Connection, list[Task]]] = []
    failures = []
    first = None
    gc.collect()
    gc.freeze()
    try:
        for group in groups[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(group, send), daemon=True)
            process.start()
            send.close()
            children.append((process, receive, group))
        failures, first = _run_group(groups[0])
    finally:
        for child, receive, group in children:
            names = ", ".join(t.name for t in group)
            try:
                failures.extend(receive.recv())
            except EOFError:
                failures.append(f"{names}: the writer process died")
            child.join()
            receive.close()
            if child.exitcode != 0 and not any(f.startswith(names) for f in failures):
                failures.append(f"{names}: the writer process exited with {child.exitcode}")
        gc.unfreeze()
    if failures:
        raise BuildError("could not write " + "; ".join(failures)) from first
