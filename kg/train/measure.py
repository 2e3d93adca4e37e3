"""Measuring: the development sets, scoring a pipeline on them, and its speed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from time import perf_counter
from types import MappingProxyType

from spacy.language import Language

from kg.corpus import read_corpus
from kg.evaluate import Report, evaluate
from kg.gold import (
    HEDDES_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    TDMSCI_MAPPING,
    holdout,
    mapped_labels,
    read_heddes,
    read_kg,
    read_scier,
    read_scierc,
    read_tdmsci,
)
from kg.records import LABELS
from kg.train.conventions import apply_conventions
from kg.train.records import DataPaths, EvalSet, TrainingDoc
from kg.train.sources import _require_file

#: Development sets :func:`evaluation_sets` knows; ``NAME:kg`` is NAME with its gold moved to kg's conventions.
EVAL_SETS: tuple[str, ...] = ("seeds-dev", "scierc-dev", "tdmsci-heldout", "heddes-heldout", "scier-dev",
                              "scierc-dev:kg", "tdmsci-heldout:kg", "heddes-heldout:kg")


def evaluation_sets(paths: DataPaths, *, include: Iterable[str] = EVAL_SETS) -> list[EvalSet]:
    """The development sets kg is measured on (never a test split).

    ``seeds-dev`` (kg's dev annotations), ``scierc-dev`` (Method, Task), ``tdmsci-heldout`` and
    ``heddes-heldout`` (the fifth :func:`kg.gold.holdout` keeps out of training), ``scier-dev`` (GPL-3.0:
    measured on, never trained on). ``NAME:kg`` scores the same documents against gold moved to kg's
    guidelines by :func:`apply_conventions` (generic heads left out, acronyms split; spans that become unknown
    are dropped, so predictions there count as wrong): it separates convention differences from errors.

    Raises
    ------
    TrainError
        A missing file.
    """
    requested = set(include)
    wanted = requested | {name.removesuffix(":kg") for name in requested}
    sets: list[EvalSet] = []
    if "seeds-dev" in wanted:
        path = _require_file(paths.seeds_split("dev"), "kg seed annotations")
        sets.append(EvalSet("seeds-dev", tuple(read_kg(path, corpus=[paths.seeds], split="dev")), LABELS,
                            MappingProxyType({label: label for label in LABELS}), str(path)))
    if "scierc-dev" in wanted:
        path = _require_file(paths.scierc_dev, "SciERC dev")
        sets.append(EvalSet("scierc-dev", tuple(read_scierc(path)), mapped_labels(SCIERC_MAPPING), SCIERC_MAPPING,
                            str(path)))
    for name, path, reader, mapping in (
            ("tdmsci-heldout", paths.tdmsci_train, read_tdmsci, TDMSCI_MAPPING),
            ("heddes-heldout", paths.heddes_train, read_heddes, HEDDES_MAPPING)):
        if name in wanted:
            docs = tuple(holdout(reader(_require_file(path, name))))
            sets.append(EvalSet(name, docs, mapped_labels(mapping), mapping, str(path), "dev fifth"))
    if "scier-dev" in wanted:
        path = _require_file(paths.scier_dev, "SciER dev")
        sets.append(EvalSet("scier-dev", tuple(read_scier(path)), mapped_labels(SCIER_MAPPING), SCIER_MAPPING,
                            str(path)))
    for raw in list(sets):
        if f"{raw.name}:kg" in wanted:
            corpus = raw.name.split("-")[0]
            docs = tuple(replace(d, spans=apply_conventions(TrainingDoc(d.id, d.text, d.spans), corpus=corpus).spans)
                         for d in raw.docs)
            sets.append(replace(raw, name=f"{raw.name}:kg", docs=docs, selection=f"{raw.selection}, kg conventions"))
    return [s for s in sets if s.name in requested]


def evaluate_sets(nlp: Language, sets: Iterable[EvalSet], *, model: str = "") -> dict[str, Report]:
    """Score ``nlp`` on each development set with :func:`kg.evaluate.evaluate`."""
    return {s.name: evaluate(nlp, s.docs, labels=s.labels, mapping=s.mapping, gold=s.gold, format=s.name,
                             selection=s.selection, model=model) for s in sets}


def measure_speed(nlp: Language, texts: Sequence[str], *, repeats: int = 3, batch_size: int = 64) -> float:
    """Words (spaCy tokens) per second of ``nlp.pipe`` in one process: the best of ``repeats`` passes.

    Examples
    --------
    >>> import spacy
    >>> measure_speed(spacy.blank("en"), ["a b c"] * 10) > 0
    True
    """
    best = 0.0
    for _ in range(repeats):
        started = perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        best = max(best, words / max(perf_counter() - started, 1e-9))
    return best


def seed_texts(paths: DataPaths) -> list[str]:
    """The abstracts of the seed pages (every distinct paper), for speed measurements."""
    return [paper.abstract for paper in read_corpus([paths.seeds]).papers]
