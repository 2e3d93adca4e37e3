"""The co-mention graph and its edge table, made at once from the pair columns: the graph stage's one builder."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from kg import collector
from kg.errors import AnalysisError, Messages
from kg.graph.edgetable import EdgeTable, shared_floats
from kg.graph.pairs import MAX_EVIDENCE, CoMentions, PartitionMap, comention_pairs
from kg.graph.weights import WEIGHT_CHOICES, check_positive_int, sentence_counts, weight_columns
from kg.records import Entity, Mention


def link_attributes(entity: Entity) -> dict[str, str]:
    """An entity's link to the Papers with Code taxonomy as node attributes (``pwc_id``, ``pwc_name``,
    ``pwc_area``, those it has), or none where it has no link."""
    if not entity.pwc_name:
        return {}
    return {k: v for k, v in (("pwc_id", entity.pwc_id), ("pwc_name", entity.pwc_name), ("pwc_area", entity.pwc_area))
            if v}


def entity_nodes(entities: Sequence[Entity], **graph_attributes: object) -> nx.Graph:
    """A graph of the entities alone, one node each, with the node attributes of :func:`comention_graph`."""
    graph = nx.Graph(**graph_attributes)
    graph.add_nodes_from((e.id, {"label": e.label, "name": e.name, "aliases": "|".join(e.aliases),
                                 "papers": e.papers, "mentions": e.mentions, **link_attributes(e)}) for e in entities)
    return graph



#: The attributes of every edge of a graph made with ``edge_data=False``: one read-only mapping for all (an empty
#: dict each would take 64 bytes an edge; writing to it raises instead of leaving the edge table behind).
NO_DATA: Mapping[str, Any] = MappingProxyType({})


class CoMentionGraph(NamedTuple):
    """What :func:`comention_graph` returns: the graph, and its edges as columns in ``graph.edges()`` order."""

    graph: nx.Graph
    table: EdgeTable


def comention_graph(entities: Sequence[Entity], mentions: Sequence[Mention], assignment: Mapping[int, str],
                    n_papers: int, *, n_sentences: int | None = None, weight: str = "papers",
                    max_evidence: int = MAX_EVIDENCE, edge_data: bool = True,
                    mapper: PartitionMap | None = None) -> CoMentionGraph:
    """The weighted co-mention graph, and the :class:`~kg.graph.edgetable.EdgeTable` of its edges.

    One node per entity (``label``, ``name``, ``aliases`` ``"|"``-joined, ``papers``, ``mentions``), one edge per
    pair of entities mentioned in the same abstract, with ``papers`` (abstracts mentioning both), ``sentences``
    (sentences mentioning both), ``evidence`` (up to ``max_evidence`` ``"paper_id#sentence"``, shared sentences
    first, then ``paper_id``), the weights of :func:`~kg.graph.weights.add_weights` and ``weight``. Every value is
    made once, from the pair columns of :func:`~kg.graph.pairs.comention_pairs`; the table shares those lists, so
    writers never read a million edges back out of the graph. With ``n_sentences`` the sentence layer is weighted
    too (node totals from :func:`~kg.graph.weights.sentence_counts`). With ``edge_data=False`` the graph's edges
    share one empty read-only mapping (:data:`NO_DATA`) and their values live in the table alone: what a build does
    (at 100,000 abstracts the dicts would hold 700 MB, copied again by each forked writer that reads them). With
    ``mapper`` the pairs are counted in partitions of papers, wherever it runs them (see
    :func:`~kg.graph.pairs.comention_pairs`).

    Parameters
    ----------
    entities, mentions, assignment
        What :func:`kg.resolve.resolve` returns, and the mentions it resolved.
    n_papers : int
        Papers in the corpus, also those without mentions.
    n_sentences : int, optional
        Sentences in the corpus.
    weight : str
        Which attribute becomes ``weight`` (see :func:`~kg.graph.weights.add_weights`).

    Raises
    ------
    AnalysisError
        ``n_papers`` (or ``n_sentences``) smaller than the counts of the mentions, or an unknown ``weight``.

    Examples
    --------
    >>> from kg.resolve import resolve
    >>> ms = [Mention("p1", 0, 0, 4, "BERT", "METHOD", "r"), Mention("p1", 0, 8, 13, "SQuAD", "DATASET", "r"),
    ...       Mention("p2", 1, 0, 4, "BERT", "METHOD", "r"), Mention("p2", 2, 9, 14, "SQuAD", "DATASET", "r")]
    >>> found = resolve(ms)
    >>> ents, assign = found.entities, found.assignment
    >>> g, table = comention_graph(ents, ms, assign, n_papers=2)
    >>> {k: g.edges["method:bert", "dataset:squad"][k] for k in ("papers", "sentences", "evidence")}
    {'papers': 2, 'sentences': 1, 'evidence': 'p1#0|p2'}
    >>> table.column("papers")
    [2]
    """
    check_positive_int(n_papers, "n_papers")
    if weight not in WEIGHT_CHOICES:
        raise AnalysisError(Messages.UNKNOWN_WEIGHT.format(weight=weight, choices=", ".join(WEIGHT_CHOICES)))
    weighed = pair_weights(entities, mentions, assignment, n_papers, n_sentences=n_sentences,
                           max_evidence=max_evidence, mapper=mapper)
    return graph_of(entities, weighed, weight=weight, edge_data=edge_data)


class PairWeights(NamedTuple):
    """Every co-mentioned pair (:class:`~kg.graph.pairs.CoMentions`) and the weight columns of the pairs ``rows``
    (indices into the pairs; None: all of them), with the counts they were weighed against and how many pairs in
    all have ``q <= 0.05``: what :func:`graph_of` makes a graph of."""

    pairs: CoMentions
    columns: dict[str, NDArray[np.float64]]
    n_papers: int
    n_sentences: int | None
    rows: NDArray[np.int64] | None = None
    significant: int = 0
    min_papers: int = 1


def edge_threshold(papers: NDArray[np.int64], wanted: NDArray[np.bool_], min_papers: int, max_edges: int | None) -> int:
    """The least number of papers, ``min_papers`` or more, that leaves at most ``max_edges`` of the ``wanted`` pairs
    (``papers``: the papers of each pair); ``min_papers`` itself when they are few enough or ``max_edges`` is None.

    >>> papers = np.array([1, 1, 1, 2, 2, 3, 5])
    >>> every = papers > 0
    >>> [edge_threshold(papers, every, 1, n) for n in (10, 4, 2, 1)], edge_threshold(papers, every, 3, 4)
    ([1, 2, 3, 4], 3)
    >>> edge_threshold(papers, every, 1, 0)  # not even the pairs in the most papers fit: those are kept
    5
    """
    if max_edges is None or np.count_nonzero(wanted) <= max_edges:
        return min_papers
    counts = np.bincount(papers[wanted])
    at_least = np.cumsum(counts[::-1])[::-1]  # at_least[t]: pairs in t papers or more
    fitting = np.flatnonzero(at_least[min_papers:] <= max_edges)
    return min_papers + int(fitting[0]) if fitting.size else len(counts) - 1


def pair_weights(entities: Sequence[Entity], mentions: Sequence[Mention], assignment: Mapping[int, str],
                 n_papers: int, *, n_sentences: int | None = None, max_evidence: int = MAX_EVIDENCE,
                 mapper: PartitionMap | None = None, min_papers: int = 1, max_q: float | None = None,
                 max_edges: int | None = None) -> PairWeights:
    """The pairs of :func:`~kg.graph.pairs.comention_pairs` and their weights (``weight_columns``) as arrays,
    nothing per edge made yet. With ``min_papers`` above 1 or ``max_q``, only the pairs in that many papers or more
    and with ``q <= max_q`` are weighed (their q-values adjusted over all the pairs): a build of a million abstracts
    keeps a tenth of its 44 million pairs in two papers or more. With ``max_edges``, when more pairs than that pass,
    ``min_papers`` is raised to the least number of papers that leaves at most ``max_edges`` (:func:`edge_threshold`);
    the result's ``min_papers`` says which was used."""
    check_positive_int(n_papers, "n_papers")
    pairs = comention_pairs(mentions, assignment, max_evidence=max_evidence, mapper=mapper)
    papers_of = {e.id: e.papers for e in entities}
    node_papers = np.array([papers_of[k] for k in pairs.keys], dtype=np.int64)
    sentence_layer = None
    if n_sentences is not None:
        counted = sentence_counts(mentions, assignment)
        node_sentences = np.array([counted[k] for k in pairs.keys], dtype=np.int64)
        sentence_layer = (pairs.sentences, node_sentences[pairs.source], node_sentences[pairs.target], n_sentences)
    rows: NDArray[np.int64] | None = None
    significant, used = 0, min_papers

    def keep(q: NDArray[np.float64]) -> NDArray[np.int64]:
        nonlocal rows, significant, used
        significant = int(np.count_nonzero(q <= 0.05))
        wanted = pairs.papers >= min_papers
        if max_q is not None:
            wanted &= q <= max_q
        used = edge_threshold(pairs.papers, wanted, min_papers, max_edges)
        if used > min_papers:
            wanted &= pairs.papers >= used
        rows = np.flatnonzero(wanted)
        return rows

    over_budget = max_edges is not None and pairs.papers.size > max_edges
    filtered = min_papers > 1 or max_q is not None or over_budget
    columns = weight_columns(pairs.papers, node_papers[pairs.source], node_papers[pairs.target], n_papers,
                             sentences=sentence_layer, keep=keep if filtered else None)
    if not filtered:
        significant = int(np.count_nonzero(columns["q_value"] <= 0.05))
    return PairWeights(pairs, columns, n_papers, n_sentences, rows, significant, used)


