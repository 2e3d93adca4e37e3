"""kg/graph/weights.py: pair statistics, the hypergeometric tail, BH q-values, add_weights, sentence_counts."""

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import comention_reference, tiny_graph
from scipy import stats

from kg import analysis as A
from kg.analysis import AnalysisError
from kg.errors import KGError
from kg.records import Mention
from kg.resolve import resolve

# Hand-worked expectations (N = 10).
# A-B: c=2, s=4,2. association = 10*2/(4*2) = 2.5; jaccard = 2/(4+2-2) = 1/2; npmi = ln(2.5)/ln(10/2);
#      p = P(X >= 2), X ~ Hypergeom(10, 4, 2): P(X=2) = C(4,2)C(6,0)/C(10,2) = 6/45.
# A-C: c=3, s=4,5. association = 30/20 = 1.5; jaccard = 3/(4+5-3) = 1/2; npmi = ln(1.5)/ln(10/3);
#      p = P(X=3) + P(X=4) with X ~ Hypergeom(10, 4, 5) = (C(4,3)C(6,2) + C(4,4)C(6,1))/C(10,5) = (60+6)/252.
# B-C: c=1, s=2,5. association = 10/10 = 1 (chance); jaccard = 1/(2+5-1) = 1/6; npmi = ln(1)/ln(10) = 0;
#      p = 1 - P(X=0), X ~ Hypergeom(10, 2, 5) = 1 - C(8,5)/C(10,5) = 1 - 56/252 = 196/252.
# BH, m = 3, p sorted AB (0.1333) < AC (0.2619) < BC (0.7778): p*m/rank = 0.4, 0.39286, 0.7778;
#      running minimum from the top: BC 0.7778, AC 0.39286, AB min(0.4, 0.39286) = 0.39286 = (66/252)*3/2.
EXPECTED = {
    ("a", "b"): {"association": 2.5, "jaccard": 0.5, "npmi": math.log(2.5) / math.log(5),
                 "p_value": 6 / 45, "q_value": 66 / 252 * 3 / 2},
    ("a", "c"): {"association": 1.5, "jaccard": 0.5, "npmi": math.log(1.5) / math.log(10 / 3),
                 "p_value": 66 / 252, "q_value": 66 / 252 * 3 / 2},
    ("b", "c"): {"association": 1.0, "jaccard": 1 / 6, "npmi": 0.0, "p_value": 196 / 252, "q_value": 196 / 252},
}


# Sentence layer (N = 20).
# A-B: c=1, s=5,2. association = 20/10 = 2; npmi = ln 2/ln 20; p = 1 - C(15,2)/C(20,2) = 1 - 105/190 = 85/190.
# A-C: c=0: association 0, npmi -1 by convention, p = q = 1 (not tested).
# B-C: c=2, s=2,6. association = 40/12; npmi = ln(10/3)/ln(10); p = C(2,2)C(18,4)/C(20,6) = 3060/38760 = 3/38.
# BH over the two shared edges: BC 3/38 * 2/1 = 6/38; AB 85/190 * 2/2 = 85/190.
EXPECTED_SENTENCES = {
    ("a", "b"): {"sentence_association": 2.0, "sentence_npmi": math.log(2) / math.log(20),
                 "sentence_p_value": 85 / 190, "sentence_q_value": 85 / 190},
    ("a", "c"): {"sentence_association": 0.0, "sentence_npmi": -1.0, "sentence_p_value": 1.0,
                 "sentence_q_value": 1.0},
    ("b", "c"): {"sentence_association": 40 / 12, "sentence_npmi": math.log(10 / 3) / math.log(10),
                 "sentence_p_value": 3 / 38, "sentence_q_value": 6 / 38},
}


def test_weights_match_hand_computation():
    g = tiny_graph()
    w = A.add_weights(g, 10, n_sentences=20)
    for (u, v), expected in (EXPECTED | EXPECTED_SENTENCES).items():
        for name, value in expected.items():
            assert w.edges[u, v][name] == pytest.approx(value, rel=1e-12, abs=1e-15), (u, v, name)
    assert w.edges["a", "c"]["weight"] == 3  # default display weight: papers
    assert "association" not in g.edges["a", "b"]  # input untouched
    assert w.graph["n_papers"] == 10 and w.graph["n_sentences"] == 20
    again = A.add_weights(w, 10)  # re-weighting without sentences drops the old sentence layer
    assert "sentence_npmi" not in again.edges["a", "b"] and "n_sentences" not in again.graph
    assert again.edges["a", "b"]["q_value"] == pytest.approx(EXPECTED[("a", "b")]["q_value"])


