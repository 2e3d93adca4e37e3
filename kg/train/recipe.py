"""The whole recipe in one call: :func:`run_training` (``kg train`` is thin glue over it)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

import spacy

from kg.errors import Messages, TrainError
from kg.evaluate import Report
from kg.gold import read_kg
from kg.nlp.pipeline import MODES, build_rules_pipeline, build_trained_pipeline
from kg.train.convert import to_docbin
from kg.train.measure import evaluate_sets, evaluation_sets, measure_speed, seed_texts
from kg.train.ner import DEFAULT_CONFIG, train_ner
from kg.train.pipeline import _scores_meta, pipeline_meta, save_pipeline
from kg.train.records import DataPaths, Recipe, TrainingDoc, TrainingSource, TrainResult
from kg.train.sources import _require_file, read_sources

logger = logging.getLogger(__name__)


def run_training(paths: DataPaths, out: Path, *, recipe: Recipe | None = None, seed: int = 0,
                 config: Path = DEFAULT_CONFIG, overrides: Mapping[str, Any] | None = None,
                 modes: Sequence[str] = ("union",), evaluate_on: Iterable[str] | None = None,
                 log: TextIO | None = None,
                 progress: Callable[[str], None] | None = None) -> TrainResult:
    """The whole recipe: read and map the corpora, write DocBins, train, combine with rules, save, measure.

    Writes under ``out``: ``corpus/{train,dev}.spacy``, ``ner/`` (spaCy's training output) and ``model/``: the
    trained ``tok2vec`` + ``ner`` with kg's meta (recipe, sources, licences, ``kg_mode``: the first of ``modes``,
    and ``kg_scores``). ``kg build --model OUT/model`` combines it with the rules; copied to ``kg/nlp/model`` it
    is the shipped default.

    Parameters
    ----------
    paths : DataPaths
    out : Path
    recipe : Recipe
    seed : int
        Random seed of sampling and training.
    config : Path
        spaCy training config.
    overrides : mapping, optional
        spaCy config overrides (``training.max_steps`` is set from ``recipe``).
    modes : sequence of str
        Pipelines to measure (:data:`MODES`); the first is how ``model/`` combines with the rules when loaded.
    evaluate_on : iterable of str, optional
        Development sets (:func:`evaluation_sets` names); all when left out, none when empty.
    log : text stream, optional
        spaCy's training progress table.
    progress : callable, optional
        Called with a short message at each stage.

    Raises
    ------
    TrainError, GoldError
    """
    def say(message: str) -> None:
        logger.info(message)
        if progress is not None:
            progress(message)

    recipe = recipe or Recipe()
    for mode in modes:
        if mode not in MODES:
            raise TrainError(Messages.UNKNOWN_POLICY.format(what="mode", name=mode, known=list(MODES)))
    say("reading training corpora")
    sources = read_sources(paths, recipe, seed=seed)
    blank = spacy.blank("en")
    train_bin, conversion = to_docbin(blank, sources, absent=recipe.absent)
    dev_docs = [TrainingDoc(d.id, d.text, d.spans) for d in read_kg(
        _require_file(paths.seeds_split("dev"), "kg seed annotations"), corpus=[paths.seeds], split="dev")]
    dev_bin, _ = to_docbin(blank, [TrainingSource("seeds-dev", tuple(dev_docs))])
    corpus_dir = out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    train_bin.to_disk(corpus_dir / "train.spacy")
    dev_bin.to_disk(corpus_dir / "dev.spacy")
    say(f"training on {len(train_bin)} documents ({recipe.max_steps} steps)")
    settings = {"training.max_steps": recipe.max_steps, **(overrides or {})}
    model, seconds = train_ner(corpus_dir / "train.spacy", corpus_dir / "dev.spacy", out / "ner", config=config,
                               seed=seed, overrides=settings, log=log)
    rules = build_rules_pipeline()
    shipped = spacy.load(model)
    shipped.meta.update(pipeline_meta(recipe, seed=seed), kg_mode=modes[0] if modes else "union")
    size = save_pipeline(shipped, out / "model")
    reports: dict[str, dict[str, Report]] = {}
    speed: dict[str, float] = {}
    sets = evaluation_sets(paths, **({} if evaluate_on is None else {"include": evaluate_on}))
    if sets:
        texts = seed_texts(paths)
        for mode in modes:
            say(f"measuring {mode}")
            nlp = build_trained_pipeline(model, mode=mode, rules=rules)
            reports[mode] = evaluate_sets(nlp, sets, model=f"{model} ({mode})")
            speed[mode] = measure_speed(nlp, texts)
        meta_path = out / "model" / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["kg_scores"] = _scores_meta(reports, speed)
        meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return TrainResult(model=model, pipeline=out / "model", seconds=seconds, size_bytes=size,
                       conversion=MappingProxyType(conversion),
                       reports=MappingProxyType({k: MappingProxyType(v) for k, v in reports.items()}),
                       speed=MappingProxyType(speed))
