"""Training kg's statistical ``ner`` and combining it with the rules: the recipe as plain functions.

1. :func:`read_sources` reads the training corpora with :mod:`kg.gold` and maps them to kg's labels: kg's own
   annotations (:data:`KG_SOURCES`, oversampled: the seed train split, and SciREX train abstracts, which are then
   not read with SciREX's labels as well), SciERC train (Method, Task), TDMSci train and the
   dataset-name corpus (Heddes et al.) minus the fifth that :func:`kg.gold.holdout` keeps for measurement, and
   SciREX train abstracts and body sentences (Method, Task, Material as DATASET; papers that a development set
   also holds are left out). :func:`apply_conventions` moves their spans towards kg's guidelines (generic heads
   left out, acronyms in parentheses split off, coordinated names split). SciER is GPL-3.0: only measured on.
2. :func:`to_docbin` turns :class:`TrainingDoc` records into a spaCy ``DocBin``. A corpus that annotates only
   some labels must not teach that the others are absent: under the ``"candidates"`` policy the tokens where
   such a label may hide (what the rules find for it, name-like words, SciERC's ``Material``) are marked
   *missing*, so the model gets no gradient there, and every other token is ``O``.
3. :func:`train_ner` trains ``kg/nlp/configs/ner.cfg`` (CNN tok2vec + ``ner``, CPU) with spaCy's own loop.
4. :func:`kg.nlp.build_trained_pipeline` loads the trained model and adds kg's rule components: the model's
   entities become one more candidate source of ``kg_entity_resolver`` (``"union"``, the shipped mode), or one
   side keeps its mentions and the other fills the gaps (``"gaps"``, ``"fill"``).
5. :func:`evaluate_sets` scores a pipeline on the development sets (:func:`evaluation_sets`); never on tests.

:func:`run_training` runs the whole recipe; ``kg train`` is thin glue over it.

The modules: :mod:`~kg.train.records` (the dataclasses), :mod:`~kg.train.conventions`, :mod:`~kg.train.sources`
(step 1), :mod:`~kg.train.convert` (2), :mod:`~kg.train.ner` (3), :mod:`~kg.train.pipeline` (the shipped
pipeline's meta), :mod:`~kg.train.measure` (5) and :mod:`~kg.train.recipe`.
"""

from kg.nlp.pipeline import MODES, build_trained_pipeline
from kg.train.conventions import (
    DATASET_HEADS,
    METHOD_GENERIC_HEADS,
    TASK_GENERIC_HEADS,
    apply_conventions,
    split_acronyms,
    strip_heads,
)
from kg.train.convert import make_doc, to_docbin
from kg.train.measure import EVAL_SETS, evaluate_sets, evaluation_sets, measure_speed, seed_texts
from kg.train.ner import DEFAULT_CONFIG, train_ner
from kg.train.pipeline import SOURCE_META, pipeline_meta, save_pipeline
from kg.train.recipe import run_training
from kg.train.records import (
    ABSENT_POLICIES,
    KG_SOURCES,
    SOURCES,
    ConversionStats,
    DataPaths,
    EvalSet,
    Recipe,
    TrainingDoc,
    TrainingSource,
    TrainResult,
)
from kg.train.sources import (
    SCIREX_MAPPING,
    drop_overlapping,
    name_regions,
    read_scirex,
    read_scirex_kg,
    read_sources,
    rule_regions,
)

__all__ = [
    "ABSENT_POLICIES", "DATASET_HEADS", "DEFAULT_CONFIG", "EVAL_SETS", "KG_SOURCES", "METHOD_GENERIC_HEADS",
    "MODES", "SCIREX_MAPPING", "SOURCES", "SOURCE_META", "TASK_GENERIC_HEADS", "ConversionStats", "DataPaths",
    "EvalSet", "Recipe", "TrainResult", "TrainingDoc", "TrainingSource", "apply_conventions",
    "build_trained_pipeline", "drop_overlapping", "evaluate_sets", "evaluation_sets", "make_doc", "measure_speed",
    "name_regions", "pipeline_meta", "read_scirex", "read_scirex_kg", "read_sources", "rule_regions",
    "run_training", "save_pipeline", "seed_texts", "split_acronyms", "strip_heads", "to_docbin", "train_ner",
]
