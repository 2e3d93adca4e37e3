"""Files other tools read: GEXF (Gephi), VOSviewer JSON, and VOSviewer thesaurus files (written and read).

Each writer has a pure half that is tested on its own (``to_gexf_graph``, ``to_vosviewer``, ``thesaurus_rows``)
and a thin half that serialises it with a proper serializer (networkx's GEXF writer, ``json``). A thesaurus read
back from a user is applied to entities with :func:`apply_thesaurus`, which returns new entities and a new
mention assignment so that the build can rebuild its graph.
"""

from __future__ import annotations

import html
import json
import math
import re
import warnings
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import CorpusError, KGError, KGWarning
from kg.export import xmlgraph
from kg.export.files import ENCODING_ERRORS
from kg.graph.edgetable import EdgeTable
from kg.records import LABELS, Entity, Mention
from kg.resolve import entity_id, normalise_key

#: Header line of a VOSviewer thesaurus file (tab-separated).
THESAURUS_HEADER = ("label", "replace by")
#: VOSviewer numbers clusters 1 to 1000.
_MAX_CLUSTER = 1000
#: Node and edge keys that networkx's GEXF writer treats as GEXF structure rather than as data.
_GEXF_NODE_RESERVED = frozenset({"id", "label", "pid", "start", "end", "parents", "viz", "spells", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "weight", "type", "start", "end", "viz", "spells", "slices", "key"})


class InteropError(KGError):
    """A graph or option that an interchange format cannot represent (says what was expected)."""


class ThesaurusError(CorpusError):
    """A thesaurus file that cannot be read; names the file and the line."""


# GEXF ----------------------------------------------------------------------------------------------------------

def _gexf_value(value: Any) -> bool | int | float | str | None:
    """A value GEXF can type: Python bool/int/float/str; lists joined with ``|``; None dropped."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()  # numpy scalar to Python
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "|".join(str(x) for x in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xmlgraph.XML_ILLEGAL.sub("", str(value))


def _unify_types(records: list[dict[str, Any]]) -> None:
    """Give each key one type across records (GEXF declares one type per attribute): int+float -> float,
    anything with str -> str."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for r in records:
        for k, v in r.items():
            kinds[k].add(type(v))
    for k, seen in kinds.items():
        if len(seen) < 2:
            continue
        cast: type = float if seen <= {int, float} else str
        for r in records:
            if k in r:
                r[k] = str(r[k]).lower() if cast is str and isinstance(r[k], bool) else cast(r[k])