def graph_of(entities: Sequence[Entity], weighed: PairWeights, *, weight: str = "papers",
             edge_data: bool = True) -> CoMentionGraph:
    """The graph of :func:`comention_graph` and its edge table, made from ``weighed``: of every pair, or of the
    pairs it weighed (``weighed.rows``); the values of the pairs left out are never made (their evidence texts, at
    a million abstracts, would take gigabytes)."""
    pairs, columns = weighed.pairs, weighed.columns
    graph = entity_nodes(entities, n_papers=weighed.n_papers,
                         **({"n_sentences": weighed.n_sentences} if weighed.n_sentences is not None else {}))
    kept = np.arange(pairs.papers.size, dtype=np.int64) if weighed.rows is None else weighed.rows
    if not kept.size:
        return CoMentionGraph(graph, EdgeTable([], [], (), (), ()))
    # Edges go in in the order graph.edges() will list them, each under its end that comes first in the graph:
    # then the table's order is the order they were added in.
    position = {node: i for i, node in enumerate(graph)}
    at = np.array([position[k] for k in pairs.keys], dtype=np.int64)
    source, target = pairs.source[kept], pairs.target[kept]
    swap = at[source] > at[target]
    firsts, seconds = np.where(swap, target, source), np.where(swap, source, target)
    order = np.argsort(at[firsts], kind="stable")
    chosen = kept[order]
    values: dict[str, list[Any]] = {
        "papers": pairs.papers[chosen].tolist(), "sentences": pairs.sentences[chosen].tolist(),
        "evidence": pairs.evidence_of(chosen),
        **{name: shared_floats(column[order]) for name, column in columns.items()}}  # one object a value
    values["weight"] = values[weight]  # the same list: its values are not made twice
    keys = pairs.keys
    firsts, seconds = firsts[order], seconds[order]
    sources, targets = [keys[i] for i in firsts.tolist()], [keys[i] for i in seconds.tolist()]
    with collector.paused():  # a million and a half new dicts would set off full collections of a large heap
        data = list(map(_dict_of(tuple(values)), *values.values())) if edge_data else [NO_DATA] * len(sources)
        _add_edges(graph, keys, firsts, seconds, data)
    columns_ = tuple(values.values())
    return CoMentionGraph(graph, EdgeTable(sources, targets, tuple(values), tuple(type(column[0]) for column in columns_),
                                           columns_))


