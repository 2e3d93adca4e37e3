"""kg.gold: the package; its code is in :mod:`kg.gold.bio` for now."""

from kg.gold.bio import (
    DEFAULT_CORPUS,
    FORMATS,
    HEDDES_MAPPING,
    KG_MAPPING,
    SCIER_MAPPING,
    SCIERC_MAPPING,
    SCIERC_MATERIAL_MAPPING,
    TDMSCI_MAPPING,
    GoldDoc,
    GoldError,
    GoldMessages,
    GoldSet,
    LabelMap,
    Span,
    abstract_sha1,
    bio_spans,
    default_mapping,
    detect_format,
    detokenize,
    holdout,
    mapped_labels,
    read_gold,
    read_heddes,
    read_kg,
    read_scier,
    read_scierc,
    read_tdmsci,
)

__all__ = [
    "DEFAULT_CORPUS", "FORMATS", "HEDDES_MAPPING", "KG_MAPPING", "SCIERC_MAPPING", "SCIERC_MATERIAL_MAPPING",
    "SCIER_MAPPING", "TDMSCI_MAPPING", "GoldDoc", "GoldError", "GoldMessages", "GoldSet", "LabelMap", "Span",
    "abstract_sha1", "bio_spans", "default_mapping", "detect_format", "detokenize", "holdout", "mapped_labels",
    "read_gold", "read_heddes", "read_kg", "read_scier", "read_scierc", "read_tdmsci",
]
