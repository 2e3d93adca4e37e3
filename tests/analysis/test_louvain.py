import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import sparse

from kg.analysis import AnalysisError
from kg.analysis.louvain import louvain, modularity


def _matrix(graph, weight=None):
    nodes = sorted(graph.nodes)
    return nodes, nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr")


def _groups(nodes, membership):
    out = {}
    for n, k in zip(nodes, membership.tolist(), strict=True):
        out.setdefault(k, set()).add(n)
    return list(out.values())


@settings(max_examples=80, deadline=None)
@given(st.integers(5, 60), st.floats(0.05, 0.5), st.integers(0, 10_000), st.sampled_from([0.5, 1.0, 2.0]))
def test_modularity_is_the_networkx_value(n, p, seed, resolution):
    graph = nx.gnp_random_graph(n, p, seed=seed)
    assume(graph.number_of_edges() > 0)  # networkx divides by the total weight
    rng = np.random.default_rng(seed)
    for u, v in graph.edges:
        graph.edges[u, v]["w"] = int(rng.integers(1, 5))
    nodes, a = _matrix(graph, "w")
    member = rng.integers(0, 4, size=len(nodes))
    expected = nx.community.modularity(graph, _groups(nodes, member), weight="w", resolution=resolution)
    assert modularity(a, member, resolution=resolution) == pytest.approx(expected, abs=1e-12)


def test_planted_communities_are_found():
    graph = nx.planted_partition_graph(8, 25, 0.5, 0.01, seed=3)
    nodes, a = _matrix(graph)
    found = {frozenset(g) for g in _groups(nodes, louvain(a, seed=0))}
    planted = {frozenset(g) for g in graph.graph["partition"]}
    assert found == planted


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.les_miserables_graph(),
                                   nx.barabasi_albert_graph(800, 3, seed=1)], ids=["karate", "miserables", "ba"])
def test_as_good_as_networkx_louvain(graph):
    _, a = _matrix(graph, "weight")
    ours = max(modularity(a, louvain(a, seed=s)) for s in range(3))
    theirs = max(nx.community.modularity(graph, nx.community.louvain_communities(graph, weight="weight", seed=s),
                                         weight="weight") for s in range(3))
    assert ours >= theirs - 0.01


def test_seeded_deterministic_and_numbered_by_first_node():
    graph = nx.barabasi_albert_graph(300, 2, seed=5)
    _, a = _matrix(graph)
    one, two = louvain(a, seed=4), louvain(a, seed=4)
    assert one.tolist() == two.tolist()
    firsts = [int(np.flatnonzero(one == k)[0]) for k in range(one.max() + 1)]
    assert firsts == sorted(firsts)
    assert louvain(a, resolution=4.0, seed=4).max() > one.max()  # higher resolution, more communities


def test_isolated_nodes_and_empty_graphs():
    a = sparse.csr_array(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float))
    assert louvain(a).tolist() == [0, 0, 1]
    assert louvain(sparse.csr_array((4, 4))).tolist() == [0, 1, 2, 3]
    assert louvain(sparse.csr_array((0, 0))).tolist() == []
    assert modularity(sparse.csr_array((3, 3)), np.array([0, 1, 2])) == 0.0


def test_bad_matrices_are_refused():
    with pytest.raises(AnalysisError, match="symmetric"):
        louvain(sparse.csr_array(np.array([[0, 1], [0, 0]], dtype=float)))
    with pytest.raises(AnalysisError, match="square"):
        louvain(sparse.csr_array(np.ones((2, 3))))
    with pytest.raises(AnalysisError, match=">= 0"):
        louvain(sparse.csr_array(np.array([[0, -1], [-1, 0]], dtype=float)))
    with pytest.raises(AnalysisError, match="resolution"):
        louvain(sparse.csr_array((2, 2)), resolution=0)


def test_high_degree_nodes_take_the_numpy_path():
    # A star of cliques: hubs with more neighbours than the dict path handles, so both paths run.
    graph = nx.Graph()
    for c in range(4):
        members = [f"{c}-{i}" for i in range(60)]
        graph.add_edges_from((members[0], m) for m in members[1:])
        graph.add_edges_from((members[i], members[i + 1]) for i in range(1, 59))
    graph.add_edges_from(("0-0", f"{c}-0") for c in range(1, 4))
    nodes, a = _matrix(graph)
    found = {frozenset(g) for g in _groups(nodes, louvain(a, seed=0))}
    assert found == {frozenset(n for n in nodes if n.startswith(f"{c}-")) for c in range(4)}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from([0.5, 1.0, 1 / 3, 2.0, 0.1])), min_size=1, max_size=30),
       st.lists(st.floats(0.1, 50), min_size=8, max_size=8), st.integers(0, 7), st.floats(0.5, 20))
def test_a_hubs_move_over_arrays_is_the_loops_move(edges, totals, here, k):
    """The numpy path of a high-degree node picks what the loop over summed neighbour communities picks (those
    visited in sorted order), float for float."""
    from kg.analysis.louvain import _best_of_many

    community = np.array([3, 1, 4, 1, 5, 0, 2, 6], dtype=np.int64)
    neighbours = np.array([v for v, _ in edges], dtype=np.int32)
    weights = np.array([w for _, w in edges])
    m, scale = 7.5, 1 / (2 * 7.5 ** 2)
    sums: dict[int, float] = {}
    for v, w in edges:
        sums[int(community[v])] = sums.get(int(community[v]), 0.0) + w
    remove = -sums.get(here, 0.0) / m + scale * totals[here] * k
    best_gain, expected = 0.0, here
    for c in sorted(sums):
        gain = remove + sums[c] / m - scale * totals[c] * k
        if gain > best_gain:
            best_gain, expected = gain, c
    scratch = np.zeros(8)
    assert _best_of_many((neighbours, weights), community, scratch, np.array(totals), here, k, m, scale) == expected
    assert not scratch.any()