def _add_edges(graph: nx.Graph, keys: Sequence[str], firsts: NDArray[np.int64], seconds: NDArray[np.int64],
               data: Sequence[Mapping[str, Any]]) -> None:
    """Add edge ``keys[firsts[i]] - keys[seconds[i]]`` with attribute dict ``data[i]``, for every ``i``, to a
    graph that has their nodes and no edges: the adjacency ``graph.add_edges_from`` makes, one dict per node.

    Adding a million edges one at a time writes into the neighbour dicts of random nodes, and costs seconds in cache
    misses; here each node's neighbours are gathered by sorting, in the order the edges come (as add_edges_from
    would have them), and its dict is made at once. Both ends hold the same attribute dict, as in networkx.
    """
    ends, others = np.concatenate([firsts, seconds]), np.concatenate([seconds, firsts])
    edge = np.tile(np.arange(firsts.size, dtype=np.int64), 2)
    by = np.lexsort((edge, ends))
    ends = ends[by]
    names = [keys[i] for i in others[by].tolist()]
    held = list(map(data.__getitem__, edge[by].tolist()))
    starts = np.flatnonzero(np.diff(ends, prepend=-1)).tolist()
    adjacency = graph._adj  # the graph's own dicts: what networkx's builders fill
    for node, a, b in zip(ends[starts].tolist(), starts, [*starts[1:], ends.size], strict=True):
        adjacency[keys[node]] = dict(zip(names[a:b], held[a:b], strict=True))


def _dict_of(keys: tuple[str, ...]) -> Callable[..., dict[str, Any]]:
    """A function of ``len(keys)`` values that returns ``dict(zip(keys, values))``, as one dict display: half the
    time of building each dict from a zip, which counts when there are a million and a half of them.

    >>> _dict_of(("papers", "p-value"))(2, 0.5)
    {'papers': 2, 'p-value': 0.5}
    """
    names = [f"v{i}" for i in range(len(keys))]
    source = f"lambda {', '.join(names)}: {{{', '.join(f'{k!r}: {n}' for k, n in zip(keys, names, strict=True))}}}"
    made: Callable[..., dict[str, Any]] = eval(source, {})  # keys only as repr'd constants, so no code from data
    return made

