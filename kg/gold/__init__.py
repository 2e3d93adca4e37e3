"""Gold annotations for measuring extraction: readers of the annotated corpora and their label mappings.

Every reader yields :class:`GoldDoc` records: a raw text and character spans ``(start, end, label)`` into it,
with labels already mapped to kg's labels. Corpora that only ship token lists get their text rebuilt by
:func:`detokenize` (readable spacing, exact token-to-character offsets), so that a pipeline sees prose, not
tokens joined by spaces.

Formats (``format=`` names; :func:`detect_format` guesses one from the file):

``scierc``
    SciERC JSON Lines (``doc_key``, ``sentences``, ``ner`` with inclusive document-level token indices).
``scier``
    SciER "PLM" JSON Lines (``doc_id``, ``doc_tokens``, ``sentences``, ``ner``, same index convention).
``tdmsci``
    TDMSci CoNLL: ``token<TAB>char_offset<TAB>BIO-tag``, a blank line between sentences (the offset column is
    optional; when present it restores the original spacing). One document per sentence.
``heddes``
    The dataset-name IOB CSV of Heddes et al. (2021): header ``,Sentence #,Word,POS,Tag``, plain ``B``/``I``/``O``
    tags. One document per sentence.
``kg``
    kg's own annotations: JSON Lines ``{"paper": id, "abstract_sha1": ..., "split": ..., "spans": [[start, end,
    label], ...]}`` holding offsets only; the abstract is re-attached from a corpus read with
    :func:`kg.corpus.read_corpus` and checked against ``abstract_sha1`` (SHA-1 of the UTF-8 abstract).

Corpora without a dev split (TDMSci, the dataset-name corpus) are measured on a fixed fifth of their train file:
:func:`holdout` keeps documents 4, 9, 14, ... (0-based, file order). Neither corpus has paper ids, so
neighbouring sentences of one paper can fall on both sides: train on the other four fifths with that in mind.

The modules: :mod:`~kg.gold.records` (the records and label mappings), :mod:`~kg.gold.tokens`
(:func:`detokenize`), :mod:`~kg.gold.reading` (helpers the readers share), :mod:`~kg.gold.dygie` (``scierc``,
``scier``), :mod:`~kg.gold.bio` (``tdmsci``, ``heddes``), :mod:`~kg.gold.offsets` (``kg``) and
:mod:`~kg.gold.formats` (:data:`FORMATS`, :func:`detect_format`, :func:`holdout`, :func:`read_gold`).
"""

from kg.gold.bio import bio_spans, read_heddes, read_tdmsci
from kg.gold.dygie import read_scier, read_scierc
from kg.gold.formats import FORMATS, default_mapping, detect_format, holdout, mapped_labels, read_gold
from kg.gold.offsets import DEFAULT_CORPUS, abstract_sha1, read_kg
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
    Span,
)
from kg.gold.tokens import detokenize

__all__ = [
    "DEFAULT_CORPUS", "FORMATS", "HEDDES_MAPPING", "KG_MAPPING", "SCIERC_MAPPING", "SCIERC_MATERIAL_MAPPING",
    "SCIER_MAPPING", "TDMSCI_MAPPING", "GoldDoc", "GoldSet", "LabelMap", "Span", "abstract_sha1", "bio_spans",
    "default_mapping", "detect_format", "detokenize", "holdout", "mapped_labels", "read_gold", "read_heddes",
    "read_kg", "read_scier", "read_scierc", "read_tdmsci",
]
