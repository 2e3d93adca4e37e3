"""Edge weights and significance of co-mention links, computed over arrays of edges at once.

For an edge between entities *i* and *j*, with ``N`` papers in the corpus, ``s_i``/``s_j`` the papers that
mention each end and ``c_ij`` the papers that mention both:

``association``
    Association strength (van Eck & Waltman 2009), ``c_ij / (s_i s_j)``, scaled here by ``N``:
    ``N c_ij / (s_i s_j)``. With that scaling it is the ratio of observed to expected co-mentions under
    independence (1 = as often as chance, 4 = four times as often), so values compare across corpora of any size.
``npmi``
    Normalised pointwise mutual information with ``p_ij = c_ij / N``, ``p_i = s_i / N``:
    ``log(p_ij / (p_i p_j)) / -log(p_ij)``, in ``[-1, 1]``; 1 when ``p_ij = 1`` (both in every paper), -1 when
    ``c_ij = 0``.
``jaccard``
    ``c_ij / (s_i + s_j - c_ij)``: shared papers over papers mentioning either, in ``[0, 1]``.
``p_value``
    One-sided hypergeometric test of over-representation: ``P(X >= c_ij)`` with ``X ~ Hypergeom(N, s_i, s_j)``
    (draw ``s_j`` papers out of ``N`` of which ``s_i`` mention *i*).
``q_value``
    Benjamini-Hochberg adjusted p-value over every edge of the graph that was weighted (pairs never co-mentioned
    are not tested: they could never be significant). ``q >= p``, and ``q`` is monotone in ``p``.

The sentence layer repeats the same with sentences instead of papers (``sentence_*`` attributes), when the total
number of sentences is known."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln

from kg.errors import AnalysisError, Messages
from kg.records import Mention

#: Edge attributes that :func:`add_weights` sets (besides ``weight``), paper layer.
PAPER_WEIGHTS: tuple[str, ...] = ("association", "npmi", "jaccard", "p_value", "q_value")


#: Edge attributes of the sentence layer (set when the number of sentences is given).
SENTENCE_WEIGHTS: tuple[str, ...] = ("sentence_association", "sentence_npmi", "sentence_p_value", "sentence_q_value")


#: Attributes that may serve as the display ``weight``.
WEIGHT_CHOICES: tuple[str, ...] = ("papers", "sentences", "association", "npmi", "jaccard")


def check_positive_int(value: int, what: str, *, minimum: int = 1) -> int:
    """``value`` if it is an int ``>= minimum`` (bools refused), else an :class:`AnalysisError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise AnalysisError(Messages.NOT_WHOLE_NUMBER.format(what=what, value=value, minimum=minimum))
    return value


def pair_statistics(c: ArrayLike, s_i: ArrayLike, s_j: ArrayLike, n: int, *,
                    p_only: bool = False) -> dict[str, NDArray[np.float64]]:
    """Association strength, NPMI, Jaccard and hypergeometric p-value of many pairs at once.

    Parameters
    ----------
    c : array of int
        Units (papers or sentences) holding both members of each pair.
    s_i, s_j : array of int
        Units holding each member (``1 <= s``, ``c <= min(s_i, s_j)``, ``s_i + s_j - c <= n``).
    n : int
        Units in all.

    Returns
    -------
    dict of str to array of float
        ``association`` (``n c / (s_i s_j)``), ``npmi``, ``jaccard``, ``p_value`` (not adjusted); with
        ``p_only``, ``p_value`` alone.

    Raises
    ------
    AnalysisError
        Counts that cannot come from one corpus (the first bad pair is named by position).

    Examples
    --------
    Two entities in 2 and 3 of 10 papers, together in 2:

    >>> r = pair_statistics([2], [2], [3], 10)
    >>> [round(float(r[k][0]), 4) for k in ("association", "npmi", "jaccard", "p_value")]
    [3.3333, 0.7481, 0.6667, 0.0667]
    """
    check_positive_int(n, "n")
    cc = np.asarray(c, dtype=np.int64)
    si = np.asarray(s_i, dtype=np.int64)
    sj = np.asarray(s_j, dtype=np.int64)
    if not cc.shape == si.shape == sj.shape:
        raise AnalysisError(Messages.SHAPES_DIFFER.format(c=cc.shape, s_i=si.shape, s_j=sj.shape))
    bad = (cc < 0) | (si < 1) | (sj < 1) | (cc > np.minimum(si, sj)) | (si + sj - cc > n)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise AnalysisError(Messages.IMPOSSIBLE_COUNTS.format(k=k, c=cc[k], s_i=si[k], s_j=sj[k], n=n))
    if p_only:
        return {"p_value": _hypergeom_tail(cc, si, sj, n)}
    cf, sif, sjf = cc.astype(np.float64), si.astype(np.float64), sj.astype(np.float64)
    association = n * cf / (sif * sjf)
    jaccard = cf / (sif + sjf - cf)
    with np.errstate(divide="ignore", invalid="ignore"):
        # log(p_ij / (p_i p_j)) = log(association); -log(p_ij) = log(n / c).
        npmi = np.log(association) / np.log(n / cf)
    npmi = np.where(cc == n, 1.0, npmi)
    npmi = np.where(cc == 0, -1.0, npmi)
    # Rounding can step a hair outside the bounds that hold exactly.
    npmi = np.clip(npmi, -1.0, 1.0)
    return {"association": association, "npmi": npmi, "jaccard": jaccard, "p_value": _hypergeom_tail(cc, si, sj, n)}


def _hypergeom_tail(c: NDArray[np.int64], s_i: NDArray[np.int64], s_j: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    """``P(X >= c)``, ``X ~ Hypergeom(n, s_i, s_j)``, for arrays of pairs, evaluated once per distinct triple.

    scipy's survival function costs tens of microseconds a value (20 s for the 230,000 distinct triples of a
    100,000-abstract corpus), so the tail is summed here with numpy for all pairs at once: the first term from
    log-gamma functions, the next ones by the ratio of consecutive probabilities, until the terms no longer change
    the sum. Above the mode the upper tail is summed; at or below it, ``1 - P(X <= c - 1)``, both of which shrink
    away from the mode, so few terms are needed. The tests compare it with scipy.
    """
    if c.size == 0:
        return np.zeros(0, dtype=np.float64)
    lo, hi = np.minimum(s_i, s_j), np.maximum(s_i, s_j)
    base = n + 1  # every count is at most n: one integer per (c, lo, hi) triple while base**3 fits in int64
    if base < 2**21:
        distinct_codes, inverse = np.unique((c * base + lo) * base + hi, return_inverse=True)
        distinct = np.stack([distinct_codes // (base * base), distinct_codes // base % base, distinct_codes % base],
                            axis=1)
    elif base < 2**31 and c.size < 2**31:
        # the sentence layer of a corpus of millions of sentences: (c, lo) ranked first, then (rank, hi), two sorts
        # of integers instead of numpy's unique over rows (a sort of byte strings, ten times slower)
        firsts, rank = np.unique(c * base + lo, return_inverse=True)
        distinct_codes, inverse = np.unique(rank.ravel() * base + hi, return_inverse=True)
        first = firsts[distinct_codes // base]
        distinct = np.stack([first // base, first % base, distinct_codes % base], axis=1)
    else:
        distinct, inverse = np.unique(np.stack([c, lo, hi], axis=1), axis=0, return_inverse=True)
    tail = hypergeom_sf(distinct[:, 0], n, distinct[:, 1], distinct[:, 2])
    return np.clip(tail[inverse.ravel()], 0.0, 1.0)


def _log_pmf(k: NDArray[np.float64], n: int, big_k: NDArray[np.float64], draws: NDArray[np.float64]) -> NDArray[np.float64]:
    def log_choose(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1), dtype=np.float64)

    return log_choose(big_k, k) + log_choose(n - big_k, draws - k) - log_choose(np.full_like(k, n), draws)


def hypergeom_sf(c: ArrayLike, n: int, big_k: ArrayLike, draws: ArrayLike, *, rtol: float = 1e-17) -> NDArray[np.float64]:
    """``P(X >= c)`` for ``X ~ Hypergeom(n, big_k, draws)`` (``n`` units, ``big_k`` successes, ``draws`` drawn),
    vectorised over ``c``, ``big_k`` and ``draws``.

    >>> from scipy.stats import hypergeom
    >>> p = hypergeom_sf([1, 3, 2], 50, [5, 10, 20], [4, 12, 2])
    >>> bool(np.allclose(p, hypergeom.sf(np.array([1, 3, 2]) - 1, 50, [5, 10, 20], [4, 12, 2]), rtol=1e-12))
    True
    """
    cc = np.asarray(c, dtype=np.float64)
    kk = np.asarray(big_k, dtype=np.float64)
    dd = np.asarray(draws, dtype=np.float64)
    cc, kk, dd = np.broadcast_arrays(cc, kk, dd)
    lo = np.maximum(0.0, dd - (n - kk))
    hi = np.minimum(kk, dd)
    out = np.zeros(cc.shape, dtype=np.float64)
    out[cc <= lo] = 1.0
    mode = np.floor((dd + 1) * (kk + 1) / (n + 2))
    inside = (cc > lo) & (cc <= hi)
    upper = inside & (cc > mode)
    lower = inside & ~upper
    if upper.any():
        out[upper] = _tail_sum(cc[upper], n, kk[upper], dd[upper], hi[upper], step=1, rtol=rtol)
    if lower.any():
        out[lower] = 1.0 - _tail_sum(cc[lower] - 1, n, kk[lower], dd[lower], lo[lower], step=-1, rtol=rtol)
    return np.clip(out, 0.0, 1.0)


def _tail_sum(start: NDArray[np.float64], n: int, big_k: NDArray[np.float64], draws: NDArray[np.float64],
              end: NDArray[np.float64], *, step: int, rtol: float) -> NDArray[np.float64]:
    """Sum of the probabilities from ``start`` towards ``end`` (``step`` +1 or -1), away from the mode."""
    term = np.exp(_log_pmf(start, n, big_k, draws))
    total = term.copy()
    k = start.copy()
    active = np.nonzero((k != end) & (term > 0))[0]
    while active.size:
        ka, ta = k[active], term[active]
        ki, di = big_k[active], draws[active]
        if step > 0:  # p(k + 1) / p(k)
            ratio = (ki - ka) * (di - ka) / ((ka + 1) * (n - ki - di + ka + 1))
        else:  # p(k - 1) / p(k)
            ratio = ka * (n - ki - di + ka) / ((ki - ka + 1) * (di - ka + 1))
        ta = ta * ratio
        k[active] = ka + step
        term[active] = ta
        total[active] += ta
        keep = (k[active] != end[active]) & (ta > rtol * total[active])
        active = active[keep]
    return total


def bh_qvalues(p_values: ArrayLike) -> NDArray[np.float64]:
    """Benjamini-Hochberg q-values (step-up adjusted p-values) of a family of tests, by SciPy's
    :func:`scipy.stats.false_discovery_control`.

    ``q_(r) = min over r' >= r of p_(r') m / r'`` for the p-values sorted ascending (rank ``r`` of ``m``),
    capped at 1; returned in the input's order.

    Raises
    ------
    AnalysisError
        A p-value outside ``[0, 1]`` or not a number.

    Examples
    --------
    >>> bh_qvalues([0.01, 0.04, 0.03, 0.005]).round(12).tolist()
    [0.02, 0.04, 0.04, 0.02]
    """
    p = np.asarray(p_values, dtype=np.float64).ravel()
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise AnalysisError(Messages.BAD_P_VALUES)
    if p.size == 0:
        return p.copy()
    # imported here: scipy.stats loads most of SciPy (0.6 s, 40 MB), which only the q-values need
    from scipy.stats import false_discovery_control

    q = false_discovery_control(p, method="bh")
    # m / r >= 1 makes q >= p in exact arithmetic; keep it so under rounding too.
    return np.maximum(q, p)


def sentence_counts(mentions: Sequence[Mention], assignment: Mapping[int, str]) -> dict[str, int]:
    """Distinct sentences that mention each entity (the node totals of the sentence layer).

    >>> ms = [Mention("p1", 0, 0, 1, "A", "METHOD", "r"), Mention("p1", 0, 5, 6, "A", "METHOD", "r"),
    ...       Mention("p1", 2, 0, 1, "A", "METHOD", "r"), Mention("p2", 0, 0, 1, "A", "METHOD", "r")]
    >>> sentence_counts(ms, {0: "method:a", 1: "method:a", 2: "method:a", 3: "method:a"})
    {'method:a': 3}
    """
    seen: dict[str, set[tuple[str, int]]] = {}
    for i, eid in assignment.items():
        m = mentions[i]
        seen.setdefault(eid, set()).add((m.paper_id, m.sentence))
    return {eid: len(s) for eid, s in seen.items()}


def _edge_arrays(graph: nx.Graph, count: str, totals: Mapping[str, Any]) -> tuple[
        list[tuple[str, str]], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    edges = list(graph.edges(data=count, default=None))
    missing = next(((u, v) for u, v, c in edges if c is None), None)
    if missing is not None:
        raise AnalysisError(Messages.EDGE_WITHOUT_COUNT.format(u=missing[0], v=missing[1], count=count))
    absent = next((n for n in graph.nodes if totals.get(n) is None), None)
    if absent is not None:
        hint = Messages.NODE_SENTENCES_HINT if count == "sentences" else ""
        raise AnalysisError(Messages.NODE_WITHOUT_TOTAL.format(node=absent, count=count, hint=hint))
    pairs = [(u, v) for u, v, _ in edges]
    c = np.fromiter((int(x) for _, _, x in edges), dtype=np.int64, count=len(edges))
    si = np.fromiter((int(totals[u]) for u, _ in pairs), dtype=np.int64, count=len(pairs))
    sj = np.fromiter((int(totals[v]) for _, v in pairs), dtype=np.int64, count=len(pairs))
    return pairs, c, si, sj


def weight_columns(c: ArrayLike, s_i: ArrayLike, s_j: ArrayLike, n_papers: int, *,
                   sentences: tuple[ArrayLike, ArrayLike, ArrayLike, int] | None = None,
                   keep: Callable[[NDArray[np.float64]], NDArray[np.int64]] | None = None,
                   ) -> dict[str, NDArray[np.float64]]:
    """The weights :func:`add_weights` puts on edges, as one array per attribute over arrays of pairs.

    ``c``, ``s_i``, ``s_j`` are the paper counts of the pairs and of their ends (see :func:`pair_statistics`);
    ``sentences``, when given, is ``(c, s_i, s_j, n)`` of the sentence layer. Returns the
    :data:`PAPER_WEIGHTS` columns (q-values over all the pairs), then the :data:`SENTENCE_WEIGHTS` ones. With
    ``keep``, the q-values of all the pairs are given to ``keep``, which returns the rows (indices) to weigh; the
    columns then hold those rows alone, their q-values still adjusted over every pair.

    >>> w = weight_columns([2], [2], [3], 10)
    >>> list(w), round(float(w["q_value"][0]), 4)
    (['association', 'npmi', 'jaccard', 'p_value', 'q_value'], 0.0667)
    """
    if keep is None:
        return _weigh(c, s_i, s_j, n_papers, sentences)
    # q-values need the p-values of every pair; the other columns only the rows kept
    cc, si, sj = (np.asarray(x, dtype=np.int64) for x in (c, s_i, s_j))
    q = bh_qvalues(pair_statistics(cc, si, sj, n_papers, p_only=True)["p_value"])
    rows = keep(q)
    if sentences is None:
        return _weigh(cc[rows], si[rows], sj[rows], n_papers, None, q=q[rows])
    sc, ssi, ssj, n_sentences = sentences
    sentence_q = _sentence_q(sc, ssi, ssj, n_sentences)[rows]
    kept = (np.asarray(sc)[rows], np.asarray(ssi)[rows], np.asarray(ssj)[rows], n_sentences)
    return _weigh(cc[rows], si[rows], sj[rows], n_papers, kept, q=q[rows], sentence_q=sentence_q)


def _weigh(c: ArrayLike, s_i: ArrayLike, s_j: ArrayLike, n_papers: int,
           sentences: tuple[ArrayLike, ArrayLike, ArrayLike, int] | None, *, q: NDArray[np.float64] | None = None,
           sentence_q: NDArray[np.float64] | None = None) -> dict[str, NDArray[np.float64]]:
    """:func:`weight_columns` of the pairs given, their q-values given where they were adjusted over more pairs."""
    stats = pair_statistics(c, s_i, s_j, n_papers)
    stats["q_value"] = bh_qvalues(stats["p_value"]) if q is None else q
    columns = {name: stats[name] for name in PAPER_WEIGHTS}
    if sentences is not None:
        sc, ssi, ssj, n_sentences = sentences
        check_positive_int(n_sentences, "n_sentences")
        sstats = pair_statistics(sc, ssi, ssj, n_sentences)
        sstats["q_value"] = _sentence_q(sc, ssi, ssj, n_sentences, sstats["p_value"]) if sentence_q is None \
            else sentence_q
        for name in ("association", "npmi", "p_value", "q_value"):
            columns[f"sentence_{name}"] = sstats[name]
    return columns


def _sentence_q(sc: ArrayLike, ssi: ArrayLike, ssj: ArrayLike, n_sentences: int,
                p: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    """The sentence layer's q-values: adjusted over the pairs that share a sentence, 1 for the others."""
    check_positive_int(n_sentences, "n_sentences")
    if p is None:
        p = pair_statistics(sc, ssi, ssj, n_sentences, p_only=True)["p_value"]
    shared = np.asarray(sc) > 0
    q = np.ones_like(p)
    q[shared] = bh_qvalues(p[shared])
    return q


def add_weights(graph: nx.Graph, n_papers: int, *, n_sentences: int | None = None,
                node_sentences: Mapping[str, int] | None = None, weight: str = "papers",
                copy: bool = True) -> nx.Graph:
    """A copy of the co-mention graph with association, NPMI, Jaccard, p- and q-values on every edge.

    See the module docstring for the definitions. The input graph is not changed, unless ``copy=False``.

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph: node attribute ``papers``, edge attributes ``papers`` and ``sentences``.
    n_papers : int
        Papers in the corpus (``build.manifest["counts"]["papers"]``), also those without mentions.
    n_sentences : int, optional
        Sentences in the corpus (``sum(len(s) for s in build.sentences.values())``). When given, the sentence
        layer is weighted too: ``sentence_association``, ``sentence_npmi``, ``sentence_p_value`` and
        ``sentence_q_value`` (BH over the edges with ``sentences >= 1``; edges with none get NPMI -1, p = q = 1).
    node_sentences : mapping, optional
        Sentences mentioning each entity (:func:`sentence_counts`); by default the node attribute ``sentences``.
    weight : str
        Which attribute becomes ``weight``, what drawings, layouts and Louvain use by default: one of
        ``papers`` (the default: raw counts do not inflate pairs of rare entities the way the normalised
        measures do), ``sentences``, ``association``, ``npmi``, ``jaccard``.
    copy : bool
        False: weight ``graph`` itself and return it (a build does: one graph in memory instead of two).

    Returns
    -------
    nx.Graph
        The weighted copy; ``graph.graph`` gains ``n_papers`` (and ``n_sentences``).

    Raises
    ------
    AnalysisError
        Missing counts, counts that do not fit ``n_papers``, or an unknown ``weight``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", papers=2); g.add_node("b", papers=3)
    >>> g.add_edge("a", "b", papers=2, sentences=1)
    >>> w = add_weights(g, 10)
    >>> round(w.edges["a", "b"]["association"], 4), w.edges["a", "b"]["weight"], "association" in g.edges["a", "b"]
    (3.3333, 2, False)
    """
    check_positive_int(n_papers, "n_papers")
    if weight not in WEIGHT_CHOICES:
        raise AnalysisError(Messages.UNKNOWN_WEIGHT.format(weight=weight, choices=", ".join(WEIGHT_CHOICES)))
    pairs, c, si, sj = _edge_arrays(graph, "papers", dict(graph.nodes(data="papers")))
    totals_graph = {"n_papers": n_papers}
    sentence_layer = None
    if n_sentences is not None:
        check_positive_int(n_sentences, "n_sentences")
        totals_graph["n_sentences"] = n_sentences
        totals = dict(graph.nodes(data="sentences")) if node_sentences is None else dict(node_sentences)
        _, sc, ssi, ssj = _edge_arrays(graph, "sentences", totals)
        sentence_layer = (sc, ssi, ssj, n_sentences)
    columns = {name: values.tolist() for name, values in weight_columns(c, si, sj, n_papers,
                                                                         sentences=sentence_layer).items()}
    names = list(columns)
    # One pass that copies each edge's attributes and adds the new ones (cheaper than copy, then update).
    rows = zip(*columns.values(), strict=True)
    # Weights from an earlier call are replaced, and a sentence layer left from one is dropped, not kept stale.
    stale = set(SENTENCE_WEIGHTS) if n_sentences is None else set()
    if not copy:
        graph.graph.pop("n_sentences", None)
        graph.graph.update(totals_graph)
        adjacency = graph.adj
        for (u, v), row in zip(pairs, rows, strict=True):
            _set_weights(adjacency[u][v], names, row, weight, stale)
        return graph
    out = nx.Graph()
    out.graph.update({k: v for k, v in graph.graph.items() if k != "n_sentences"}, **totals_graph)
    out.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, _set_weights(dict(graph.edges[u, v]), names, row, weight, stale))
                       for (u, v), row in zip(pairs, rows, strict=True))
    return out


def _set_weights(data: dict[str, Any], names: Sequence[str], row: Sequence[float], weight: str,
                 stale: set[str]) -> dict[str, Any]:
    """Put one edge's new weights into its attribute dict (stale keys dropped, ``weight`` set); return it."""
    for key in stale:
        data.pop(key, None)
    data.update(zip(names, row, strict=True))
    data["weight"] = data[weight]
    return data