def to_gexf_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes networkx can write to GEXF and Gephi reads as intended.

    The GEXF node label is the entity name; kg's ``label`` (METHOD/DATASET/TASK) becomes ``entity_type``.
    Edge ``weight`` is kept (Gephi's edge weight), else ``papers`` is used. Values become bool, int, float or
    str, one type per attribute; characters XML cannot hold are removed; other keys that GEXF reserves get a
    ``kg_`` prefix.

    Examples
    --------
    >>> import numpy as np
    >>> g = nx.Graph()
    >>> g.add_node("method:bert", label="METHOD", name="BERT", papers=np.int64(2))
    >>> g.add_node("dataset:squad", label="DATASET", name="SQuAD\\x01", papers=1)
    >>> g.add_edge("method:bert", "dataset:squad", papers=1, start=3)
    >>> out = to_gexf_graph(g)
    >>> out.nodes["method:bert"], out.nodes["dataset:squad"]["label"], out.edges["method:bert", "dataset:squad"]
    ({'label': 'BERT', 'entity_type': 'METHOD', 'papers': 2}, 'SQuAD', {'papers': 1, 'kg_start': 3, 'weight': 1})
    """
    nodes: list[dict[str, Any]] = []
    for n, d in graph.nodes(data=True):
        row: dict[str, Any] = {"label": _gexf_value(d.get("name", n)) or str(n)}
        if "label" in d:
            row["entity_type"] = d["label"]
        for k, v in d.items():
            if k in ("name", "label"):
                continue
            row[f"kg_{k}" if k in _GEXF_NODE_RESERVED else k] = v
        nodes.append({k: x for k, v in row.items() if (x := _gexf_value(v)) is not None})
    edges = [_gexf_edge_row(d) for _, _, d in graph.edges(data=True)]
    _unify_types(nodes)
    # "weight" is written as a GEXF edge attribute of its own; keep it numeric whatever the others are.
    _unify_types(edges)
    out = nx.Graph()
    out.add_nodes_from(zip(graph.nodes, nodes, strict=True))
    out.add_edges_from((u, v, d) for (u, v), d in zip(graph.edges, edges, strict=True))
    return out


def _gexf_type(value: Any) -> type | None:
    """The Python type :func:`_gexf_value` turns ``value`` into (None for None), without converting it."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (bool, list, tuple, dict, str)):
        value = value.item()
    return type(value) if isinstance(value, (bool, int, float)) else str


def _edge_key(key: str) -> str:
    return f"kg_{key}" if key in _GEXF_EDGE_RESERVED else key


def _gexf_edge_row(data: dict[str, Any], text_keys: frozenset[str] = frozenset()) -> dict[str, Any]:
    """An edge's attributes as GEXF values: reserved keys prefixed, ``weight`` (else ``papers``) as the GEXF
    weight when numeric, None dropped; bools of the ``text_keys`` attributes (declared str) as "true"/"false"."""
    row: dict[str, Any] = {}
    for k, x in data.items():
        if k == "weight" or (y := _gexf_value(x)) is None:
            continue
        key = _edge_key(k)
        row[key] = str(y).lower() if key in text_keys and isinstance(y, bool) else y
    weight = data.get("weight", data.get("papers"))
    if isinstance(weight, (int, float)) and not isinstance(weight, bool):
        row["weight"] = weight
    return row


def write_gexf(graph: nx.Graph, path: str | Path, *, edges: EdgeTable | None = None) -> None:
    """Write ``graph`` as GEXF 1.2 for Gephi: the document :func:`to_gexf_graph` would give, edges streamed.

    Nodes go through :func:`to_gexf_graph`'s conversion. Edges that are alike (kg's are) are written from their
    :func:`~kg.graph.edgetable.edge_table`, one template over text columns; ``edges``, that table, saves building
    it again. Other edges are converted one at a time as they are written, after a first pass that only collects
    each attribute's type, so no second copy of a large graph is made.
    """
    nodes = to_gexf_graph(_nodes_only(graph))
    node_schema = {k: v for k, v in xmlgraph._schema(d for _, d in nodes.nodes(data=True)).items() if k != "label"}
    table = xmlgraph.table_of(graph, edges)
    if table is not None:
        typed = [(k, t) for k, t in zip(table.keys, table.types, strict=True) if t is not type(None)]
    else:  # one row per signature says all
        typed = [(k, t) for d in xmlgraph.samples(d for _, _, d in graph.edges(data=True))
                 for k, v in d.items() if (t := _gexf_type(v)) is not None]
    types: dict[str, set[type]] = defaultdict(set)
    for k, t in typed:
        if k != "weight":
            types[_edge_key(k)].add(t)
    edge_schema = {k: xmlgraph.kind_of_types(seen) for k, seen in types.items()}
    text_keys = frozenset(k for k, kind in edge_schema.items() if kind == "str")
    ids = xmlgraph.gexf_ids(edge_schema)
    node_text = {node: xmlgraph._attr(node) for node in graph}
    table_lines = _gexf_table_lines(table, edge_schema, ids, node_text) if table is not None else None
    templates: dict[tuple[tuple[str, ...], tuple[type, ...]], tuple[xmlgraph.RowTemplate, str | None] | None] = {}

    def lines() -> Iterator[str]:
        for index, (u, v, d) in enumerate(graph.edges(data=True)):
            sig = xmlgraph.signature(d)
            if sig not in templates:
                templates[sig] = _gexf_edge_template(*sig, edge_schema, ids) if xmlgraph.FAST else None
            compiled = templates[sig]
            if compiled is None:
                yield xmlgraph.gexf_edge_line(index, node_text[u], node_text[v], _gexf_edge_row(d, text_keys),
                                              edge_schema, ids)
                continue
            row, weight_key = compiled
            weight = f' weight="{float(d[weight_key])!r}"' if weight_key else ""
            yield (f'      <edge source="{node_text[u]}" target="{node_text[v]}" id="{index}"{weight}>'
                   + row.template % tuple(row.values(d)) + "</edge>\n")

    xmlgraph.write_gexf_rows(Path(path), nodes.nodes(data=True), node_schema, (), edge_schema,
                             edge_lines=table_lines if table_lines is not None else lines())


def _gexf_table_lines(table: EdgeTable, schema: dict[str, str], ids: dict[str, str],
                      node_text: dict[Any, str]) -> Iterator[str] | None:
    """The ``<edge>`` lines of an edge table, as :func:`_gexf_edge_template` would write them (one template over
    text columns); None where that function gives no template."""
    template = _gexf_edge_template(table.keys, table.types, schema, ids)
    if template is None:
        return None
    weight_key = template[1]
    kept = [key for key, kind in zip(table.keys, table.types, strict=True)
            if key != "weight" and kind is not type(None)]
    columns = [xmlgraph.text_column(table, key, schema[key]) for key in kept]
    values = "".join(f'<attvalue for="{ids[key]}" value="%s" />' for key in kept)
    if weight_key is not None:
        columns.insert(0, table.text(weight_key, lambda w: f' weight="{float(w)!r}"'))
    line = ('      <edge source="%s" target="%s" id="%s"' + ("%s>" if weight_key is not None else ">")
            + (f"<attvalues>{values}</attvalues>" if values else "") + "</edge>\n")
    return map(line.__mod__, zip(map(node_text.__getitem__, table.sources), map(node_text.__getitem__, table.targets),
                                 map(str, range(len(table))), *columns, strict=True))


def _gexf_edge_template(keys: tuple[str, ...], types: tuple[type, ...], schema: dict[str, str],
                        ids: dict[str, str]) -> tuple[xmlgraph.RowTemplate, str | None] | None:
    """The line template of edges with these keys and value types (see :func:`_gexf_edge_row`), and the key of
    their GEXF weight; None where a key is GEXF-reserved or a value needs converting."""
    if any(k != "weight" and k in _GEXF_EDGE_RESERVED for k in keys):
        return None
    row = xmlgraph.compile_row(keys, types, schema, lambda key, conv: f'<attvalue for="{ids[key]}" value="{conv}" />',
                               skip=frozenset({"weight"}))
    if row is None:
        return None
    if row.width:
        row = row._replace(template=f"<attvalues>{row.template}</attvalues>")
    kinds = dict(zip(keys, types, strict=True))
    weight_key = "weight" if "weight" in kinds else "papers" if "papers" in kinds else None
    if weight_key is not None and kinds[weight_key] not in (int, float):
        weight_key = None
    return row, weight_key


def _nodes_only(graph: nx.Graph) -> nx.Graph:
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    return out


# VOSviewer JSON ------------------------------------------------------------------------------------------------

def _finite(value: Any, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise InteropError(f"{what} is {number}; VOSviewer JSON needs finite numbers")
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
            if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < _MAX_CLUSTER:
                raise InteropError(f"node {n!r} has {cluster}={k!r}; VOSviewer numbers clusters 1 to {_MAX_CLUSTER},"
                                   f" so kg communities must be 0 to {_MAX_CLUSTER - 1}")
            number = k + 1
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


def _vos_clusters(cluster_labels: Mapping[Any, str]) -> list[dict[str, Any]]:
    return [{"cluster": int(k) + 1, "label": str(label)} for k, label in sorted(cluster_labels.items())
            if 0 <= int(k) < _MAX_CLUSTER]


#: Links written per ``write`` call on the table path.
_VOS_CHUNK = 65536


def write_vosviewer_json(graph: nx.Graph, path: str | Path, *, strength: str = "papers", cluster: str = "community",
                         cluster_labels: Mapping[Any, str] | None = None, edges: EdgeTable | None = None) -> None:
    """Write :func:`to_vosviewer` as a VOSviewer JSON file (UTF-8; NaN refused), links streamed one per line.

    The file holds the same JSON value as :func:`to_vosviewer` gives; only the whitespace differs. ``edges``, the
    graph's :func:`~kg.graph.edgetable.edge_table`, lets the links be written as whole columns.
    """
    ids = {n: i for i, n in enumerate(graph.nodes, 1)}
    table = xmlgraph.table_of(graph, edges)
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
    return lines, {node: by_id[i] for node, i in ids.items() if i in by_id}


# Thesaurus -----------------------------------------------------------------------------------------------------

def _tsv_field(text: str) -> str:
    """One TSV field: tabs and line breaks (which the format cannot escape) become spaces."""
    return " ".join(re.split(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", text)).strip()


def thesaurus_rows(entities: Sequence[Entity]) -> list[tuple[str, str]]:
    """``(alias, name)`` rows of the alias table, sorted, as a VOSviewer thesaurus maps terms.

    An alias that could mean two entities (two entities list it, or it is another entity's name, maybe of
    another label) is left out, with a warning: a thesaurus has no entity types, so it could not say which
    one is meant.

    >>> e = Entity("method:vit", "METHOD", "vit", "Vision Transformer", ("ViT", "ViTs"), 3, 5)
    >>> thesaurus_rows([e])
    [('ViT', 'Vision Transformer'), ('ViTs', 'Vision Transformer')]
    """
    owners: dict[str, set[str]] = defaultdict(set)  # normalised term -> ids of entities it can stand for
    for e in entities:
        for form in (e.name, *e.aliases):
            owners[normalise_key(form)].add(e.id)
        owners[e.key].add(e.id)
    targets: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for alias in e.aliases:
            if alias != e.name:
                targets[_tsv_field(alias)].add(_tsv_field(e.name))
    rows = []
    ambiguous = []
    for alias, names in sorted(targets.items()):
        if len(names) > 1 or len(owners[normalise_key(alias)]) > 1:
            ambiguous.append(alias)
        elif alias and alias not in names:
            rows.append((alias, next(iter(names))))
    if ambiguous:
        shown = ", ".join(repr(a) for a in ambiguous[:8]) + (", ..." if len(ambiguous) > 8 else "")
        warnings.warn(f"{len(ambiguous)} alias(es) can mean several entities and were left out of the thesaurus: "
                      f"{shown}", KGWarning, stacklevel=2)
    return rows


def write_thesaurus(entities: Sequence[Entity], path: str | Path) -> int:
    """Write the alias table as a VOSviewer thesaurus file (``label<TAB>replace by``); return the row count."""
    rows = thesaurus_rows(entities)
    lines = ["\t".join(THESAURUS_HEADER), *("\t".join(r) for r in rows)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8", errors=ENCODING_ERRORS)
    return len(rows)


def read_thesaurus(path: str | Path) -> dict[str, str]:
    """Read a VOSviewer thesaurus file: ``label<TAB>replace by`` after that header line.

    An empty ``replace by`` means: ignore the term (drop the entity). Blank lines are skipped; a UTF-8 BOM is
    allowed. Terms are matched as kg matches mentions (:func:`kg.resolve.normalise_key`), so two lines whose
    labels differ only in case, hyphens or plural must agree.

    Returns
    -------
    dict
        Label as written -> replacement (``""`` for ignore), in file order.

    Raises
    ------
    ThesaurusError
        Missing or unreadable file, no header, a line without exactly one tab, an empty label, a label or
        replacement with no letters or digits, or a label given two different replacements (both lines named).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise ThesaurusError(str(path), 0, "no such thesaurus file") from err
    except UnicodeDecodeError as err:
        at = path.read_bytes()[:err.start].count(b"\n") + 1
        raise ThesaurusError(str(path), at, "not UTF-8 text; save the thesaurus as UTF-8") from err
    except OSError as err:
        raise ThesaurusError(str(path), 0, f"cannot read the thesaurus ({err.strerror})") from err
    rules: dict[str, str] = {}
    seen: dict[str, tuple[int, str]] = {}
    header_found = False
    # Split on newlines only: str.splitlines would also break at form feeds and Unicode separators inside terms.
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if "\x00" in line:
            raise ThesaurusError(str(path), number, "NUL byte: the file looks binary; expected tab-separated text")
        fields = line.split("\t")
        if not header_found:
            if tuple(f.strip().lower() for f in fields) != THESAURUS_HEADER:
                raise ThesaurusError(str(path), number, f"expected the header 'label<TAB>replace by', got {line!r}")
            header_found = True
            continue
        if len(fields) != 2:
            raise ThesaurusError(str(path), number, f"expected 2 tab-separated columns (label, replace by), got "
                                                    f"{len(fields)}: {line!r}")
        label, replacement = fields[0].strip(), fields[1].strip()
        if not label:
            raise ThesaurusError(str(path), number, "empty label; expected the term to replace in column 1")
        key = normalise_key(label)
        if not key:
            raise ThesaurusError(str(path), number, f"label {label!r} has no letters or digits")
        if replacement and not normalise_key(replacement):
            raise ThesaurusError(str(path), number, f"replacement {replacement!r} has no letters or digits; "
                                                    "leave it empty to ignore the term")
        if key in seen and seen[key][1] != replacement:
            first, before = seen[key]
            raise ThesaurusError(str(path), number, f"label {label!r} is replaced by {replacement!r} here but by "
                                                    f"{before!r} on line {first}; keep one")
        seen.setdefault(key, (number, replacement))
        rules[label] = replacement
    if not header_found:
        raise ThesaurusError(str(path), 0, "the file is empty; expected the header 'label<TAB>replace by'")
    return rules


def apply_thesaurus(entities: Sequence[Entity], mentions: Sequence[Mention], assignment: Mapping[int, str],
                    thesaurus: Mapping[str, str]) -> tuple[list[Entity], dict[int, str]]:
    """Merge and drop entities as a thesaurus says; return new entities and a new mention assignment.

    Each entity is looked up by its name, then its key, then its aliases (in order), all through
    :func:`kg.resolve.normalise_key`; the first that the thesaurus lists decides for the whole entity. A
    replacement moves the entity to ``label:normalise_key(replacement)`` named by the replacement, merging it
    with any entity of the same label already there or moved there; an empty replacement drops it (its mentions
    are left unassigned). Unlisted entities are kept as they are. Labels are never crossed.

    Returns
    -------
    entities : list of Entity
        Sorted like :func:`kg.resolve.resolve` (label, most papers first).
    assignment : dict
        Mention index -> entity id, for :func:`kg.graph.build_graph`.

    Examples
    --------
    >>> ms = [Mention("p1", 0, 0, 3, "ViT", "METHOD", "r"), Mention("p2", 0, 0, 18, "Vision Transformer",
    ...       "METHOD", "r"), Mention("p2", 1, 0, 3, "GPT", "METHOD", "r")]
    >>> ents = [Entity("method:vit", "METHOD", "vit", "ViT", (), 1, 1),
    ...         Entity("method:vision transformer", "METHOD", "vision transformer", "Vision Transformer", (), 1, 1),
    ...         Entity("method:gpt", "METHOD", "gpt", "GPT", (), 1, 1)]
    >>> assign = {0: "method:vit", 1: "method:vision transformer", 2: "method:gpt"}
    >>> new, new_assign = apply_thesaurus(ents, ms, assign, {"vit": "Vision Transformer", "GPT": ""})
    >>> [(e.id, e.name, e.aliases, e.papers) for e in new]
    [('method:vision transformer', 'Vision Transformer', ('ViT',), 2)]
    >>> sorted(new_assign)  # mention 2 (GPT) is no longer assigned
    [0, 1]
    """
    rules = {normalise_key(k): v for k, v in thesaurus.items()}
    target: dict[str, str | None] = {}  # old id -> new id, None = dropped
    display: dict[str, str] = {}  # new id -> name chosen by the thesaurus
    for e in entities:
        hit = next((rules[k] for k in (normalise_key(e.name), e.key, *map(normalise_key, e.aliases))
                    if k in rules), None)
        if hit is None:
            target[e.id] = e.id
        elif hit == "":
            target[e.id] = None
        else:
            new_id = entity_id(e.label, normalise_key(hit))
            target[e.id] = new_id
            display.setdefault(new_id, hit)
    groups: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if (moved := target[e.id]) is not None:
            groups[moved].append(e)
    new_assignment = {i: t for i, old in assignment.items() if (t := target.get(old, old)) is not None}
    papers: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for i, eid in new_assignment.items():
        papers[eid].add(mentions[i].paper_id)
        counts[eid] += 1
    merged = []
    for new_id, members in groups.items():
        if len(members) == 1 and new_id == members[0].id and new_id not in display:
            merged.append(members[0])
            continue
        label = members[0].label
        name = display.get(new_id) or next(m.name for m in members if m.id == new_id)
        forms = {f for m in members for f in (m.name, *m.aliases)} - {name}
        merged.append(Entity(new_id, label, new_id.split(":", 1)[1], name, tuple(sorted(forms)),
                             len(papers[new_id]), counts[new_id]))
    order = {lab: i for i, lab in enumerate(LABELS)}
    merged.sort(key=lambda e: (order.get(e.label, len(LABELS)), -e.papers, -e.mentions, e.id))
    return merged, new_assignment
