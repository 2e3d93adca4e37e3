"""VOSviewer's files: the JSON map of a graph (items, links, clusters) and the thesaurus file of an alias table.

:func:`to_vosviewer` is the pure half, :func:`write_vosviewer_json` writes the same JSON value with links streamed
(from the graph's edge table when it has one). :func:`write_thesaurus` writes rows that
:func:`kg.resolve.thesaurus.thesaurus_rows` made.
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import InteropError, Messages
from kg.export.files import ENCODING_ERRORS
from kg.export.xmlgraph import table_of
from kg.graph.edgetable import EdgeTable
from kg.records import LABELS

#: VOSviewer numbers clusters 1 to 1000 (see :func:`vos_cluster`).
_MAX_CLUSTER = 1000
#: Header line of a VOSviewer thesaurus file (what :func:`kg.resolve.thesaurus.read_thesaurus` expects).
_THESAURUS_HEADER = "label\treplace by"


# VOSviewer JSON ------------------------------------------------------------------------------------------------

def _finite(value: Any, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise InteropError(Messages.VOS_NOT_FINITE.format(what=what, number=number))
    return number


def to_vosviewer(graph: nx.Graph, *, strength: str = "papers", cluster: str = "community",
                 cluster_labels: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The graph as a VOSviewer JSON map: ``{"network": {"items": [...], "links": [...], "clusters": [...]}}``.

    Items get integer ids 1..n (in node order), the entity name as ``label``, an HTML-escaped ``description``
    (id, type, aliases), ``cluster`` from the node attribute ``cluster`` (kg community ``k`` -> VOSviewer cluster
    ``k + 1``; without communities, the entity type: 1 METHOD, 2 DATASET, 3 TASK), ``weights`` (Papers,
    Mentions, Links, Total link strength) and ``scores`` (Papers). Links carry ``strength`` from the edge
    attribute ``strength``; links whose strength is not positive are left out (VOSviewer wants non-negative
    strengths and draws zero as nothing).

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph, optionally with communities (:func:`kg.analysis.communities`).
    strength : str
        Edge attribute for link strength: ``papers`` (default), ``sentences``, or a weight from ``add_weights``.
    cluster : str
        Node attribute holding 0-based community numbers.
    cluster_labels : mapping, optional
        Community number -> label, e.g. ``communities(g).table["label"]``; written as VOSviewer clusters.

    Raises
    ------
    InteropError
        A node with a community number outside 0..999, or a non-finite count or strength.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("m", label="METHOD", name="<BERT>", papers=2, mentions=3, aliases="")
    >>> g.add_node("d", label="DATASET", name="SQuAD", papers=1, mentions=1, aliases="")
    >>> g.add_edge("m", "d", papers=1)
    >>> net = to_vosviewer(g)["network"]
    >>> net["items"][0]["label"], net["items"][0]["description"], net["items"][0]["cluster"], net["links"]
    ('<BERT>', 'm<br>METHOD', 1, [{'source_id': 1, 'target_id': 2, 'strength': 1.0}])
    """
    ids = {n: i for i, n in enumerate(graph.nodes, 1)}
    network: dict[str, Any] = {"items": _vos_items(graph, ids, _link_strengths(graph, strength), cluster),
                               "links": list(_vos_links(graph, ids, strength))}
    if cluster_labels is not None:
        network["clusters"] = _vos_clusters(cluster_labels)
    return {"network": network}


def _link_strengths(graph: nx.Graph, strength: str) -> dict[Any, float]:
    """Total link strength per node (positive strengths only); checks every strength is finite."""
    totals: dict[Any, float] = defaultdict(float)
    for u, v, d in graph.edges(data=True):
        value = _finite(d.get(strength, 0.0), f"edge {u!r} - {v!r} {strength}")
        if value > 0:
            totals[u] += value
            totals[v] += value
    for n, total in totals.items():  # strengths near the largest float can add up to infinity
        _finite(total, f"node {n!r} total link strength")
    return totals


def _vos_links(graph: nx.Graph, ids: Mapping[Any, int], strength: str) -> Iterator[dict[str, Any]]:
    for u, v, d in graph.edges(data=True):
        value = _finite(d.get(strength, 0.0), f"edge {u!r} - {v!r} {strength}")
        if value > 0:
            yield {"source_id": ids[u], "target_id": ids[v], "strength": value}


def _vos_items(graph: nx.Graph, ids: Mapping[Any, int], link_strength: Mapping[Any, float],
               cluster: str) -> list[dict[str, Any]]:
    type_cluster = {label: i for i, label in enumerate(LABELS, 1)}
    items = []
    for n, d in graph.nodes(data=True):
        if cluster in d:
            k = d[cluster]
            if isinstance(k, bool) or not isinstance(k, int) or k < 0:
                raise InteropError(Messages.VOS_BAD_CLUSTER.format(node=n, attribute=cluster, value=k))
            number = vos_cluster(k)
        else:
            number = type_cluster.get(d.get("label", ""), len(LABELS) + 1)
        aliases = [a for a in str(d.get("aliases") or "").split("|") if a]
        description = "<br>".join(html.escape(x) for x in [str(n), str(d.get("label", "")),
                                                              *(["aliases: " + ", ".join(aliases)] if aliases else [])])
        papers = _finite(d.get("papers", 0), f"node {n!r} papers")
        items.append({
            "id": ids[n], "label": str(d.get("name", n)), "description": description, "cluster": number,
            "weights": {"Papers": papers, "Mentions": _finite(d.get("mentions", 0), f"node {n!r} mentions"),
                        "Links": graph.degree(n), "Total link strength": link_strength.get(n, 0.0)},
            "scores": {"Papers": papers},
        })
    return items


