"""Time: papers per period, entity and pair counts per period, first appearances, emerging and fading pairs.

A period is a day (``YYYY-MM-DD``), a month (``YYYY-MM``) or a year (``YYYY``), from each paper's date, or from
its ``year`` (bibliographic exports and APIs give one) where the date is missing or has no year. Listing pages often show a
day without a year (``--MM-DD``); such dates give ``--MM-DD`` days and ``--MM`` months, and no year. Periods sort
as strings, so year-less periods come before dated ones; a corpus that mixes both is flagged.

Without dates (or none at the chosen granularity) every function returns an empty frame whose
``attrs["has_dates"]`` is False and ``attrs["message"]`` says why; nothing is raised.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from kg.analysis._base import display_names
from kg.errors import AnalysisError, Messages
from kg.graph.pairs import incidence
from kg.graph.weights import check_positive_int
from kg.records import Mention, Paper

logger = logging.getLogger(__name__)

Freq = Literal["day", "month", "year"]
FREQS: tuple[str, ...] = ("day", "month", "year")
_DATED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEARLESS = re.compile(r"--(\d{2})(?:-(\d{2}))?")


def period_of(date: str | None, freq: Freq = "month") -> str | None:
    """The period of an ISO date, or None when the date is missing or too coarse for ``freq``.

    Examples
    --------
    >>> period_of("2024-03-11"), period_of("--03-11"), period_of("2024", "month"), period_of("--03-11", "year")
    ('2024-03', '--03', None, None)
    >>> period_of("2024-03-11", "year"), period_of("--03-11", "day")
    ('2024', '--03-11')
    """
    _check_freq(freq)
    if not date:
        return None
    if m := _DATED.fullmatch(date):
        year, month, day = m.groups()
        parts = {"year": (year,), "month": (year, month), "day": (year, month, day)}[freq]
        return "-".join(parts) if all(parts) else None
    if m := _YEARLESS.fullmatch(date):
        month, day = m.groups()
        if freq == "year":
            return None
        return f"--{month}" if freq == "month" else (f"--{month}-{day}" if day else None)
    return None


def _check_freq(freq: str) -> None:
    if freq not in FREQS:
        raise AnalysisError(Messages.UNKNOWN_FREQ.format(freq=freq, choices=", ".join(FREQS)))


def _papers(papers: Mapping[str, Paper] | Iterable[Paper]) -> list[Paper]:
    return list(papers.values()) if isinstance(papers, Mapping) else list(papers)


def _empty(columns: Sequence[str], message: str, index: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(columns))
    if index:
        frame.index.name = index
    frame.attrs.update(has_dates=False, message=message)
    logger.info(message)
    return frame


def _stamp(frame: pd.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    mixed = any(p.startswith("--") for p in periods) and any(not p.startswith("--") for p in periods)
    frame.attrs.update(has_dates=True, periods=list(periods),
                       message=("periods with and without a year are mixed; year-less ones sort first"
                                if mixed else ""))
    return frame


def _no_dates(freq: str) -> str:
    return (f"no paper has a date usable at freq={freq!r}; time analysis needs dates (a saved listing page "
            "shows them, or give a 'date' column/field)")


def paper_date(paper: Paper) -> str | None:
    """The date trends use: the paper's date, given the paper's ``year`` where the date has none (a listing page's
    ``--MM-DD``), else the ``year`` alone.

    >>> paper_date(Paper("a", "T", "A", date="--03-11", year=2024)), paper_date(Paper("b", "T", "A", year=2021))
    ('2024-03-11', '2021')
    """
    if paper.date and not paper.date.startswith("--"):
        return paper.date
    if paper.year is not None:
        return f"{paper.year}{paper.date[1:]}" if paper.date else str(paper.year)
    return paper.date


def paper_periods(papers: Mapping[str, Paper] | Iterable[Paper], *, freq: Freq = "month") -> pd.Series:
    """Period of every dated paper (index: paper id), in paper order; undated papers are left out.

    ``series.attrs["undated"]`` counts the papers left out.

    >>> ps = [Paper("a", "T", "A", date="--03-11"), Paper("b", "T", "A"), Paper("c", "T", "A", date="--04-02")]
    >>> s = paper_periods(ps)
    >>> s.to_dict(), s.attrs["undated"]
    ({'a': '--03', 'c': '--04'}, 1)
    """
    _check_freq(freq)
    all_papers = _papers(papers)
    dated = {p.id: period for p in all_papers if (period := period_of(paper_date(p), freq)) is not None}
    series = pd.Series(dated, dtype=object, name="period")
    series.index.name = "paper_id"
    series.attrs.update(undated=len(all_papers) - len(dated), has_dates=bool(dated))
    return series


@dataclass(frozen=True)
class _Timeline:
    periods: list[str]
    papers_per_period: np.ndarray
    entities: list[str]
    by_period: list[sparse.csr_matrix]  # per period: papers x entities, 1 where a paper mentions an entity


def _timeline(papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
              assignment: Mapping[int, str], freq: Freq) -> _Timeline | None:
    period = paper_periods(papers, freq=freq)
    if period.empty:
        return None
    pairs = [(mentions[i].paper_id, eid) for i, eid in assignment.items() if mentions[i].paper_id in period.index]
    periods = sorted(set(period))
    counts = period.value_counts()
    per_period = np.array([int(counts[p]) for p in periods], dtype=np.int64)
    if not pairs:
        return _Timeline(periods, per_period, [], [])
    matrix, paper_ids, entities = incidence([p for p, _ in pairs], [e for _, e in pairs])
    period_of_row = period.loc[paper_ids].to_numpy()
    by_period = [matrix[np.flatnonzero(period_of_row == p)] for p in periods]
    return _Timeline(periods, per_period, entities, by_period)


def entity_counts_by_period(papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
                            assignment: Mapping[int, str], *, freq: Freq = "month") -> pd.DataFrame:
    """Papers mentioning each entity, per period: index entity id, one column per period (sorted).

    ``frame.attrs`` holds ``has_dates``, ``periods``, ``papers_per_period`` and ``message``.

    Examples
    --------
    >>> ps = [Paper("a", "T", "A", date="--03-11"), Paper("b", "T", "A", date="--04-01")]
    >>> ms = [Mention("a", 0, 0, 1, "X", "METHOD", "r"), Mention("b", 0, 0, 1, "X", "METHOD", "r")]
    >>> entity_counts_by_period(ps, ms, {0: "method:x", 1: "method:x"}).loc["method:x"].to_dict()
    {'--03': 1, '--04': 1}
    >>> entity_counts_by_period([Paper("a", "T", "A")], ms[:1], {0: "method:x"}).attrs["has_dates"]
    False
    """
    _check_freq(freq)
    timeline = _timeline(papers, mentions, assignment, freq)
    if timeline is None:
        return _empty([], _no_dates(freq), index="id")
    columns = np.column_stack([np.asarray(m.sum(axis=0)).ravel() for m in timeline.by_period]) \
        if timeline.entities else np.zeros((0, len(timeline.periods)), dtype=np.int64)
    frame = pd.DataFrame(columns.astype(np.int64), index=pd.Index(timeline.entities, name="id"),
                         columns=pd.Index(timeline.periods, name="period"))
    frame = _stamp(frame, timeline.periods)
    frame.attrs["papers_per_period"] = dict(zip(timeline.periods, timeline.papers_per_period.tolist(), strict=True))
    return frame


def pair_counts_by_period(graph: nx.Graph, papers: Mapping[str, Paper] | Iterable[Paper],
                          mentions: Sequence[Mention], assignment: Mapping[int, str], *,
                          freq: Freq = "month") -> pd.DataFrame:
    """Papers co-mentioning the ends of each edge of ``graph``, per period.

    Index: ``(source, target)`` as the graph lists its edges; one column per period. Only dated papers count,
    so a row can sum to less than the edge's ``papers``.
    """
    _check_freq(freq)
    timeline = _timeline(papers, mentions, assignment, freq)
    if timeline is None:
        return _empty([], _no_dates(freq), index="source")
    edges = list(graph.edges)
    index = {e: i for i, e in enumerate(timeline.entities)}
    known = [(u, v) for u, v in edges if u in index and v in index]
    ui = np.array([index[u] for u, _ in known], dtype=np.int64)
    vi = np.array([index[v] for _, v in known], dtype=np.int64)
    values = np.zeros((len(edges), len(timeline.periods)), dtype=np.int64)
    rows = np.array([i for i, (u, v) in enumerate(edges) if u in index and v in index], dtype=np.int64)
    for k, m in enumerate(timeline.by_period):
        if len(known):
            # Column u times column v, summed over the period's papers: papers mentioning both, for all edges at once.
            values[rows, k] = np.asarray(m[:, ui].multiply(m[:, vi]).sum(axis=0)).ravel()
    frame = pd.DataFrame(values, index=pd.MultiIndex.from_tuples(edges, names=["source", "target"])
                         if edges else pd.MultiIndex.from_arrays([[], []], names=["source", "target"]),
                         columns=pd.Index(timeline.periods, name="period"))
    frame = _stamp(frame, timeline.periods)
    frame.attrs["papers_per_period"] = dict(zip(timeline.periods, timeline.papers_per_period.tolist(), strict=True))
    return frame


def first_seen(papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
               assignment: Mapping[int, str], *, freq: Freq = "month") -> pd.DataFrame:
    """The first period each entity is mentioned in: index entity id, ``first_period``, ``papers_then``
    (papers in that period) and ``dated_papers`` (all its dated papers); earliest first.

    >>> ps = [Paper("a", "T", "A", date="--03-11"), Paper("b", "T", "A", date="--04-01")]
    >>> ms = [Mention("a", 0, 0, 1, "X", "METHOD", "r"), Mention("b", 0, 0, 1, "Y", "METHOD", "r")]
    >>> first_seen(ps, ms, {0: "method:x", 1: "method:y"})["first_period"].to_dict()
    {'method:x': '--03', 'method:y': '--04'}
    """
    counts = entity_counts_by_period(papers, mentions, assignment, freq=freq)
    columns = ["first_period", "papers_then", "dated_papers"]
    if not counts.attrs.get("has_dates"):
        return _empty(columns, counts.attrs["message"], index="id")
    values = counts.to_numpy()
    first = (values > 0).argmax(axis=1)
    frame = pd.DataFrame({"first_period": [counts.columns[k] for k in first],
                          "papers_then": values[np.arange(len(values)), first],
                          "dated_papers": values.sum(axis=1)}, index=counts.index, columns=columns)
    frame = frame.sort_values(["first_period", "dated_papers"], ascending=[True, False], kind="stable")
    return _stamp(frame, list(counts.columns))


def pair_trends(graph: nx.Graph, papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
                assignment: Mapping[int, str], *, freq: Freq = "month", min_papers: int = 2) -> pd.DataFrame:
    """How the share of papers co-mentioning each pair changed in the last period against all earlier ones.

    ``share_last`` = pair papers in the last period / papers in the last period; ``share_before`` = pair
    papers earlier / papers earlier; ``rise`` = ``share_last - share_before``. Pairs with fewer than
    ``min_papers`` dated papers are left out. Needs two periods or more: with one, the frame is empty and
    ``attrs["message"]`` says so.

    Returns
    -------
    pd.DataFrame
        Columns ``source, target, source_name, target_name, papers, last, before, share_last, share_before,
        rise``; ``attrs["last_period"]`` names the last period.
    """
    check_positive_int(min_papers, "min_papers")
    columns = ["source", "target", "source_name", "target_name", "papers", "last", "before", "share_last",
               "share_before", "rise"]
    counts = pair_counts_by_period(graph, papers, mentions, assignment, freq=freq)
    if not counts.attrs.get("has_dates"):
        return _empty(columns, counts.attrs["message"])
    periods = list(counts.columns)
    if len(periods) < 2:
        frame = _empty(columns, f"only one period ({periods[0]}) at freq={freq!r}; trends need two or more "
                                "(try freq='day')")
        frame.attrs["has_dates"] = True
        return frame
    per_period = np.array([counts.attrs["papers_per_period"][p] for p in periods], dtype=np.float64)
    values = counts.to_numpy()
    last, before = values[:, -1], values[:, :-1].sum(axis=1)
    keep = (last + before) >= min_papers
    names = display_names(graph)
    pairs = list(counts.index[keep])
    frame = pd.DataFrame({
        "source": [u for u, _ in pairs], "target": [v for _, v in pairs],
        "source_name": [names[u] for u, _ in pairs], "target_name": [names[v] for _, v in pairs],
        "papers": (last + before)[keep], "last": last[keep], "before": before[keep],
        "share_last": last[keep] / per_period[-1], "share_before": before[keep] / per_period[:-1].sum(),
    }, columns=columns[:-1])
    frame["rise"] = frame["share_last"] - frame["share_before"]
    frame = _stamp(frame, periods)
    frame.attrs["last_period"] = periods[-1]
    return frame


def emerging_pairs(graph: nx.Graph, papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
                   assignment: Mapping[int, str], *, freq: Freq = "month", min_papers: int = 2,
                   top: int = 20) -> pd.DataFrame:
    """The ``top`` pairs whose share of papers rose most in the last period (:func:`pair_trends`, ``rise > 0``)."""
    return _ranked(pair_trends(graph, papers, mentions, assignment, freq=freq, min_papers=min_papers), top, True)


def fading_pairs(graph: nx.Graph, papers: Mapping[str, Paper] | Iterable[Paper], mentions: Sequence[Mention],
                 assignment: Mapping[int, str], *, freq: Freq = "month", min_papers: int = 2,
                 top: int = 20) -> pd.DataFrame:
    """The ``top`` pairs whose share of papers fell most in the last period (:func:`pair_trends`, ``rise < 0``)."""
    return _ranked(pair_trends(graph, papers, mentions, assignment, freq=freq, min_papers=min_papers), top, False)


def _ranked(trends: pd.DataFrame, top: int, rising: bool) -> pd.DataFrame:
    check_positive_int(top, "top")
    if trends.empty:
        return trends
    chosen = trends[trends["rise"] > 0] if rising else trends[trends["rise"] < 0]
    ranked = chosen.sort_values(["rise", "papers", "source", "target"], ascending=[not rising, False, True, True],
                                kind="stable", ignore_index=True).head(top)
    ranked.attrs.update(trends.attrs)
    return ranked
