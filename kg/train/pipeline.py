"""The shipped pipeline: its meta (name, version, sources, licences, recipe, scores) and saving it."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any

import spacy
from spacy.language import Language

from kg.evaluate import Report
from kg.train.records import Recipe

#: Where the training data of the shipped model comes from, and under which terms (``nlp.meta["sources"]``).
SOURCE_META: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "seeds": {"name": "kg seed annotations (train split)", "license": "MIT (offsets; text from the user's pages)"},
    "scierc": {"name": "SciERC train (Luan et al. 2018)", "url": "https://github.com/allenai/scibert",
               "license": "Apache-2.0"},
    "tdmsci": {"name": "TDMSci train minus its dev fifth (Hou et al. 2021)",
               "url": "https://github.com/IBM/science-result-extractor", "license": "Apache-2.0"},
    "heddes": {"name": "Dataset names train minus its dev fifth (Heddes et al. 2021)",
               "url": "https://github.com/xjaeh/ner_dataset_recognition", "license": "CC BY 4.0"},
    "scirex-kg": {"name": "SciREX train abstracts annotated under kg's guidelines (offsets; text: Jain et al. 2020)",
                  "url": "https://github.com/allenai/SciREX", "license": "MIT (offsets); Apache-2.0 (text)"},
    "scirex": {"name": "SciREX train abstracts (Jain et al. 2020)", "url": "https://github.com/allenai/SciREX",
               "license": "Apache-2.0"},
    "scirex-body": {"name": "SciREX train body sentences (Jain et al. 2020)",
                    "url": "https://github.com/allenai/SciREX", "license": "Apache-2.0"},
})


def pipeline_meta(recipe: Recipe, *, seed: int = 0) -> dict[str, Any]:
    """``nlp.meta`` entries of the shipped pipeline: name, version, what it was trained on and the terms.

    Examples
    --------
    >>> meta = pipeline_meta(Recipe(sources=("seeds", "scierc")))
    >>> meta["name"], [s["license"] for s in meta["sources"]][1]
    ('kg_ner', 'Apache-2.0')
    """
    try:
        kg_version = version("kg")
    except PackageNotFoundError:
        kg_version = "0.0.0"
    return {
        "name": "kg_ner", "version": kg_version,
        "description": ("kg's METHOD/DATASET/TASK recogniser: a CNN ner trained by kg.train, combined with kg's "
                        "rule components (abbreviations, gazetteer, cues, resolver)."),
        "license": ("model weights: trained on the sources listed; gazetteer patterns: CC BY-SA 4.0 "
                    "(Papers with Code data); kg code: MIT"),
        "sources": [dict(SOURCE_META[name]) for name in recipe.sources if name in SOURCE_META],
        "kg_recipe": {"sources": list(recipe.sources), "seed_weight": recipe.seed_weight, "absent": recipe.absent,
                      "conventions": recipe.conventions, "names": recipe.names, "negatives": recipe.negatives,
                      "max_steps": recipe.max_steps, "seed": seed},
    }


def save_pipeline(nlp: Language, path: Path) -> int:
    """Write ``nlp`` to ``path`` (replacing it) and return its size in bytes.

    The training-data paths in its config are blanked: they name folders of the machine it was trained on.
    """
    if path.exists():
        shutil.rmtree(path)
    nlp.to_disk(path)
    config = spacy.util.load_config(path / "config.cfg")
    if "paths" in config:
        config["paths"].update({key: None for key in ("train", "dev") if key in config["paths"]})
        config.to_disk(path / "config.cfg")
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _scores_meta(reports: Mapping[str, Mapping[str, Report]], speed: Mapping[str, float]) -> dict[str, Any]:
    """Exact micro F1 (percent) per mode and development set, and words/s: what ``meta["kg_scores"]`` records."""
    return {mode: {"words_per_second": round(speed.get(mode, 0.0)),
                   **{name: round(100 * report.exact["micro"].f1, 1) for name, report in sets.items()}}
            for mode, sets in reports.items()}
