"""Entities and mentions to a co-mention graph (networkx), pair counts by sparse matrix products."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import pairwise
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from kg.records import Mention

#: Evidence kept per edge: at most this many (paper id, sentence index) pairs.
MAX_EVIDENCE = 10
#: Mentions counted in one partition of papers when no mapper says: the map step's arrays grow with the pairs of
#: a partition (about 160 bytes a pair), so a million abstracts are counted in parts, then summed.
PART_MENTIONS = 1_000_000


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


@dataclass(frozen=True)
class Evidence:
    """The evidence items of the edges, as columns: each kept shared sentence (``s_edge``, ``s_paper``,
    ``s_sentence``, in each edge's order) and each kept paper without one (``r_edge``, ``r_paper``); papers index
    ``paper_ids``."""

    paper_ids: Sequence[str]
    s_edge: NDArray[np.int64]
    s_paper: NDArray[np.int64]
    s_sentence: NDArray[np.int64]
    r_edge: NDArray[np.int64]
    r_paper: NDArray[np.int64]


_NO_EVIDENCE = Evidence((), *(np.zeros(0, dtype=np.int64),) * 5)


@dataclass(frozen=True)
class CoMentions:
    """Every co-mentioned pair of entities, as parallel columns sorted by (source, target).

    ``source`` and ``target`` index ``keys`` (the sorted entity ids, ``source < target``); ``papers`` and
    ``sentences`` count the abstracts and the sentences that mention both; ``evidence`` holds each pair's
    ``"|"``-joined evidence (see :func:`kg.graph.comention.comention_graph`), made from ``items`` when first read;
    :meth:`evidence_of` makes it for some of the pairs only (a graph that keeps few of many pairs).
    """

    keys: list[str]
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    papers: NDArray[np.int64]
    sentences: NDArray[np.int64]
    items: Evidence = _NO_EVIDENCE

    @cached_property
    def evidence(self) -> list[str]:
        """The evidence of every pair, in pair order."""
        return self.evidence_of(np.arange(self.papers.size, dtype=np.int64))

    def evidence_of(self, rows: NDArray[np.int64]) -> list[str]:
        """The evidence of the pairs ``rows`` (indices into the columns), in that order: shared sentences
        ``"paper_id#sentence"`` first, then papers, ``"|"``-joined."""
        ev = self.items
        pick = np.zeros(self.papers.size, dtype=bool)
        pick[rows] = True
        s_keep, r_keep = pick[ev.s_edge], pick[ev.r_edge]
        ids = ev.paper_ids
        texts = [f"{ids[p]}#{s}" for p, s in zip(ev.s_paper[s_keep].tolist(), ev.s_sentence[s_keep].tolist(),
                                                  strict=True)]
        texts += [ids[p] for p in ev.r_paper[r_keep].tolist()]
        every = np.concatenate([ev.s_edge[s_keep], ev.r_edge[r_keep]])
        order = np.argsort(every, kind="stable")  # each edge's sentences, then its papers, in their order
        every = every[order]
        starts = np.searchsorted(every, rows, side="left").tolist()
        ends = np.searchsorted(every, rows, side="right").tolist()
        ordered = [texts[i] for i in order.tolist()]
        return ["|".join(ordered[a:b]) for a, b in zip(starts, ends, strict=True)]


def pairs_within(groups: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions ``(i, j)``, ``i < j``, of every two elements of a sorted array that share a value.

    >>> [x.tolist() for x in pairs_within(np.array([0, 0, 0, 1, 2, 2]))]
    [[0, 0, 1, 4], [1, 2, 2, 5]]
    """
    n = groups.size
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ends = np.append(np.flatnonzero(np.diff(groups)) + 1, n)
    run_end = np.repeat(ends, np.diff(ends, prepend=0))
    partners = run_end - np.arange(n) - 1  # later positions in the same run
    left = np.repeat(np.arange(n, dtype=np.int64), partners)
    first = np.cumsum(partners) - partners
    right = left + 1 + (np.arange(left.size, dtype=np.int64) - np.repeat(first, partners))
    return left, right


def distinct(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """The sorted distinct values of an integer array: ``np.unique(values)``, by sorting.

    numpy 2.3 and later hash when ``np.unique`` is asked for the values alone, which is many times slower than a
    sort on millions of mostly distinct integers (the codes a 100,000-abstract build pairs).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if ordered.size == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _rank_within(groups: NDArray[np.int64]) -> NDArray[np.int64]:
    """Position of each element within its run of equal values (``groups`` sorted)."""
    if groups.size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.diff(groups, prepend=groups[0] - 1))
    return np.arange(groups.size, dtype=np.int64) - np.repeat(starts, np.diff(starts, append=groups.size))


class PartitionMap(Protocol):
    """What runs the map step of :func:`comention_pairs` elsewhere (e.g. on a Dask cluster's workers).

    ``parts`` is how many partitions of papers to count apart; ``map(fn, items)`` returns ``[fn(x) for x in items]``
    in order, wherever it computes them. ``fn`` is a :func:`functools.partial` of a module-level function and the
    items are numpy arrays, so both pickle.
    """

    parts: int

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]: ...


@dataclass(frozen=True)
class PartialCounts:
    """The pair counts of one partition of papers (the map step): edge codes ``a * n_keys + b`` (``a < b``, sorted),
    their paper and sentence counts, and the partition's first ``max_evidence`` shared sentences (``s_*``: edge code,
    paper index, sentence) and papers without a shared sentence (``r_*``) of each edge, in paper order."""

    codes: NDArray[np.int64]
    papers: NDArray[np.int64]
    sentences: NDArray[np.int64]
    s_code: NDArray[np.int64]
    s_paper: NDArray[np.int64]
    s_sentence: NDArray[np.int64]
    r_code: NDArray[np.int64]
    r_paper: NDArray[np.int64]


def comention_pairs(mentions: Sequence[Mention], assignment: Mapping[int, str], *,
                    max_evidence: int = MAX_EVIDENCE, mapper: PartitionMap | None = None) -> CoMentions:
    """Pair counts and evidence of every two entities mentioned in one abstract, computed over arrays.

    Each abstract contributes all pairs of the distinct entities it mentions (each sentence likewise), so the
    work is linear in those pairs: no Python loop per edge. Evidence lists the pair's shared sentences in
    paper-id and sentence order, then the papers where both appear only in different sentences, at most
    ``max_evidence`` in all.

    The counting is a map-reduce: the papers are cut into ``mapper.parts`` runs of consecutive paper ids,
    :func:`count_partition` counts each (through ``mapper.map``: on a cluster's workers, say) and
    :func:`sum_partitions` adds them up. Without ``mapper`` the partitions hold :data:`PART_MENTIONS` mentions each
    and are counted here; the result is the same whatever the partitions.

    >>> from kg.records import Mention
    >>> ms = [Mention("p2", 0, 0, 1, "A", "METHOD", "r"), Mention("p2", 0, 2, 3, "B", "METHOD", "r"),
    ...       Mention("p1", 0, 0, 1, "A", "METHOD", "r"), Mention("p1", 3, 0, 1, "B", "METHOD", "r")]
    >>> c = comention_pairs(ms, {0: "a", 1: "b", 2: "a", 3: "b"})
    >>> c.keys, c.papers.tolist(), c.sentences.tolist(), c.evidence
    (['a', 'b'], [2], [1], ['p2#0|p1'])
    """
    indexed = sorted(i for i in assignment if 0 <= i < len(mentions))
    keys = sorted({assignment[i] for i in indexed})
    empty = np.zeros(0, dtype=np.int64)
    if not indexed:
        return CoMentions(keys, empty, empty, empty, empty)
    key_index = {k: i for i, k in enumerate(keys)}
    paper_ids = sorted({mentions[i].paper_id for i in indexed})
    paper_index = {p: i for i, p in enumerate(paper_ids)}
    ent = np.fromiter((key_index[assignment[i]] for i in indexed), dtype=np.int64, count=len(indexed))
    pap = np.fromiter((paper_index[mentions[i].paper_id] for i in indexed), dtype=np.int64, count=len(indexed))
    sen = np.fromiter((mentions[i].sentence for i in indexed), dtype=np.int64, count=len(indexed))
    count = partial(count_partition, n_keys=len(keys), max_evidence=max_evidence)
    parts = partitions(pap, sen, ent, mapper.parts if mapper is not None else -(-len(indexed) // PART_MENTIONS))
    counted = mapper.map(count, parts) if mapper is not None else [count(part) for part in parts]
    return sum_partitions(counted, keys, paper_ids, max_evidence=max_evidence)


def partitions(pap: NDArray[np.int64], sen: NDArray[np.int64], ent: NDArray[np.int64],
               parts: int) -> list[NDArray[np.int64]]:
    """The mentions' ``(paper, sentence, entity)`` rows cut into at most ``parts`` runs of consecutive papers of
    about equal size, each a ``3 x n`` array; a paper is never cut in two.

    >>> [p[0].tolist() for p in partitions(np.array([2, 0, 1, 1]), np.zeros(4, int), np.zeros(4, int), 2)]
    [[0], [1, 1, 2]]
    """
    order = np.argsort(pap, kind="stable")
    rows = np.stack([pap[order], sen[order], ent[order]])
    cuts = np.searchsorted(rows[0], rows[0][np.linspace(0, pap.size, max(parts, 1) + 1)[1:-1].astype(np.int64)])
    bounds = [0, *sorted(set(cuts.tolist()) - {0}), pap.size]
    return [rows[:, a:b] for a, b in pairwise(bounds)]


def count_partition(rows: NDArray[np.int64], *, n_keys: int, max_evidence: int = MAX_EVIDENCE) -> PartialCounts:
    """The map step: the pair counts of one partition of papers (``rows`` from :func:`partitions`)."""
    pap, sen, ent = rows[0], rows[1], rows[2]
    # Paper layer: distinct (paper, entity), sorted by paper then entity, paired within each paper.
    held = distinct(pap * n_keys + ent)
    held_paper, held_ent = held // n_keys, held % n_keys
    left, right = pairs_within(held_paper)
    codes, pair_edge, papers = np.unique(held_ent[left] * n_keys + held_ent[right], return_inverse=True,
                                         return_counts=True)
    pair_edge, pair_paper = pair_edge.ravel(), held_paper[left]

    # Sentence layer: distinct (sentence, entity), sentences numbered in (paper, sentence) order.
    per_paper = int(sen.max()) + 1
    units, unit_of = np.unique(pap * per_paper + sen, return_inverse=True)
    unit_paper, unit_sentence = units // per_paper, units % per_paper
    held_s = distinct(unit_of.ravel() * n_keys + ent)
    held_unit, held_s_ent = held_s // n_keys, held_s % n_keys
    left, right = pairs_within(held_unit)
    shared_edge = np.searchsorted(codes, held_s_ent[left] * n_keys + held_s_ent[right])
    shared_unit = held_unit[left]
    sentences = np.bincount(shared_edge, minlength=codes.size).astype(np.int64)

    # Evidence: the first shared sentences of each edge (rows are in unit order; a stable sort by edge keeps it),
    # then its first papers without a shared sentence, in paper order: max_evidence of each, whatever the other
    # partitions hold, so that the sum can take the corpus's first ones.
    order = np.argsort(shared_edge, kind="stable")
    s_edge, s_unit = shared_edge[order], shared_unit[order]
    keep = _rank_within(s_edge) < max_evidence
    s_edge, s_unit = s_edge[keep], s_unit[keep]
    n_papers = int(pap.max()) + 1
    with_sentence = distinct(shared_edge * n_papers + unit_paper[shared_unit])
    pair_codes = pair_edge * n_papers + pair_paper
    at = np.minimum(np.searchsorted(with_sentence, pair_codes), max(with_sentence.size - 1, 0))
    only_paper = with_sentence[at] != pair_codes if with_sentence.size else np.ones(pair_codes.size, dtype=bool)
    order = np.argsort(pair_edge[only_paper], kind="stable")
    r_edge, r_paper = pair_edge[only_paper][order], pair_paper[only_paper][order]
    keep = _rank_within(r_edge) < max_evidence
    return PartialCounts(codes, papers.astype(np.int64), sentences, codes[s_edge], unit_paper[s_unit],
                         unit_sentence[s_unit], codes[r_edge[keep]], r_paper[keep])


def sum_partitions(counted: Sequence[PartialCounts], keys: list[str], paper_ids: Sequence[str], *,
                   max_evidence: int = MAX_EVIDENCE) -> CoMentions:
    """The reduce step: the partitions' counts (in paper order) summed, and each edge's first evidence kept."""
    n_keys = len(keys)
    codes = np.concatenate([c.codes for c in counted])
    edge_codes, edge_of = np.unique(codes, return_inverse=True)
    edge_of = edge_of.ravel()
    papers = np.bincount(edge_of, weights=np.concatenate([c.papers for c in counted]),
                         minlength=edge_codes.size).astype(np.int64)
    sentences = np.bincount(edge_of, weights=np.concatenate([c.sentences for c in counted]),
                            minlength=edge_codes.size).astype(np.int64)
    # Partitions hold consecutive papers in order, so a stable sort by edge keeps each edge's evidence in order.
    s_edge = np.searchsorted(edge_codes, np.concatenate([c.s_code for c in counted]))
    order = np.argsort(s_edge, kind="stable")
    s_edge = s_edge[order]
    keep = _rank_within(s_edge) < max_evidence
    s_edge = s_edge[keep]
    s_paper = np.concatenate([c.s_paper for c in counted])[order][keep]
    s_sentence = np.concatenate([c.s_sentence for c in counted])[order][keep]
    r_edge = np.searchsorted(edge_codes, np.concatenate([c.r_code for c in counted]))
    order = np.argsort(r_edge, kind="stable")
    r_edge = r_edge[order]
    room = max_evidence - np.minimum(sentences, max_evidence)
    keep = _rank_within(r_edge) < room[r_edge]
    r_edge, r_paper = r_edge[keep], np.concatenate([c.r_paper for c in counted])[order][keep]
    items = Evidence(paper_ids, s_edge, s_paper, s_sentence, r_edge, r_paper)
    return CoMentions(keys, edge_codes // n_keys, edge_codes % n_keys, papers, sentences, items)
