import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import build_graph
from kg.records import Mention
from kg.resolve import normalise_key, resolve


def test_normalise_key_variants():
    assert normalise_key("Vision-Language Models") == normalise_key("vision language model")
    assert normalise_key("Datasets") == "dataset"
    assert normalise_key("Café") == normalise_key("cafe")
    assert normalise_key("ResNet-50") == normalise_key("ResNet50")
    assert normalise_key("analysis") == "analysis"


def test_abbreviation_and_long_form_are_one_entity():
    ms = [Mention("p1", 0, 0, 3, "GRAM", "METHOD", "r"),
          Mention("p1", 0, 5, 40, "Gradient-RegulAted Meta-prompt learning", "METHOD", "r"),
          Mention("p2", 0, 0, 3, "GRAM", "METHOD", "r")]
    entities, assignment = resolve(ms, [("METHOD", "GRAM", "Gradient-RegulAted Meta-prompt learning")])
    assert len(entities) == 1 and set(assignment.values()) == {entities[0].id}
    assert entities[0].name == "Gradient-RegulAted Meta-prompt learning"
    assert entities[0].aliases == ("GRAM",) and entities[0].papers == 2


def test_same_key_different_label_are_different_entities():
    ms = [Mention("p1", 0, 0, 3, "X1", "METHOD", "r"), Mention("p1", 0, 0, 3, "X1", "DATASET", "r")]
    entities, _ = resolve(ms)
    assert {e.id for e in entities} == {"method:x 1", "dataset:x 1"}


names = st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "image classification", "QA", "LoRA"])
labels = st.sampled_from(["METHOD", "DATASET", "TASK"])
mention = st.builds(lambda p, s, n, lab: Mention(f"p{p}", s, 0, len(n), n, lab, "r"),
                    st.integers(0, 6), st.integers(0, 3), names, labels)


@settings(max_examples=150, deadline=None)
@given(st.lists(mention, max_size=40))
def test_graph_invariants(ms):
    entities, assignment = resolve(ms)
    graph = build_graph(entities, ms, assignment)
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    papers_of = {}
    sentences_of = {}
    for i, m in enumerate(ms):
        papers_of.setdefault(assignment[i], set()).add(m.paper_id)
        sentences_of.setdefault(assignment[i], set()).add((m.paper_id, m.sentence))
    for e in entities:
        assert graph.nodes[e.id]["papers"] == len(papers_of[e.id])
    ids = sorted(papers_of)
    for a in ids:
        for b in ids:
            if a >= b:
                continue
            shared = len(papers_of[a] & papers_of[b])
            # An edge exists exactly when two entities share a paper; its count is the number of shared papers.
            assert graph.has_edge(a, b) == (shared > 0)
            if shared:
                assert graph.edges[a, b]["papers"] == graph.edges[b, a]["papers"] == shared
                assert graph.edges[a, b]["sentences"] == len(sentences_of[a] & sentences_of[b])
                assert 0 < len(graph.edges[a, b]["evidence"].split("|")) <= 10
    assert not any(u == v for u, v in graph.edges)
