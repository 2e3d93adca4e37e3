"""kg/analysis/structure.py: node and edge frames, communities, centralities."""

import networkx as nx
import pytest

from kg import analysis as A
from kg.analysis import AnalysisError


def test_frames_match_graph(sample_build):
    g = A.weighted_graph(sample_build)
    nodes, edges = A.nodes_frame(g), A.edges_frame(g)
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    assert list(nodes.columns[:5]) == ["label", "name", "aliases", "papers", "mentions"]
    assert {"association", "npmi", "jaccard", "p_value", "q_value", "sentence_npmi"} <= set(edges.columns)
    assert g.graph["n_papers"] == sample_build.manifest["counts"]["papers"]
    empty = A.edges_frame(nx.Graph())
    assert empty.empty and "source" in empty.columns


def test_communities_deterministic_and_labelled(sample_build):
    g = A.weighted_graph(sample_build)
    for _, data in g.nodes(data=True):  # builds carry communities already; start from none
        data.pop("community", None)
    one = A.communities(g, seed=7, resolution=1.0)
    two = A.communities(g, seed=7, resolution=1.0)
    assert dict(one.graph.nodes(data="community")) == dict(two.graph.nodes(data="community"))
    assert one.table.equals(two.table) and one.modularity == two.modularity
    sizes = one.table["size"].tolist()
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == g.number_of_nodes()
    assert one.table.index.tolist() == list(range(len(sizes)))
    assert 0 < one.modularity <= 1
    assert all(one.table["label"].str.len() > 0)
    assert "community" not in g.nodes[next(iter(g))]  # input untouched
    finer = A.communities(g, seed=7, resolution=3.0)
    assert len(finer.table) >= len(one.table)
    with pytest.raises(AnalysisError):
        A.communities(g, resolution=0)
    with pytest.raises(AnalysisError, match="numeric"):
        A.communities(g, weight="evidence")


def test_communities_hand_example():
    # Two triangles joined by one edge: Louvain must split them.
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    nx.set_edge_attributes(g, 1, "papers")
    for n in g:
        g.nodes[n].update(label="METHOD" if n in "ab" else "TASK", name=n.upper(), papers=1)
    result = A.communities(g, seed=0)
    groups = {frozenset(n for n, k in result.graph.nodes(data="community") if k == c) for c in (0, 1)}
    assert groups == {frozenset("abc"), frozenset("xyz")}
    # Q = 2 * (3/7 - (7/14)^2) = 5/14
    assert result.modularity == pytest.approx(5 / 14)
    # a and b keep all their links inside (share 1, inside weight 2); c has 2 of 3 inside -> ranked after.
    row = result.table.loc[result.graph.nodes["a"]["community"]]
    assert row["label"] == "A, B, C" and row["METHOD"] == "A, B" and row["TASK"] == "C"
    assert row["internal_weight"] == 3.0


def test_centralities(sample_build):
    g = sample_build.graph
    frame = A.centralities(g)
    assert len(frame) == g.number_of_nodes() and frame.attrs["betweenness_k"] is None
    assert frame["pagerank"].sum() == pytest.approx(1.0)
    assert frame["pagerank"].is_monotonic_decreasing
    assert (frame["weighted_degree"] >= frame["degree"]).all()
    sampled = A.centralities(g, exact_up_to=50, seed=3)
    again = A.centralities(g, exact_up_to=50, seed=3)
    assert sampled.attrs["betweenness_k"] == 50 and sampled["betweenness"].equals(again["betweenness"])
    path = nx.path_graph(["a", "b", "c"])
    nx.set_edge_attributes(path, 1, "papers")
    assert A.centralities(path)["betweenness"].to_dict() == {"b": 1.0, "a": 0.0, "c": 0.0}
    assert A.centralities(nx.Graph()).empty
    with pytest.raises(AnalysisError):
        A.centralities(g, k=0)
