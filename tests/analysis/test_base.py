"""kg/analysis/_base.py: the checks and names the analysis modules share."""

import networkx as nx
import pytest

from kg.analysis._base import check_edge_attribute, check_label, display_names
from kg.errors import AnalysisError, KGError


def test_check_label():
    for label in ("METHOD", "DATASET", "TASK"):
        assert check_label(label, "rows") == label
    for bad in ("PAPER", "method", ""):
        with pytest.raises(AnalysisError) as info:
            check_label(bad, "rows")
        assert isinstance(info.value, KGError)
        assert str(info.value) == f"rows={bad!r} is not an entity label; expected one of METHOD, DATASET, TASK"


def test_check_edge_attribute_names_the_first_edge_without_it():
    g = nx.Graph()
    g.add_edge("a", "b", q_value=0.1)
    g.add_edge("b", "c")
    g.add_edge("c", "d")
    check_edge_attribute(nx.Graph([("x", "y", {"q_value": 1.0})]), "q_value")  # every edge has it: no error
    check_edge_attribute(nx.Graph(), "q_value")  # no edges: nothing to miss
    with pytest.raises(AnalysisError) as info:
        check_edge_attribute(g, "q_value", "run add_weights first")
    assert str(info.value) == "edge 'b' - 'c' has no 'q_value' attribute; run add_weights first"
    with pytest.raises(AnalysisError) as info:
        check_edge_attribute(g, "q_value")
    assert str(info.value) == "edge 'b' - 'c' has no 'q_value' attribute"


def test_display_names_are_unique():
    g = nx.Graph()
    g.add_node("method:a", name="A")
    g.add_node("dataset:a", name="A")
    g.add_node("task:b", name="B")
    g.add_node("task:c")  # no name: the node id
    assert display_names(g) == {"method:a": "A (method:a)", "dataset:a": "A (dataset:a)", "task:b": "B",
                                "task:c": "task:c"}
    # only the chosen nodes count: a name shared with a node left out stays as it is
    assert display_names(g, ["method:a", "task:b"]) == {"method:a": "A", "task:b": "B"}
