"""spaCy side of kg: pipeline assembly, registered components and pattern files."""

from kg.nlp.pipeline import (
    DEFAULT,
    MODES,
    RULES,
    build_rules_pipeline,
    build_trained_pipeline,
    load_pipeline,
    model_fingerprint,
    model_path,
    pipeline_version,
)

__all__ = ["DEFAULT", "MODES", "RULES", "build_rules_pipeline", "build_trained_pipeline", "load_pipeline",
           "model_fingerprint", "model_path", "pipeline_version"]
