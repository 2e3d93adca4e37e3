"""kg/graph/comention.py: comention_graph against the plain-loop reference (tests/reference.py)."""

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
