"""Writing a build's output files side by side: the costliest writers run in forked processes.

Every writer only reads what the build holds in memory and writes its own file, so they can run at the same
time. Forked children see the parent's memory without copying it up front (``gc.freeze`` keeps the collector
from touching, and so copying, every object page). :func:`start_tasks` starts writers in the background, beside
the caller's own work. Where ``fork`` is not available (Windows, macOS's default), or with one worker, the
writers run one after the other in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar, cast

from kg.errors import BuildError, Messages

T = TypeVar("T")


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
        _raise(*_run_group(tasks))
        return
    groups = plan(tasks, min(workers, len(tasks)))
    children: list[_Child] = []
    failures: list[str] = []
    first: BaseException | None = None
    _freeze()
    try:
        children = [_fork(group) for group in groups[1:]]
        failures, first = _run_group(groups[0])
    finally:
        failures.extend(_wait(children))
        gc.unfreeze()
    _raise(failures, first)


class Started:
    """Tasks started by :func:`start_tasks`: :meth:`finish` waits for them and reports as :func:`run_tasks` does."""

    def __init__(self, tasks: Sequence[Task], child: _Child | None) -> None:
        self._tasks = tasks
        self._child = child

    def finish(self) -> None:
        """Wait for the tasks (or, where nothing was forked, run them now).

        Raises
        ------
        BuildError
            Naming each task that failed, as :func:`run_tasks` does.
        """
        if self._child is None:
            _raise(*_run_group(self._tasks))
            return
        child, self._child = self._child, None
        _raise(_wait([child]), None)


def start_tasks(tasks: Sequence[Task], workers: int = 1) -> Started:
    """Start ``tasks`` in one forked process and return at once, so the caller's work runs beside them.

    With one worker, or where fork is not available, nothing runs until :meth:`Started.finish`.
    """
    if workers <= 1 or not tasks or not can_fork():
        return Started(tasks, None)
    _freeze()
    try:
        return Started(tasks, _fork(tasks))
    finally:
        gc.unfreeze()


class Beside(Generic[T]):
    """A call started by :func:`call_beside`: :meth:`result` waits for it and returns what it returned."""

    def __init__(self, call: Callable[[], T], child: tuple[multiprocessing.process.BaseProcess, Connection] | None):
        self._call = call
        self._child = child

    def result(self) -> T:
        """What the call returned, or the exception it raised, raised here.

        Raises
        ------
        BuildError
            The child process died before it could answer.
        """
        if self._child is None:
            return self._call()
        (process, receive), self._child = self._child, None
        try:
            ok, value = receive.recv()
        except EOFError:
            raise BuildError(Messages.CHILD_DIED.format(what=_name(self._call))) from None
        finally:
            process.join()
            receive.close()
        if not ok:
            raise value
        return cast(T, value)


def call_beside(call: Callable[[], T], workers: int = 1) -> Beside[T]:
    """Start ``call()`` in a forked process and return at once, so the caller's work runs beside it; its result
    comes back pickled (so it should be small: a partition, a table). With one worker, or where fork is not
    available, it runs when :meth:`Beside.result` is asked for."""
    if workers <= 1 or not can_fork():
        return Beside(call, None)
    _freeze()
    try:
        return Beside(call, _start(_answer, call))
    finally:
        gc.unfreeze()


def _answer(call: Callable[[], object], send: Connection) -> None:
    gc.disable()  # short-lived: collecting would only copy pages shared with the parent
    try:
        try:
            answer: tuple[bool, object] = (True, call())
        except Exception as err:  # raised again in the parent, by Beside.result
            answer = (False, err)
        send.send(answer)
    finally:
        send.close()


def _name(call: Callable[[], object]) -> str:
    return getattr(call, "__name__", repr(call))


_Child = tuple[multiprocessing.process.BaseProcess, Connection, Sequence[Task]]


def _freeze() -> None:
    """Move every object to the collector's permanent generation, so no collection writes to (and so copies)
    the pages a forked child shares. (No collection first: over a large build's heap it costs a second or more,
    and garbage frozen now is collected after :func:`gc.unfreeze`.)"""
    gc.freeze()


def _fork(group: Sequence[Task]) -> _Child:
    return (*_start(_child, group), group)


def _start(target: Callable[[Any, Connection], None], payload: Any) -> tuple[multiprocessing.process.BaseProcess,
                                                                           Connection]:
    """Fork a process running ``target(payload, send)``; the process and the end of the pipe it answers on."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(payload, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def _wait(children: Sequence[_Child]) -> list[str]:
    """Wait for every child; the failures they reported, or that they died or exited badly."""
    failures: list[str] = []
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
    return failures


def _raise(failures: list[str], first: BaseException | None) -> None:
    if failures:
        raise BuildError(Messages.WRITERS_FAILED.format(failures="; ".join(failures))) from first
