"""Streaming GraphML and GEXF writers: the same documents networkx writes, an order of magnitude faster.

networkx builds an element tree of the whole graph before writing, which costs about a minute per million
edges; these writers emit one line per node or edge. The tests read the files back with networkx's own readers
and compare them with what networkx's writers produce.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                          "\t": "&#9;"})


def _attr(value: Any) -> str:
    """Text for an XML attribute value: illegal characters removed, markup and quotes escaped.

    >>> _attr('a<b & "c"')
    'a&lt;b &amp; &quot;c&quot;'
    """
    return _XML_ILLEGAL.sub("", str(value)).translate(_ESCAPES)


def _kind(values: Iterable[Any]) -> str:
    """One type for an attribute over all its values: bool, int, float or str."""
    return kind_of_types({type(v) for v in values})


def kind_of_types(seen: set[type]) -> str:
    """One type for an attribute whose values have the Python types ``seen``: bool, int, float or str.

    >>> kind_of_types({int}), kind_of_types({int, float}), kind_of_types({bool, int})
    ('int', 'float', 'str')
    """
    if seen <= {bool}:
        return "bool"
    if seen <= {int}:
        return "int"
    if seen <= {int, float}:
        return "float"
    return "str"


def _format(value: Any, kind: str) -> str:
    """The value as text of its declared type, escaped for XML."""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return repr(float(value))
    if kind == "int":
        return str(int(value))
    return _attr(value)


def _schema(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    types: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None:
                types.setdefault(key, set()).add(type(value.item() if hasattr(value, "item") else value))
    return {key: kind_of_types(seen) for key, seen in types.items()}


_GRAPHML_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    """Write an undirected graph as GraphML, readable by ``networkx.read_graphml``, Gephi, yEd and Cytoscape."""
    node_schema = _schema(d for _, d in graph.nodes(data=True))
    edge_schema = _schema(d for _, _, d in graph.edges(data=True))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n'
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        ids: dict[tuple[str, str], str] = {}
        for domain, schema in (("node", node_schema), ("edge", edge_schema)):
            for key, kind in schema.items():
                ids[domain, key] = f"d{len(ids)}"
                fh.write(f'  <key id="{ids[domain, key]}" for="{domain}" attr.name="{_attr(key)}" '
                         f'attr.type="{_GRAPHML_TYPES[kind]}" />\n')
        fh.write('  <graph edgedefault="undirected">\n')
        for node, data in graph.nodes(data=True):
            fh.write(f'    <node id="{_attr(node)}">')
            _graphml_data(fh, data, node_schema, ids, "node")
            fh.write("</node>\n")
        for u, v, data in graph.edges(data=True):
            fh.write(f'    <edge source="{_attr(u)}" target="{_attr(v)}">')
            _graphml_data(fh, data, edge_schema, ids, "edge")
            fh.write("</edge>\n")
        fh.write("  </graph>\n</graphml>\n")


def _graphml_data(fh: TextIO, data: dict[str, Any], schema: dict[str, str], ids: dict[tuple[str, str], str],
                  domain: str) -> None:
    for key, value in data.items():
        if value is not None:
            fh.write(f'<data key="{ids[domain, key]}">{_format(value, schema[key])}</data>')


_GEXF_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


def write_gexf(graph: nx.Graph, path: str | Path) -> None:
    """Write a graph prepared by :func:`kg.export.interop.to_gexf_graph` as GEXF 1.2 (Gephi).

    Node attribute ``label`` becomes the GEXF node label and edge attribute ``weight`` the GEXF edge weight; every
    other attribute is declared once with one type.
    """
    node_schema = {k: v for k, v in _schema(d for _, d in graph.nodes(data=True)).items() if k != "label"}
    edge_schema = {k: v for k, v in _schema(d for _, _, d in graph.edges(data=True)).items() if k != "weight"}
    write_gexf_rows(path, graph.nodes(data=True), node_schema, graph.edges(data=True), edge_schema)


def write_gexf_rows(path: str | Path, nodes: Iterable[tuple[Any, dict[str, Any]]], node_schema: dict[str, str],
                    edges: Iterable[tuple[Any, Any, dict[str, Any]]], edge_schema: dict[str, str]) -> None:
    """Write GEXF 1.2 from node and edge rows (streamed: the rows may be a generator) and their schemas.

    A node row's ``label`` is the GEXF node label and an edge row's ``weight`` the GEXF edge weight; the other
    keys must be in the schema (key -> bool, int, float or str), whose order is the declaration order.
    """
    node_ids = {key: str(i) for i, key in enumerate(node_schema)}
    edge_ids = {key: str(i) for i, key in enumerate(edge_schema)}
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
                fh.write(f'      <attribute id="{ids[key]}" title="{_attr(key)}" type="{_GEXF_TYPES[kind]}" />\n')
            fh.write("    </attributes>\n")
        fh.write("    <nodes>\n")
        for node, data in nodes:
            fh.write(f'      <node id="{_attr(node)}" label="{_attr(data.get("label", node))}">')
            _gexf_values(fh, data, node_schema, node_ids)
            fh.write("</node>\n")
        fh.write("    </nodes>\n    <edges>\n")
        for index, (u, v, data) in enumerate(edges):
            weight = data.get("weight")
            attrs = f' weight="{float(weight)!r}"' if weight is not None else ""
            fh.write(f'      <edge source="{_attr(u)}" target="{_attr(v)}" id="{index}"{attrs}>')
            _gexf_values(fh, data, edge_schema, edge_ids)
            fh.write("</edge>\n")
        fh.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_values(fh: TextIO, data: dict[str, Any], schema: dict[str, str], ids: dict[str, str]) -> None:
    items = [(k, v) for k, v in data.items() if k in schema and v is not None]
    if not items:
        return
    fh.write("<attvalues>")
    for key, value in items:
        fh.write(f'<attvalue for="{ids[key]}" value="{_format(value, schema[key])}" />')
    fh.write("</attvalues>")

