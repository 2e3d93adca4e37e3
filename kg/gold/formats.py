"""The formats by name, guessing one from a file, the dev fifth of corpora without a dev split, and
:func:`read_gold`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from kg.corpus import Corpus
from kg.errors import GoldError, Messages
from kg.gold.bio import read_heddes, read_tdmsci
from kg.gold.dygie import read_scier, read_scierc
from kg.gold.offsets import DEFAULT_CORPUS, read_kg
from kg.gold.reading import _read
from kg.gold.records import (
    HEDDES_MAPPING,
    KG_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    SCIERC_MATERIAL_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
    GoldSet,
    LabelMap,
)
from kg.records import LABELS

Reader = Callable[..., Iterator[GoldDoc]]

#: Format name -> (reader, default mapping).
FORMATS: Mapping[str, tuple[Reader, LabelMap]] = MappingProxyType({
    "scierc": (read_scierc, SCIERC_MAPPING),
    "scier": (read_scier, SCIER_MAPPING),
    "tdmsci": (read_tdmsci, TDMSCI_MAPPING),
    "heddes": (read_heddes, HEDDES_MAPPING),
    "kg": (read_kg, KG_MAPPING),
})


def default_mapping(format: str, *, material_as_dataset: bool = False) -> LabelMap:
    """The documented label mapping of a format.

    Examples
    --------
    >>> dict(default_mapping("scier"))
    {'Method': 'METHOD', 'Dataset': 'DATASET', 'Task': 'TASK'}
    >>> default_mapping("scierc", material_as_dataset=True)["Material"]
    'DATASET'
    """
    if format not in FORMATS:
        raise GoldError(format, 0, Messages.GOLD_UNKNOWN_FORMAT.format(name=format, known=sorted(FORMATS)))
    if format == "scierc" and material_as_dataset:
        return SCIERC_MATERIAL_MAPPING
    return FORMATS[format][1]


def mapped_labels(mapping: LabelMap) -> tuple[str, ...]:
    """The labels a mapping produces: kg's in kg's order, then any others sorted.

    >>> mapped_labels(SCIERC_MAPPING)
    ('METHOD', 'TASK')
    """
    values = {label for label in mapping.values() if label is not None}
    return tuple(label for label in LABELS if label in values) + tuple(sorted(values - set(LABELS)))


def detect_format(path: str | Path) -> str:
    """Guess the gold format from the file name and its first line.

    Raises
    ------
    GoldError
        The file does not exist or looks like none of :data:`FORMATS`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = f.write_text('{"paper": "p1", "abstract_sha1": "0", "spans": []}\\n')
    >>> detect_format(f)
    'kg'
    """
    path = Path(path)
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".conll"):
        return "tdmsci"
    text = _read(path, "a gold file")
    first = next((line for line in text.split("\n") if line.strip()), "").rstrip("\r")
    if name.endswith(".csv") and "Sentence #" in first and "Tag" in first:
        return "heddes"
    if first.lstrip().startswith("{"):
        try:
            keys = set(json.loads(first))
        except (json.JSONDecodeError, TypeError):
            keys = set()
        if {"paper", "spans"} <= keys:
            return "kg"
        if {"sentences", "ner"} <= keys:
            return "scier" if "doc_tokens" in keys or "doc_id" in keys else "scierc"
    elif 2 <= len(first.split("\t")) <= 3:
        return "tdmsci"
    raise GoldError(str(path), 0, Messages.UNDETECTED.format(known=sorted(FORMATS)))


def holdout(docs: Iterable[GoldDoc], *, every: int = 5, part: str = "dev") -> Iterator[GoldDoc]:
    """A deterministic split for corpora without a dev set: the ``i``-th document (0-based, file order) is dev
    when ``i % every == every - 1`` (every fifth by default), train otherwise.

    Examples
    --------
    >>> docs = [GoldDoc(str(i), "", (), "") for i in range(11)]
    >>> [d.id for d in holdout(docs)]
    ['4', '9']
    >>> len(list(holdout(docs, part="train")))
    9

    Raises
    ------
    GoldError
        ``part`` is neither ``"dev"`` nor ``"train"`` (when the result is iterated).
    """
    if part not in ("dev", "train"):
        raise GoldError(str(part), 0, Messages.HOLDOUT_PART.format(part=part))
    for i, doc in enumerate(docs):
        if (i % every == every - 1) == (part == "dev"):
            yield doc


def read_gold(path: str | Path, *, format: str | None = None, mapping: LabelMap | None = None,
              material_as_dataset: bool = False, corpus: Corpus | Iterable[str | Path] = (DEFAULT_CORPUS,),
              split: str | None = None) -> GoldSet:
    """Read a gold file in any supported format.

    Parameters
    ----------
    path : str or Path
    format : str, optional
        One of :data:`FORMATS`; guessed by :func:`detect_format` when left out.
    mapping : mapping of str to str or None, optional
        Source label -> kg label, replacing the format's default.
    material_as_dataset : bool
        SciERC only: score ``Material`` as DATASET.
    corpus : Corpus or iterable of paths
        ``kg`` format only: where the abstracts are read from.
    split : str, optional
        ``kg`` format only: keep rows of this split.

    Raises
    ------
    GoldError
        Unknown format, unreadable or malformed file (with file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.conll"
    >>> _ = f.write_text("SQuAD\\tB-DATASET\\nF1\\tB-METRIC\\n")
    >>> gold = read_gold(f)
    >>> gold.format, gold.labels, [d.mentions() for d in gold.docs]
    ('tdmsci', ('DATASET', 'TASK'), [[('SQuAD', 'DATASET')]])
    """
    path = Path(path)
    name = format or detect_format(path)
    if name not in FORMATS:
        raise GoldError(str(path), 0, Messages.GOLD_UNKNOWN_FORMAT.format(name=name, known=sorted(FORMATS)))
    label_map = mapping if mapping is not None else default_mapping(name, material_as_dataset=material_as_dataset)
    reader = FORMATS[name][0]
    if name == "kg":
        docs = tuple(reader(path, corpus=corpus, split=split, mapping=label_map))
    else:
        docs = tuple(reader(path, mapping=label_map))
    return GoldSet(docs=docs, format=name, path=str(path), mapping=label_map, labels=mapped_labels(label_map))
