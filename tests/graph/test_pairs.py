"""kg/graph/pairs.py: the pair counts and evidence of the co-mention graph, and pairs_within."""

from itertools import pairwise

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import comention_graph
from kg.records import Mention
from kg.resolve import resolve

names = st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "image classification", "QA", "LoRA"])


labels = st.sampled_from(["METHOD", "DATASET", "TASK"])


def mentions_over(papers: int, sentences: int):
    """Mentions of the sample names in ``papers`` papers ("p00", "p01", ...) of ``sentences`` sentences each."""
    return st.builds(lambda p, s, n, lab: Mention(f"p{p:02d}", s, 0, len(n), n, lab, "r"),
                     st.integers(0, papers - 1), st.integers(0, sentences - 1), names, labels)


mention = mentions_over(7, 4)


@settings(max_examples=150, deadline=None)
@given(st.lists(mention, max_size=40))
def test_graph_invariants(ms):
    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    graph = comention_graph(entities, ms, assignment, n_papers=max(1, len({m.paper_id for m in ms}))).graph
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


def _reference_evidence(a_where, b_where, limit=10):
    """Evidence spelled out the slow way: shared sentences in (paper, sentence) order, then papers."""
    papers = sorted(set(a_where) & set(b_where))
    same = [f"{p}#{s}" for p in papers for s in sorted(a_where[p] & b_where[p])]
    rest = [p for p in papers if not a_where[p] & b_where[p]]
    return "|".join((same + rest)[:limit])


many_papers = mentions_over(25, 5)


@settings(max_examples=150, deadline=None)
@given(st.lists(many_papers, max_size=120))
def test_evidence_matches_the_definition(ms):
    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    graph = comention_graph(entities, ms, assignment, n_papers=max(1, len({m.paper_id for m in ms}))).graph
    where = {}
    for i, m in enumerate(ms):
        where.setdefault(assignment[i], {}).setdefault(m.paper_id, set()).add(m.sentence)
    for u, v, evidence in graph.edges(data="evidence"):
        assert evidence == _reference_evidence(where[u], where[v])
    # Edges come in the order of their sorted ends, whatever the order of the mentions.
    again = comention_graph(entities, list(reversed(ms)), {len(ms) - 1 - i: e for i, e in assignment.items()},
                            n_papers=max(1, len({m.paper_id for m in ms}))).graph
    assert list(again.edges(data=True)) == list(graph.edges(data=True))


def test_pairs_within_groups():

    from kg.graph.pairs import pairs_within

    left, right = pairs_within(np.array([3, 3, 3, 3, 7, 9, 9]))
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (5, 6)]
    assert [x.size for x in pairs_within(np.array([], dtype=np.int64))] == [0, 0]


def test_comention_pairs_columns_and_limits():
    from kg.graph.pairs import comention_pairs

    ms = [Mention(f"p{p}", s, 0, 1, n, "METHOD", "r") for p in range(3) for s in range(3) for n in ("A", "B")]
    ms.append(Mention("p1", 5, 0, 1, "C", "METHOD", "r"))  # not in the assignment: no entity's
    assignment = {i: m.text.lower() for i, m in enumerate(ms[:-1])}
    pairs = comention_pairs(ms, {**assignment, 99: "ghost"}, max_evidence=4)  # an index past the mentions is left out
    assert pairs.keys == ["a", "b"]
    assert [x.tolist() for x in (pairs.source, pairs.target, pairs.papers, pairs.sentences)] == [[0], [1], [3], [9]]
    assert pairs.evidence == ["p0#0|p0#1|p0#2|p1#0"]  # shared sentences in paper and sentence order, cut at 4
    assert comention_pairs(ms, assignment).evidence == ["|".join(f"p{p}#{s}" for p in range(3) for s in range(3))]
    empty = comention_pairs(ms, {})
    assert empty.keys == [] and empty.evidence == [] and empty.papers.size == 0


class _Serial:
    """A PartitionMap that counts ``parts`` partitions in this process and records what it was given."""

    def __init__(self, parts: int) -> None:
        self.parts = parts
        self.sizes: list[int] = []

    def map(self, fn, items):
        self.sizes = [item.shape[1] for item in items]
        return [fn(item) for item in items]


@settings(max_examples=150, deadline=None)
@given(st.lists(mentions_over(12, 5), max_size=60), st.integers(1, 6), st.integers(1, 4))
def test_counting_in_partitions_gives_the_counts_of_one(ms, parts, max_evidence):
    from kg.graph.pairs import comention_pairs

    assignment = {i: m.text.lower() for i, m in enumerate(ms)}
    one = comention_pairs(ms, assignment, max_evidence=max_evidence)
    mapper = _Serial(parts)
    split = comention_pairs(ms, assignment, max_evidence=max_evidence, mapper=mapper)
    assert split.keys == one.keys and split.evidence == one.evidence
    for a, b in zip((split.source, split.target, split.papers, split.sentences),
                    (one.source, one.target, one.papers, one.sentences), strict=True):
        assert a.tolist() == b.tolist()
    if ms:
        assert sum(mapper.sizes) == len(ms) and len(mapper.sizes) <= parts


def test_partitions_never_cut_a_paper():
    from kg.graph.pairs import partitions

    pap = np.array([3, 0, 0, 2, 0, 1, 2, 0])
    for parts in (1, 2, 3):
        cut = partitions(pap, np.zeros(8, dtype=np.int64), np.arange(8), parts)
        assert 1 <= len(cut) <= parts
        assert np.concatenate([c[0] for c in cut]).tolist() == sorted(pap.tolist())
        assert all(c[0].max() < d[0].min() for c, d in pairwise(cut))  # consecutive papers, none in two parts
    assert [p.shape[1] for p in partitions(pap, pap, pap, 20)] == [4, 1, 2, 1]  # one paper each at most
