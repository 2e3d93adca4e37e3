"""kg/graph/comention.py: comention_graph against the plain-loop reference (tests/reference.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import comention_reference

from kg import analysis as A
from kg.graph.edgetable import edge_table
from kg.records import Mention
from kg.resolve import resolve


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(lambda p, s, n, lab: Mention(f"p{p}", s, 0, len(n), n, lab, "r"),
                          st.integers(0, 9), st.integers(0, 3),
                          st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "QA", "LoRA", "CLIP"]),
                          st.sampled_from(["METHOD", "DATASET", "TASK"])), max_size=60),
       st.sampled_from(["papers", "npmi", "association"]))
def test_comention_graph_is_the_reference_graph_then_add_weights(ms, weight):
    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    n_sentences = 40
    expected = A.add_weights(comention_reference(entities, ms, assignment), 12, n_sentences=n_sentences,
                             node_sentences=A.sentence_counts(ms, assignment), weight=weight)
    got = A.comention_graph(entities, ms, assignment, 12, n_sentences=n_sentences, weight=weight).graph
    assert got.graph == expected.graph
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert [(u, v, list(d.items())) for u, v, d in got.edges(data=True)] == \
        [(u, v, list(d.items())) for u, v, d in expected.edges(data=True)]
    plain = A.comention_graph(entities, ms, assignment, 12).graph
    assert "n_sentences" not in plain.graph
    assert all("sentence_q_value" not in d for _, _, d in plain.edges(data=True))
    graph, table = A.comention_graph(entities, ms, assignment, 12, n_sentences=n_sentences, weight=weight)
    assert table == edge_table(graph)  # made from the arrays, in the order graph.edges() lists them


def test_without_edge_data_the_edges_share_one_read_only_mapping():
    ms = [Mention(f"p{i // 3}", 0, 0, 1, name, "METHOD", "r") for i, name in enumerate(["BERT", "LoRA", "CLIP"] * 4)]
    found = resolve(ms)
    graph, table = A.comention_graph(found.entities, ms, found.assignment, 4, edge_data=False)
    rows = [d for _, _, d in graph.edges(data=True)]
    assert rows and all(d is rows[0] and dict(d) == {} for d in rows) and len(table) == len(rows)
    with pytest.raises(TypeError):
        rows[0]["papers"] = 1  # the values live in the table: an edge cannot be written behind its back
    assert dict(graph.copy().edges[next(iter(graph.edges))]) == {}  # a copy has dicts of its own


@settings(max_examples=40, deadline=None)
@given(st.lists(st.builds(lambda p, s, n: Mention(f"p{p}", s, 0, len(n), n, "METHOD", "r"),
                          st.integers(0, 9), st.integers(0, 3),
                          st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "QA", "LoRA", "CLIP"])), max_size=60),
       st.integers(1, 3), st.sampled_from([None, 0.05, 0.5]))
def test_a_graph_of_chosen_pairs_is_the_filtered_graph(ms, min_papers, max_q):
    from kg.graph import graph_of, pair_weights

    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    full, _ = A.comention_graph(entities, ms, assignment, 12, n_sentences=40)
    expected = A.filter_edges(full, min_papers=min_papers, max_q=max_q, keep_isolates=True)
    every = pair_weights(entities, ms, assignment, 12, n_sentences=40)
    keep = every.pairs.papers >= min_papers
    if max_q is not None:
        keep &= every.columns["q_value"] <= max_q
    weighed = pair_weights(entities, ms, assignment, 12, n_sentences=40, min_papers=min_papers, max_q=max_q)
    assert weighed.significant == every.significant == int((every.columns["q_value"] <= 0.05).sum())
    filtered = min_papers > 1 or max_q is not None
    assert (weighed.rows is None) != filtered and (not filtered or weighed.rows.tolist() == keep.nonzero()[0].tolist())
    for name, column in every.columns.items():  # the same values, weighed for the rows kept alone
        assert weighed.columns[name].tolist() == column[keep].tolist()
    got, table = graph_of(entities, weighed)
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert [(u, v, list(d.items())) for u, v, d in got.edges(data=True)] == \
        [(u, v, list(d.items())) for u, v, d in expected.edges(data=True)]
    assert table == edge_table(expected)
    rows = keep.nonzero()[0]
    assert weighed.pairs.evidence_of(rows[::-1]) == [weighed.pairs.evidence[i] for i in rows[::-1]]
