"""kg/analysis/views.py: filter_edges, sentence_graph, weighted_graph."""

from dataclasses import replace

import pytest
from reference import tiny_graph

from kg import analysis as A
from kg.analysis import AnalysisError


def test_filter_edges_and_sentence_graph():
    w = A.add_weights(tiny_graph(), 10)
    assert sorted(A.filter_edges(w, min_papers=2).edges) == [("a", "b"), ("a", "c")]
    kept = A.filter_edges(w, max_q=0.39286)
    assert sorted(kept.edges) == [("a", "b"), ("a", "c")] and "b" in kept
    only = A.filter_edges(w, min_papers=3)
    assert sorted(only.nodes) == ["a", "c"]
    assert sorted(A.filter_edges(w, min_papers=3, keep_isolates=True).nodes) == ["a", "b", "c"]
    s = A.sentence_graph(w)
    assert sorted(s.edges) == [("a", "b"), ("b", "c")] and s.edges["b", "c"]["weight"] == 2
    assert w.edges["b", "c"]["weight"] == 1  # the input keeps its weights
    with pytest.raises(AnalysisError, match="add_weights"):
        A.filter_edges(tiny_graph(), max_q=0.05)
    with pytest.raises(AnalysisError):
        A.filter_edges(w, min_papers=0)
    with pytest.raises(AnalysisError):
        A.filter_edges(w, max_q=1.5)


def test_weighted_graph_takes_the_builds_totals(sample_build):
    g = A.weighted_graph(sample_build, weight="npmi")
    assert g is not sample_build.graph
    assert g.graph["n_papers"] == sample_build.manifest["counts"]["papers"]
    assert g.graph["n_sentences"] == sum(len(spans) for spans in sample_build.sentences.values()) > 0
    assert g.number_of_edges() == sample_build.graph.number_of_edges() > 0
    for _, _, d in g.edges(data=True):
        assert d["weight"] == d["npmi"] and "sentence_q_value" in d
    # Without recorded sentences (and without a manifest) the papers loaded are the total and no sentence layer is made.
    bare = A.weighted_graph(replace(sample_build, sentences={}, manifest={}))
    assert bare.graph["n_papers"] == len(sample_build.papers) and "n_sentences" not in bare.graph
    assert all("sentence_q_value" not in d and d["weight"] == d["papers"] for _, _, d in bare.edges(data=True))
