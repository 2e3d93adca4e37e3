"""Streaming GEXF 1.2 for Gephi: the document networkx writes of :func:`to_gexf_graph`'s copy of a graph, edges
streamed one line each (from the graph's edge table when it has one), without that copy.

The tests read the files back with networkx's reader and compare them with what networkx's writer produces.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.xmlgraph import (
    XML_ILLEGAL,
    RowTemplate,
    compile_row,
    kind_of_types,
    samples,
    schema_of,
    signature,
    table_of,
    text_column,
    xml_escape,
    xml_value,
)
from kg.graph.edgetable import EdgeTable

_GEXF_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}
#: Node and edge keys that networkx's GEXF writer treats as GEXF structure rather than as data.
_GEXF_NODE_RESERVED = frozenset({"id", "label", "pid", "start", "end", "parents", "viz", "spells", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "weight", "type", "start", "end", "viz", "spells", "slices", "key"})


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
    return XML_ILLEGAL.sub("", str(value))


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
    node_schema = {k: v for k, v in schema_of(d for _, d in nodes.nodes(data=True)).items() if k != "label"}
    table = table_of(graph, edges)
    if table is not None:
        typed = [(k, t) for k, t in zip(table.keys, table.types, strict=True) if t is not type(None)]
    else:  # one row per signature says all
        typed = [(k, t) for d in samples(d for _, _, d in graph.edges(data=True))
                 for k, v in d.items() if (t := _gexf_type(v)) is not None]
    types: dict[str, set[type]] = defaultdict(set)
    for k, t in typed:
        if k != "weight":
            types[_edge_key(k)].add(t)
    edge_schema = {k: kind_of_types(seen) for k, seen in types.items()}
    text_keys = frozenset(k for k, kind in edge_schema.items() if kind == "str")
    ids = _gexf_ids(edge_schema)
    node_text = {node: xml_escape(node) for node in graph}
    table_lines = _gexf_table_lines(table, edge_schema, ids, node_text) if table is not None else None
    templates: dict[tuple[tuple[str, ...], tuple[type, ...]], tuple[RowTemplate, str | None] | None] = {}

    def lines() -> Iterator[str]:
        for index, (u, v, d) in enumerate(graph.edges(data=True)):
            sig = signature(d)
            if sig not in templates:
                templates[sig] = _gexf_edge_template(*sig, edge_schema, ids)
            compiled = templates[sig]
            if compiled is None:
                yield _gexf_edge_line(index, node_text[u], node_text[v], _gexf_edge_row(d, text_keys),
                                       edge_schema, ids)
                continue
            row, weight_key = compiled
            weight = f' weight="{float(d[weight_key])!r}"' if weight_key else ""
            yield (f'      <edge source="{node_text[u]}" target="{node_text[v]}" id="{index}"{weight}>'
                   + row.template % tuple(row.values(d)) + "</edge>\n")

    _write_document(Path(path), nodes.nodes(data=True), node_schema, edge_schema,
                    table_lines if table_lines is not None else lines())


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
    columns = [text_column(table, key, schema[key]) for key in kept]
    values = "".join(f'<attvalue for="{ids[key]}" value="%s" />' for key in kept)
    if weight_key is not None:
        columns.insert(0, table.text(weight_key, lambda w: f' weight="{float(w)!r}"'))
    line = ('      <edge source="%s" target="%s" id="%s"' + ("%s>" if weight_key is not None else ">")
            + (f"<attvalues>{values}</attvalues>" if values else "") + "</edge>\n")
    return map(line.__mod__, zip(map(node_text.__getitem__, table.sources), map(node_text.__getitem__, table.targets),
                                 map(str, range(len(table))), *columns, strict=True))


def _gexf_edge_template(keys: tuple[str, ...], types: tuple[type, ...], schema: dict[str, str],
                        ids: dict[str, str]) -> tuple[RowTemplate, str | None] | None:
    """The line template of edges with these keys and value types (see :func:`_gexf_edge_row`), and the key of
    their GEXF weight; None where a key is GEXF-reserved or a value needs converting."""
    if any(k != "weight" and k in _GEXF_EDGE_RESERVED for k in keys):
        return None
    row = compile_row(keys, types, schema, lambda key, conv: f'<attvalue for="{ids[key]}" value="{conv}" />',
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


def _write_document(path: Path, nodes: Iterable[tuple[Any, dict[str, Any]]], node_schema: dict[str, str],
                    edge_schema: dict[str, str], edge_lines: Iterable[str]) -> None:
    """Write GEXF 1.2: the attribute declarations of both schemas (key -> bool, int, float or str, in declaration
    order), the node rows (a row's ``label`` is the GEXF node label, its other keys are in ``node_schema``) and the
    ``edge_lines`` (each from :func:`_gexf_edge_line` or its equal), all streamed.
    """
    node_ids = _gexf_ids(node_schema)
    edge_ids = _gexf_ids(edge_schema)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n'
                 '<gexf xmlns="http://www.gexf.net/1.2draft" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
                 'version="1.2">\n  <meta><creator>kg</creator></meta>\n'
                 '  <graph defaultedgetype="undirected" mode="static" name="">\n')
        for cls, schema, ids in (("node", node_schema, node_ids), ("edge", edge_schema, edge_ids)):
            fh.write(f'    <attributes mode="static" class="{cls}">\n')
            for key, kind in schema.items():
                fh.write(f'      <attribute id="{ids[key]}" title="{xml_escape(key)}" type="{_GEXF_TYPES[kind]}" />\n')
            fh.write("    </attributes>\n")
        fh.write("    <nodes>\n")
        for node, data in nodes:
            fh.write(f'      <node id="{xml_escape(node)}" label="{xml_escape(data.get("label", node))}">')
            fh.write(_gexf_values(data, node_schema, node_ids) + "</node>\n")
        fh.write("    </nodes>\n    <edges>\n")
        fh.writelines(edge_lines)
        fh.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_ids(schema: dict[str, str]) -> dict[str, str]:
    """GEXF attribute ids of a schema: ``"0"``, ``"1"``, ... in declaration order."""
    return {key: str(i) for i, key in enumerate(schema)}


def _gexf_edge_line(index: int, source: str, target: str, data: dict[str, Any], schema: dict[str, str],
                    ids: dict[str, str]) -> str:
    """One ``<edge>`` line: ``source`` and ``target`` already escaped, ``data`` a converted edge row."""
    weight = data.get("weight")
    attrs = f' weight="{float(weight)!r}"' if weight is not None else ""
    return (f'      <edge source="{source}" target="{target}" id="{index}"{attrs}>'
            + _gexf_values(data, schema, ids) + "</edge>\n")


def _gexf_values(data: dict[str, Any], schema: dict[str, str], ids: dict[str, str]) -> str:
    """The ``<attvalues>`` element of a node or edge row ("" when it has no declared value)."""
    inner = "".join(f'<attvalue for="{ids[key]}" value="{xml_value(value, schema[key])}" />'
                    for key, value in data.items() if key in schema and value is not None)
    return f"<attvalues>{inner}</attvalues>" if inner else ""
