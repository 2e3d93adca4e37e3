"""Training the statistical ``ner`` with spaCy's own loop (CPU)."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from time import perf_counter
from typing import Any, TextIO

import spacy

from kg.errors import Messages, TrainError

#: The spaCy training config shipped with kg.
DEFAULT_CONFIG = Path(str(resources.files("kg.nlp") / "configs" / "ner.cfg"))


def train_ner(train: Path, dev: Path, output: Path, *, config: Path = DEFAULT_CONFIG, seed: int = 0,
              overrides: Mapping[str, Any] | None = None, log: TextIO | None = None) -> tuple[Path, float]:
    """Train the ``ner`` of ``config`` on DocBin files with spaCy's training loop (CPU).

    Parameters
    ----------
    train, dev : Path
        ``.spacy`` DocBin files; ``dev`` selects the best model (``ents_f``).
    output : Path
        Folder for ``model-best`` and ``model-last`` (replaced if present).
    config : Path
        A spaCy training config; :data:`DEFAULT_CONFIG` by default.
    seed : int
        ``system.seed``: fixes weight initialisation, shuffling and dropout.
    overrides : mapping, optional
        Config overrides, e.g. ``{"training.max_steps": 200}``.
    log : text stream, optional
        Where spaCy's progress table goes (discarded when left out: the library prints nothing).

    Returns
    -------
    Path, float
        The best model's folder and the training time in seconds.

    Raises
    ------
    TrainError
        A missing config, or spaCy failed (its error is chained).
    """
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    if not config.is_file():
        raise TrainError(Messages.NO_CONFIG.format(path=config))
    settings = {"paths.train": str(train), "paths.dev": str(dev), "system.seed": seed, **(overrides or {})}
    sink = log if log is not None else _NullStream()
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    started = perf_counter()
    try:
        loaded = spacy.util.load_config(config, overrides=settings, interpolate=False)
        nlp = init_nlp(loaded, use_gpu=-1)
        train_loop(nlp, output, use_gpu=-1, stdout=sink, stderr=sink)  # type: ignore[arg-type]
    except (ValueError, KeyError, OSError) as err:
        raise TrainError(Messages.SPACY_FAILED.format(error=err)) from err
    seconds = perf_counter() - started
    best = output / "model-best"
    if not (best / "config.cfg").is_file():
        raise TrainError(Messages.NO_MODEL.format(path=best))
    return best, seconds


class _NullStream:
    """A write-only text sink."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