def test_weight_choice_and_node_sentences_argument():
    g = tiny_graph()
    for n in g.nodes:
        del g.nodes[n]["sentences"]
    with pytest.raises(AnalysisError, match="sentence_counts"):
        A.add_weights(g, 10, n_sentences=20)
    w = A.add_weights(g, 10, n_sentences=20, node_sentences={"a": 5, "b": 2, "c": 6}, weight="association")
    assert w.edges["a", "b"]["weight"] == pytest.approx(2.5)
    assert w.edges["b", "c"]["sentence_q_value"] == pytest.approx(6 / 38)


@pytest.mark.parametrize("kwargs, match", [
    ({"n_papers": 4}, "cannot occur"),  # C is in 5 papers
    ({"n_papers": 0}, "n_papers"),
    ({"n_papers": 10, "weight": "nope"}, "weight"),
    ({"n_papers": 10, "n_sentences": -1}, "n_sentences"),
])
def test_add_weights_bad_parameters(kwargs, match):
    with pytest.raises(AnalysisError, match=match) as info:
        A.add_weights(tiny_graph(), **kwargs)
    assert isinstance(info.value, KGError)


def _hypergeom_tail(n, k, draws, c):
    """P(X >= c) by counting: sum over x of C(k, x) C(n-k, draws-x) / C(n, draws)."""
    total = sum(Fraction(math.comb(k, x) * math.comb(n - k, draws - x)) for x in range(c, min(k, draws) + 1))
    return total / math.comb(n, draws)


def test_hypergeometric_p_values_match_counting():
    cases = [(n, si, sj, c) for n in range(1, 13) for si in range(1, n + 1) for sj in range(1, n + 1)
             for c in range(max(0, si + sj - n), min(si, sj) + 1)]
    n, si, sj, c = (np.array(x) for x in zip(*cases, strict=True))
    got = np.concatenate([A.pair_statistics(c[n == k], si[n == k], sj[n == k], k)["p_value"]
                          for k in range(1, 13)])
    want = np.array([float(_hypergeom_tail(*case)) for k in range(1, 13) for case in cases if case[0] == k])
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    # and against scipy called one pair at a time
    assert A.pair_statistics([3], [7], [9], 30)["p_value"][0] == pytest.approx(stats.hypergeom(30, 7, 9).sf(2))


def test_bh_against_hand_worked_example():
    # p = .01 .04 .03 .005, m = 4; sorted .005 .01 .03 .04 -> p*m/rank .02 .02 .04 .04 (already monotone).
    assert A.bh_qvalues([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # p = .02 .021 .9, m = 3: .06, .0315, .9 -> step-up minimum makes the first .0315.
    assert A.bh_qvalues([0.02, 0.021, 0.9]) == pytest.approx([0.0315, 0.0315, 0.9])
    # capped at 1, empty input, bad input
    assert A.bh_qvalues([0.9, 0.8]).tolist() == [0.9, 0.9]
    assert A.bh_qvalues([]).size == 0
    with pytest.raises(AnalysisError):
        A.bh_qvalues([0.1, 1.5])
    if hasattr(stats, "false_discovery_control"):
        rng = np.random.default_rng(0)
        p = rng.uniform(size=200) ** 3
        np.testing.assert_allclose(A.bh_qvalues(p), stats.false_discovery_control(p, method="bh"))


@st.composite
def counts(draw):
    n = draw(st.integers(1, 80))
    si = draw(st.integers(1, n))
    sj = draw(st.integers(1, n))
    c = draw(st.integers(max(0, si + sj - n), min(si, sj)))
    return n, si, sj, c


@settings(max_examples=200, deadline=None)
@given(counts())
def test_pair_statistics_symmetric_and_bounded(case):
    n, si, sj, c = case
    one = A.pair_statistics([c], [si], [sj], n)
    other = A.pair_statistics([c], [sj], [si], n)
    for name in one:
        assert one[name][0] == pytest.approx(other[name][0], rel=1e-9, abs=1e-12)
    assert 0 <= one["jaccard"][0] <= 1
    assert -1 <= one["npmi"][0] <= 1
    assert 0 <= one["p_value"][0] <= 1
    assert one["association"][0] >= 0


names = st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "image classification", "QA", "LoRA", "SQuAD"])


labels = st.sampled_from(["METHOD", "DATASET", "TASK"])


