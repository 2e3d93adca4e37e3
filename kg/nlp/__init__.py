"""spaCy side of kg: pipeline assembly, registered components and pattern files."""

from kg.nlp.pipeline import RULES, build_rules_pipeline, load_pipeline, model_fingerprint, pipeline_version

__all__ = ["RULES", "build_rules_pipeline", "load_pipeline", "model_fingerprint", "pipeline_version"]
