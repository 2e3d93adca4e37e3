"""Extraction and pair counting on a Dask cluster: ``kg build ... --dask ADDRESS``.

:func:`connect` opens a :class:`Cluster`: a scheduler at an address (``tcp://host:8786``), or ``local[:N]``, a
``LocalCluster`` of N worker processes that kg starts and stops. It checks that every worker runs this machine's kg,
spaCy and model, and has each worker load the model once (:class:`kg.cluster.worker.ModelPlugin`). Then
:meth:`Cluster.extract` sends the papers out in batches and streams their extractions back, and :meth:`Cluster.map`
runs the map step of the pair counting (:func:`kg.graph.pairs.comention_pairs`) on the workers. A task that raises is
retried (``retries=``); a worker that dies takes its tasks with it, and the scheduler gives them to the others.

Dask is an optional extra (``pip install 'kg[dask]'``), imported only when a cluster is asked for.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import partial
from types import ModuleType, TracebackType
from typing import Any

import spacy

import kg
from kg.errors import ClusterError, KGError, Messages
from kg.nlp import model_fingerprint
from kg.records import Paper, PaperExtraction

#: Times a task that raised is run again (a worker that dies is the scheduler's business: allowed-failures).
RETRIES = 3
#: Seconds to wait for a scheduler to answer, and for a first worker.
CONNECT_TIMEOUT = 10
#: Partitions of papers per worker in the pair counting.
PARTS_PER_WORKER = 2
#: Extraction tasks per worker queued at a time (the rest wait on the client, so memory stays bounded).
IN_FLIGHT_PER_WORKER = 3
#: Batches of spaCy's ``batch_size`` per extraction task, at most (two, tried, even out the default model's last tasks
#: at 10,000 abstracts but cost the rules 20% at 100,000 in Dask's overhead per task).
BATCHES_PER_TASK = 8
_HOST_PORT = re.compile(r"^[A-Za-z0-9_.\-\[\]:]+:\d+$")


@dataclass(frozen=True)
class Address:
    """A parsed ``--dask`` address: ``local`` workers to start here, or a ``scheduler`` to connect to."""

    scheduler: str | None = None
    local: int | None = None


def parse_address(address: str) -> Address:
    """What ``--dask ADDRESS`` asks for.

    Raises
    ------
    ClusterError
        Neither ``local``, ``local:N`` (N >= 1) nor a scheduler address.

    Examples
    --------
    >>> parse_address("local:2"), parse_address("tcp://10.0.0.5:8786")
    (Address(scheduler=None, local=2), Address(scheduler='tcp://10.0.0.5:8786', local=None))
    >>> parse_address("local").local == (os.cpu_count() or 1)
    True
    """
    text = address.strip()
    if text == "local":
        return Address(local=os.cpu_count() or 1)
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if count.isdigit() and int(count) >= 1:
            return Address(local=int(count))
    elif "://" in text or _HOST_PORT.match(text):
        return Address(scheduler=text)
    raise ClusterError(Messages.BAD_DASK_ADDRESS.format(address=address))


def versions(model: str) -> dict[str, str]:
    """What must be the same on the client and every worker: kg's and spaCy's versions and the model's fingerprint
    (which covers kg's extraction code, its patterns and the model's files)."""
    return {"kg": kg.__version__, "spacy": spacy.__version__, "model": model_fingerprint(model)[:12]}


def check_versions(ours: dict[str, str], workers: dict[str, dict[str, str]]) -> None:
    """Raise on the first worker (by address) whose :func:`versions` differ from ``ours``.

    >>> check_versions({"kg": "1"}, {"a": {"kg": "1"}, "b": {"kg": "2"}})
    Traceback (most recent call last):
    ...
    kg.errors.ClusterError: Dask worker b runs kg 2, this machine kg 1; install the same kg, spaCy and model on every worker
    """
    for worker in sorted(workers):
        theirs = workers[worker]
        if theirs != ours:
            differ = [k for k in ours if theirs.get(k) != ours[k]] or sorted(theirs)
            raise ClusterError(Messages.WORKER_VERSIONS.format(
                worker=worker, theirs=", ".join(f"{k} {theirs.get(k)}" for k in differ),
                ours=", ".join(f"{k} {ours.get(k)}" for k in differ)))


def connect(address: str | None, model: str) -> AbstractContextManager[Cluster | None]:
    """The cluster of ``--dask address``, ready to extract with ``model`` (None, and nothing started, without one).

    Use it in a ``with`` statement: leaving it closes the client and stops a local cluster.

    Raises
    ------
    ClusterError
        Dask not installed, a bad address, a scheduler out of reach or without workers, workers with another kg,
        spaCy or model.
    """
    if address is None:
        return nullcontext()
    return Cluster.open(parse_address(address), model)


def _distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as err:
        raise ClusterError(Messages.NO_DASK) from err
    return distributed


class Cluster:
    """A connected Dask client whose workers have the model loaded; a context manager that closes it."""

    def __init__(self, client: Any, local: Any, model: str, plugin: str) -> None:
        self.client = client
        self.local = local
        self.model = model
        self.plugin = plugin

    @classmethod
    def open(cls, address: Address, model: str) -> Cluster:
        """Start or reach the scheduler, check the workers' versions, load the model on each."""
        distributed = _distributed()
        from kg.cluster.worker import ModelPlugin

        local = client = None
        try:
            if address.local is not None:
                import dask

                # No dashboard, so no use for the workers' statistical profiler, which samples their stacks every 10 ms.
                # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which has glibc hand freed memory
                # back at once: spaCy allocates and frees so much that extraction ran 20-25% slower with it.
                with dask.config.set({"distributed.worker.profile.enabled": False,
                                      "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                    local = distributed.LocalCluster(n_workers=address.local, threads_per_worker=1, processes=True,
                                                     host="127.0.0.1", dashboard_address=None, silence_logs=40)
                client = distributed.Client(local)
            else:
                client = _reach(distributed, address.scheduler or "")
            ours = versions(model)
            check_versions(ours, client.run(versions, model))
            plugin = ModelPlugin(model, model_fingerprint(model))
            client.register_plugin(plugin, name=plugin.name)
            return cls(client, local, model, plugin.name)
        except BaseException:
            _close(client, local)
            raise

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        _close(self.client, self.local)

    @property
    def workers(self) -> int:
        """Worker threads now (one per worker process as kg starts them; a cluster may grow after connecting)."""
        return max(1, sum(self.client.nthreads().values()))

    @property
    def parts(self) -> int:
        """Partitions of papers for the pair counting."""
        return max(1, self.workers * PARTS_PER_WORKER)

    @property
    def pipeline(self) -> str:
        """The pipeline version the workers run (for the manifest)."""
        from kg.cluster.worker import worker_pipeline

        found = sorted(set(self.client.run(worker_pipeline, self.plugin).values()))
        return " / ".join(found)

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """``[fn(x) for x in items]``, computed on the workers, in order."""
        futures = [self.client.submit(fn, item, retries=RETRIES, pure=False) for item in items]
        try:
            return list(self.client.gather(futures))
        except KGError:
            raise
        except Exception as err:
            raise ClusterError(Messages.WORKER_FAILED.format(error=_one_line(err))) from err

    def extractor(self, batch_size: int) -> Callable[[Sequence[Paper]], Iterator[tuple[str, PaperExtraction]]]:
        """:meth:`extract` with ``batch_size``: what :func:`kg.extract.extract_new` takes as its ``extractor``."""
        return partial(self.extract, batch_size=batch_size)

    def extract(self, papers: Sequence[Paper], *, batch_size: int = 64) -> Iterator[tuple[str, PaperExtraction]]:
        """``(paper id, PaperExtraction)`` of every paper, extracted on the workers, as batches finish.

        At most :data:`IN_FLIGHT_PER_WORKER` batches per worker are out at a time; each batch holds up to
        :data:`BATCHES_PER_TASK` spaCy batches, fewer when there are too few papers to keep every worker busy.
        """
        distributed = _distributed()
        from kg.cluster.worker import extract_batch

        workers = self.workers
        size = max(1, min(batch_size * BATCHES_PER_TASK, math.ceil(len(papers) / (workers * 4))))
        batches = iter([papers[i:i + size] for i in range(0, len(papers), size)])
        task = partial(extract_batch, plugin=self.plugin, batch_size=batch_size)
        running = distributed.as_completed()
        for batch in [b for _, b in zip(range(workers * IN_FLIGHT_PER_WORKER), batches, strict=False)]:
            running.add(self.client.submit(task, batch, retries=RETRIES, pure=False))
        for future in running:
            try:
                found = future.result()
            except KGError:
                raise
            except Exception as err:
                raise ClusterError(Messages.WORKER_FAILED.format(error=_one_line(err))) from err
            future.release()
            following = next(batches, None)
            if following is not None:
                running.add(self.client.submit(task, following, retries=RETRIES, pure=False))
            yield from found


def _reach(distributed: ModuleType, address: str) -> Any:
    """A client of the scheduler at ``address`` that has at least one worker."""
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(Messages.NO_SCHEDULER.format(address=address, error=_one_line(err))) from err
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        client.close()
        raise ClusterError(Messages.NO_WORKERS.format(address=address, seconds=CONNECT_TIMEOUT)) from err
    return client


def _close(client: Any, local: Any) -> None:
    if client is not None:
        client.close()
    if local is not None:
        local.close()


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:197] + "..."
