import pytest


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import build_rules_pipeline

    return build_rules_pipeline()
