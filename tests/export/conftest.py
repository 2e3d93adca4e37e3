import pytest


@pytest.fixture(scope="session")
def analysed(sample_build):
    """The sample build's graph with weights and communities (kg.analysis)."""
    from kg import analysis as A

    return A.communities(A.weighted_graph(sample_build), seed=0)
