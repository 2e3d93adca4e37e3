"""What the gold readers give: :class:`GoldDoc` and :class:`GoldSet`, and the label mappings of each corpus."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kg.records import LABELS

Span = tuple[int, int, str]
LabelMap = Mapping[str, "str | None"]

#: SciERC -> kg. ``Material`` is dropped by default because SciERC uses it for any data or resource
#: (languages, recordings, image collections, lexicons, generic "data"), not only for named datasets, so
#: scoring it as DATASET would charge kg for data words that its guidelines exclude. Use
#: :data:`SCIERC_MATERIAL_MAPPING` to score it anyway (an upper bound on DATASET recall errors).
SCIERC_MAPPING: LabelMap = MappingProxyType({
    "Method": "METHOD", "Task": "TASK",
    "Material": None, "Metric": None, "OtherScientificTerm": None, "Generic": None,
})
#: SciERC -> kg with ``Material`` scored as DATASET (opt in: ``material_as_dataset=True``).
SCIERC_MATERIAL_MAPPING: LabelMap = MappingProxyType({**SCIERC_MAPPING, "Material": "DATASET"})
#: SciER -> kg: its three labels follow the same definitions as kg's.
SCIER_MAPPING: LabelMap = MappingProxyType({"Method": "METHOD", "Dataset": "DATASET", "Task": "TASK"})
#: TDMSci -> kg. kg extracts no metrics, so ``METRIC`` is dropped (pass ``{"METRIC": "METRIC", ...}`` to keep it).
TDMSCI_MAPPING: LabelMap = MappingProxyType({"TASK": "TASK", "DATASET": "DATASET", "METRIC": None})
#: Heddes et al. (2021) dataset names -> DATASET (the IOB files carry one untyped entity class).
HEDDES_MAPPING: LabelMap = MappingProxyType({"Dataset": "DATASET"})
#: kg's own annotations already use kg's labels.
KG_MAPPING: LabelMap = MappingProxyType({label: label for label in LABELS})


@dataclass(frozen=True)
class GoldDoc:
    """One annotated text.

    Attributes
    ----------
    id : str
        Document id from the corpus (``doc_key``, sentence number, paper id, ...).
    text : str
        The raw text the spans point into (rebuilt from tokens where the corpus has no raw text).
    spans : tuple of (int, int, str)
        Sorted, de-duplicated ``(start, end, label)`` character spans, ``text[start:end]`` being the mention,
        labels already mapped to kg's (spans of dropped labels are gone).
    source : str
        ``file:line`` where the document starts.
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    source: str

    def mentions(self) -> list[tuple[str, str]]:
        """The ``(text, label)`` of every span, in order.

        Examples
        --------
        >>> GoldDoc("d", "We use BERT.", ((7, 11, "METHOD"),), "f:1").mentions()
        [('BERT', 'METHOD')]
        """
        return [(self.text[start:end], label) for start, end, label in self.spans]


@dataclass(frozen=True)
class GoldSet:
    """A gold corpus as read: its documents and what its labels mean.

    Attributes
    ----------
    docs : tuple of GoldDoc
    format : str
        One of :data:`FORMATS`.
    path : str
    mapping : mapping of str to str or None
        Source label -> kg label (``None``: dropped).
    labels : tuple of str
        The kg labels this corpus annotates: only these are scored.
    """

    docs: tuple[GoldDoc, ...]
    format: str
    path: str
    mapping: LabelMap
    labels: tuple[str, ...]