mention = st.builds(lambda p, s, n, lab: Mention(f"p{p}", s, 0, len(n), n, lab, "r"),
                    st.integers(0, 8), st.integers(0, 3), names, labels)


@settings(max_examples=60, deadline=None)
@given(st.lists(mention, min_size=2, max_size=40), st.integers(0, 5))
def test_weighted_graph_invariants(ms, extra_papers):
    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    graph = comention_reference(entities, ms, assignment)
    n = len({m.paper_id for m in ms}) + extra_papers
    n_sent = len({(m.paper_id, m.sentence) for m in ms}) + extra_papers
    node_sentences = A.sentence_counts(ms, assignment)
    w = A.add_weights(graph, n, n_sentences=n_sent, node_sentences=node_sentences)
    # The same graph with nodes and edge ends in the opposite order gives the same weights.
    flipped = nx.Graph()
    flipped.add_nodes_from(reversed(list(graph.nodes(data=True))))
    flipped.add_edges_from((v, u, d) for u, v, d in reversed(list(graph.edges(data=True))))
    wf = A.add_weights(flipped, n, n_sentences=n_sent, node_sentences=node_sentences)
    for u, v, d in w.edges(data=True):
        for name in (*A.PAPER_WEIGHTS, *A.SENTENCE_WEIGHTS):
            assert d[name] == pytest.approx(wf.edges[v, u][name], rel=1e-9, abs=1e-12)
        assert d["q_value"] >= d["p_value"] and d["sentence_q_value"] >= d["sentence_p_value"]
        assert 0 <= d["jaccard"] <= 1 and -1 <= d["npmi"] <= 1 and -1 <= d["sentence_npmi"] <= 1
    if w.number_of_edges():
        frame = A.edges_frame(w).sort_values(["p_value", "q_value"])
        assert frame["q_value"].is_monotonic_increasing


@pytest.mark.parametrize("n", [7, 212, 5000, 100_000])
def test_hypergeom_sf_matches_scipy(n):
    from scipy.stats import hypergeom

    from kg.graph.weights import hypergeom_sf

    rng = np.random.default_rng(n)
    big_k = rng.integers(0, n + 1, 3000)
    draws = rng.integers(0, n + 1, 3000)
    lo, hi = np.maximum(0, draws - (n - big_k)), np.minimum(big_k, draws)
    c = np.array([rng.integers(a, b + 2) for a, b in zip(lo, hi, strict=True)])
    ours, ref = hypergeom_sf(c, n, big_k, draws), hypergeom.sf(c - 1, n, big_k, draws)
    assert np.allclose(ours, ref, rtol=1e-8, atol=1e-12)


def test_add_weights_in_place_matches_the_copy():
    import networkx as nx

    from kg.analysis import add_weights

    g = nx.Graph()
    g.add_nodes_from([("a", {"papers": 3, "sentences": 4}), ("b", {"papers": 2, "sentences": 2}),
                      ("c", {"papers": 4, "sentences": 5})])
    g.add_edge("a", "b", papers=2, sentences=1, sentence_npmi=9.9)
    g.add_edge("b", "c", papers=1, sentences=0)
    copied = add_weights(g, 10)
    assert "association" not in g.edges["a", "b"]
    same = add_weights(g, 10, copy=False)
    assert same is g and g.graph["n_papers"] == 10
    for u, v in g.edges:
        assert g.edges[u, v] == copied.edges[u, v]
    assert "sentence_npmi" not in g.edges["a", "b"]  # a stale sentence layer is dropped in place too


@pytest.mark.parametrize("n", [1_000, 3_000_000, 2**31 + 5])
def test_hypergeometric_tail_is_one_value_per_distinct_triple_at_any_corpus_size(n):
    from kg.graph.weights import _hypergeom_tail, hypergeom_sf

    rng = np.random.default_rng(n % 97)
    lo = rng.integers(1, 60, size=5_000)
    hi = lo + rng.integers(0, 40, size=lo.size)
    c = np.minimum(rng.integers(0, 6, size=lo.size), lo)
    got = _hypergeom_tail(c, lo, hi, n)  # three ways to find the distinct triples, by n: all give scipy's tail
    assert np.allclose(got, hypergeom_sf(c, n, lo, hi), rtol=1e-12, atol=0)
    if n < 2**31:  # log-gamma terms of two billion lose digits: the tail stays within 1e-5 of scipy's there
        assert np.allclose(got[:50], stats.hypergeom.sf(c[:50] - 1, n, lo[:50], hi[:50]), rtol=1e-6, atol=1e-300)