def vos_cluster(community: int) -> int:
    """The VOSviewer cluster of kg community ``community``: kg numbers communities by size from 0, VOSviewer clusters
    from 1 to 1000, so the 999 largest keep their own cluster and the smaller rest share cluster 1000, "other".

    >>> vos_cluster(0), vos_cluster(998), vos_cluster(999), vos_cluster(1068)
    (1, 999, 1000, 1000)
    """
    return min(community, _MAX_CLUSTER - 1) + 1


def _vos_clusters(cluster_labels: Mapping[Any, str]) -> list[dict[str, Any]]:
    own = [{"cluster": vos_cluster(int(k)), "label": str(label)} for k, label in sorted(cluster_labels.items())
           if 0 <= int(k) < _MAX_CLUSTER - 1]
    rest = sum(1 for k in cluster_labels if int(k) >= _MAX_CLUSTER - 1)
    return own + ([{"cluster": _MAX_CLUSTER, "label": f"other ({rest} smaller communities)"}] if rest else [])


#: Links written per ``write`` call on the table path.
_VOS_CHUNK = 65536


def write_vosviewer_json(graph: nx.Graph, path: str | Path, *, strength: str = "papers", cluster: str = "community",
                         cluster_labels: Mapping[Any, str] | None = None, edges: EdgeTable | None = None) -> None:
    """Write :func:`to_vosviewer` as a VOSviewer JSON file (UTF-8; NaN refused), links streamed one per line.

    The file holds the same JSON value as :func:`to_vosviewer` gives; only the whitespace differs. ``edges``, the
    graph's :func:`~kg.graph.edgetable.edge_table`, lets the links be written as whole columns.
    """
    ids = {n: i for i, n in enumerate(graph.nodes, 1)}
    table = table_of(graph, edges)
    links = _vos_table_links(table, ids, strength) if table is not None else None
    totals = links[1] if links is not None else _link_strengths(graph, strength)
    items = _vos_items(graph, ids, totals, cluster)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    with open(path, "w", encoding="utf-8", errors=ENCODING_ERRORS) as fh:
        fh.write('{"network": {"items": [\n')
        fh.write(",\n".join(dump(item) for item in items))
        fh.write('\n], "links": [\n')
        if links is not None:
            first = True
            while chunk := list(islice(links[0], _VOS_CHUNK)):
                fh.write(("" if first else ",\n") + ",\n".join(chunk))
                first = False
        else:
            for i, link in enumerate(_vos_links(graph, ids, strength)):
                fh.write((",\n" if i else "") + dump(link))
        fh.write("\n]")
        if cluster_labels is not None:
            fh.write(', "clusters": ' + dump(_vos_clusters(cluster_labels)))
        fh.write("}}\n")


def _vos_table_links(table: EdgeTable, ids: Mapping[Any, int], strength: str) -> tuple[Iterator[str], dict[Any, float]] | None:
    """The link lines :func:`write_vosviewer_json` writes and each node's total link strength, from the columns of
    an edge table; None when ``strength`` is not a column of numbers (the edge-by-edge path then says why)."""
    if strength not in table.keys or table.type_of(strength) not in (int, float):
        return None
    values = np.asarray(table.column(strength), dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        at = int(bad[0])
        _finite(values[at], f"edge {table.sources[at]!r} - {table.targets[at]!r} {strength}")
    keep = np.flatnonzero(values > 0)
    sources = np.fromiter(map(ids.__getitem__, table.sources), dtype=np.int64, count=len(table))[keep]
    targets = np.fromiter(map(ids.__getitem__, table.targets), dtype=np.int64, count=len(table))[keep]
    # Summed in edge order, as the edge-by-edge totals are: the same floats.
    totals = np.bincount(np.stack([sources, targets], axis=1).ravel(), weights=np.repeat(values[keep], 2),
                         minlength=len(ids) + 1)
    texts = table.text(strength, lambda value: repr(float(value)), "vosviewer")
    line = '{"source_id": %d, "target_id": %d, "strength": %s}'
    lines = map(line.__mod__, zip(sources.tolist(), targets.tolist(), map(texts.__getitem__, keep.tolist()),
                                  strict=True))  # made as they are written: no list of a million lines
    touched = np.flatnonzero(totals)
    by_id = dict(zip(touched.tolist(), totals[touched].tolist(), strict=True))
    out = {node: by_id[i] for node, i in ids.items() if i in by_id}
    for node, total in out.items():  # strengths near the largest float can add up to infinity
        _finite(total, f"node {node!r} total link strength")
    return lines, out


# Thesaurus -----------------------------------------------------------------------------------------------------

def write_thesaurus(rows: Sequence[tuple[str, str]], path: str | Path) -> int:
    """Write ``(label, replace by)`` rows as a VOSviewer thesaurus file (``label<TAB>replace by`` after that header
    line); return the row count. The rows are :func:`kg.resolve.thesaurus.thesaurus_rows` of the entities.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_thesaurus([("ViT", "Vision Transformer")], Path(d) / "t.txt")
    ...     (Path(d) / "t.txt").read_text()
    1
    'label\\treplace by\\nViT\\tVision Transformer\\n'
    """
    lines = [_THESAURUS_HEADER, *("\t".join(r) for r in rows)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8", errors=ENCODING_ERRORS)
    return len(rows)
