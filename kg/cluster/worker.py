"""What runs on a Dask worker: the model, loaded once per worker process by a worker plugin, and the extraction task.

Imported only where Dask is installed (by :mod:`kg.cluster`, and by the workers when they unpickle the plugin).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from distributed import WorkerPlugin, get_worker
from spacy.language import Language

from kg.errors import ClusterError, Messages
from kg.extract import extract_each
from kg.nlp import load_pipeline, model_fingerprint, pipeline_version
from kg.records import Paper, PaperExtraction


class ModelPlugin(WorkerPlugin):
    """Loads the extraction pipeline when a worker starts (or joins, or is restarted after dying), once.

    The scheduler keeps the plugin and gives it to every worker that joins later, so a worker started again by its
    nanny after a crash loads the model before it takes a task.
    """

    def __init__(self, model: str, fingerprint: str) -> None:
        self.model = model
        self.fingerprint = fingerprint
        self.nlp: Language | None = None
        self.name = plugin_name(fingerprint)

    def setup(self, worker: Any) -> None:
        theirs = model_fingerprint(self.model)
        if theirs != self.fingerprint:  # a worker that joined after the check at connect
            raise ClusterError(Messages.WORKER_VERSIONS.format(worker=worker.address, theirs=f"model {theirs[:12]}",
                                                               ours=f"model {self.fingerprint[:12]}"))
        self.nlp = load_pipeline(self.model)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "nlp": None}  # the pipeline never travels: each worker loads its own


def plugin_name(fingerprint: str) -> str:
    """The name the plugin of a model goes by on the workers."""
    return f"kg-model-{fingerprint[:16]}"


def _nlp(name: str, worker: Any = None) -> Language:
    plugin = (worker or get_worker()).plugins[name]
    assert isinstance(plugin, ModelPlugin) and plugin.nlp is not None, "the plugin's setup loads the pipeline first"
    return plugin.nlp


def extract_batch(papers: Sequence[Paper], *, plugin: str, batch_size: int) -> list[tuple[str, PaperExtraction]]:
    """The extraction task: ``(paper id, PaperExtraction)`` of each paper, with the worker's pipeline."""
    return list(extract_each(papers, _nlp(plugin), batch_size=batch_size))


def worker_pipeline(plugin: str, dask_worker: Any = None) -> str:
    """The worker's pipeline version (for the manifest), through ``client.run`` (which passes ``dask_worker``)."""
    return pipeline_version(_nlp(plugin, dask_worker))
