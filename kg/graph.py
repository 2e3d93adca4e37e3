"""Entities and mentions to a co-mention graph (networkx), pair counts by sparse matrix products."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
from scipy import sparse

from kg.records import Entity, Mention

#: Evidence kept per edge: at most this many (paper id, sentence index) pairs.
MAX_EVIDENCE = 10


def incidence(rows: Sequence[str], cols: Sequence[str]) -> tuple[sparse.csr_matrix, list[str], list[str]]:
    """Binary row x column incidence matrix from parallel lists of row and column keys.

    >>> m, r, c = incidence(["p1", "p1", "p2"], ["a", "b", "a"])
    >>> m.toarray().tolist(), r, c
    ([[1, 1], [1, 0]], ['p1', 'p2'], ['a', 'b'])
    """
    row_keys = sorted(set(rows))
    col_keys = sorted(set(cols))
    r_index = {k: i for i, k in enumerate(row_keys)}
    c_index = {k: i for i, k in enumerate(col_keys)}
    data = np.ones(len(rows), dtype=np.int64)
    matrix = sparse.csr_matrix(
        (data, ([r_index[k] for k in rows], [c_index[k] for k in cols])), shape=(len(row_keys), len(col_keys)))
    matrix.data[:] = 1  # duplicates summed by the constructor: back to presence
    return matrix, row_keys, col_keys


def cooccurrence(rows: Sequence[str], cols: Sequence[str]) -> tuple[sparse.coo_matrix, list[str]]:
    """Upper-triangle counts of rows shared by each pair of columns (``M.T @ M``, diagonal dropped)."""
    matrix, _, col_keys = incidence(rows, cols)
    counts = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    return counts, col_keys


def build_graph(entities: Sequence[Entity], mentions: Sequence[Mention], assignment: dict[int, str], *,
                max_evidence: int = MAX_EVIDENCE) -> nx.Graph:
    """The co-mention graph: one node per entity, one edge per pair of entities mentioned in the same abstract.

    Node attributes: ``label``, ``name``, ``aliases`` (``"|"``-joined), ``papers``, ``mentions``. Edge
    attributes: ``papers`` (abstracts mentioning both), ``sentences`` (sentences mentioning both) and
    ``evidence``: up to ``max_evidence`` ``"paper_id#sentence"`` strings, shared sentences first.

    Examples
    --------
    >>> from kg.resolve import resolve
    >>> ms = [Mention("p1", 0, 0, 4, "BERT", "METHOD", "r"), Mention("p1", 0, 8, 13, "SQuAD", "DATASET", "r"),
    ...       Mention("p2", 1, 0, 4, "BERT", "METHOD", "r"), Mention("p2", 2, 9, 14, "SQuAD", "DATASET", "r")]
    >>> ents, assign = resolve(ms)
    >>> g = build_graph(ents, ms, assign)
    >>> dict(g.edges["method:bert", "dataset:squad"])
    {'papers': 2, 'sentences': 1, 'evidence': 'p1#0|p2'}
    """
    graph = nx.Graph()
    for e in entities:
        graph.add_node(e.id, label=e.label, name=e.name, aliases="|".join(e.aliases), papers=e.papers,
                       mentions=e.mentions)
    indexed = [(i, m) for i, m in enumerate(mentions) if i in assignment]
    ents = [assignment[i] for i, _ in indexed]
    paper_counts, keys = cooccurrence([m.paper_id for _, m in indexed], ents)
    sent_counts, sent_keys = cooccurrence([f"{m.paper_id}#{m.sentence}" for _, m in indexed], ents)
    # Both matrices index the same sorted set of entity ids.
    assert keys == sent_keys
    shared_sentences = {(keys[a], keys[b]): int(n) for a, b, n in
                        zip(sent_counts.row, sent_counts.col, sent_counts.data, strict=True)}
    where: dict[str, dict[str, set[int]]] = {}
    for (_, m), eid in zip(indexed, ents, strict=True):
        where.setdefault(eid, {}).setdefault(m.paper_id, set()).add(m.sentence)
    ordered = {eid: sorted(papers) for eid, papers in where.items()}
    for a, b, n in zip(paper_counts.row, paper_counts.col, paper_counts.data, strict=True):
        u, v = keys[a], keys[b]
        small, large = (u, v) if len(where[u]) <= len(where[v]) else (v, u)
        graph.add_edge(u, v, papers=int(n), sentences=shared_sentences.get((u, v), 0),
                       evidence="|".join(_evidence(ordered[small], where[small], where[large], max_evidence)))
    return graph


def _evidence(papers: list[str], small: dict[str, set[int]], large: dict[str, set[int]], limit: int) -> list[str]:
    """Shared sentences first ("p#3"), then papers sharing only the abstract ("p"), papers in id order.

    ``papers`` are the sorted papers of the entity with fewer papers (``small``); the scan stops as soon as
    ``limit`` shared sentences are found, so a pair of frequent entities costs no more than a rare one.

    >>> _evidence(["p1", "p2", "p3"], {"p1": {0}, "p2": {1, 2}, "p3": {4}}, {"p2": {2}, "p3": {5}}, 10)
    ['p2#2', 'p3']
    """
    same: list[str] = []
    rest: list[str] = []
    for paper in papers:
        other = large.get(paper)
        if other is None:
            continue
        shared = small[paper] & other
        if shared:
            same.extend(f"{paper}#{s}" for s in sorted(shared))
            if len(same) >= limit:
                break
        elif len(rest) < limit:
            rest.append(paper)
    return (same + rest)[:limit]
