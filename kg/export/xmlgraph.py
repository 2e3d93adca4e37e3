"""Streaming GraphML and GEXF writers: the same documents networkx writes, an order of magnitude faster.

networkx builds an element tree of the whole graph before writing, which costs about a minute per million
edges; these writers emit one line per node or edge. The tests read the files back with networkx's own readers
and compare them with what networkx's writers produce.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import networkx as nx

from kg.graph.edgetable import EdgeTable, edge_table

#: Characters XML 1.0 does not allow, even escaped.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                          "\t": "&#9;"})


def _attr(value: Any) -> str:
    """Text for an XML attribute value: illegal characters removed, markup and quotes escaped.

    >>> _attr('a<b & "c"')
    'a&lt;b &amp; &quot;c&quot;'
    """
    return XML_ILLEGAL.sub("", str(value)).translate(_ESCAPES)


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


def signature(row: dict[str, Any]) -> tuple[tuple[str, ...], tuple[type, ...]]:
    """The keys of a row and the exact types of its values: rows alike in both format alike.

    >>> signature({"papers": 2, "npmi": 0.5, "evidence": None})
    (('papers', 'npmi', 'evidence'), (<class 'int'>, <class 'float'>, <class 'NoneType'>))
    """
    return tuple(row), tuple(map(type, row.values()))


def samples(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first row of each :func:`signature`, in order of first appearance (a cheap pass over many rows)."""
    seen: dict[tuple[tuple[str, ...], tuple[type, ...]], dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(signature(row), row)
    return list(seen.values())


def _schema(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    types: dict[str, set[type]] = {}
    for row in samples(rows):  # rows of one signature add nothing that their first row did not
        for key, value in row.items():
            if value is not None:
                types.setdefault(key, set()).add(type(value.item() if hasattr(value, "item") else value))
    return {key: kind_of_types(seen) for key, seen in types.items()}


#: %-conversion of a value of this exact type declared with this kind, where the text is the value's own.
_CONVERSIONS = {(int, "int"): "%d", (float, "float"): "%r", (str, "str"): "%s"}
#: Set to False to write every row through the general formatter, without edge tables or templates (the tests
#: compare the two).
FAST = True


def table_of(graph: nx.Graph, edges: EdgeTable | None) -> EdgeTable | None:
    """The edge table a writer uses: ``edges`` when given (built by the caller, shared by several writers), else
    one built now; None (write edge by edge) when the edges are not alike or :data:`FAST` is off."""
    if not FAST:
        return None
    return edges if edges is not None else edge_table(graph)


def table_schema(table: EdgeTable) -> dict[str, str]:
    """The schema :func:`_schema` gives for the edges of ``table`` (columns of None left out)."""
    return {key: kind_of_types({kind}) for key, kind in zip(table.keys, table.types, strict=True)
            if kind is not type(None)}


def text_column(table: EdgeTable, key: str, kind: str) -> list[str]:
    """The values of column ``key`` as XML text of the declared ``kind`` (:func:`_format`), shared by writers."""
    value_type = table.type_of(key)
    if (kind, value_type) in (("float", float), ("int", int)):  # _format's text, straight from C
        fmt: Callable[[Any], str] = float.__repr__ if value_type is float else int.__repr__
    else:
        fmt = partial(_format, kind=kind)
    return table.text(key, fmt, ("xml", kind))


def text_columns(table: EdgeTable) -> None:
    """Format every column of ``table`` as the XML writers (and the CSV writer) will, once, before forked writers
    share the table: they find the texts made."""
    for key, kind in table_schema(table).items():
        text_column(table, key, kind)


class RowTemplate(NamedTuple):
    """One ``%``-template for the rows of one signature: ``template % (*prefix, *values)``, where ``values``
    are ``getter(row)`` with the ``escape`` positions passed through :func:`_attr`."""

    getter: Callable[[dict[str, Any]], Any]
    width: int
    template: str
    escape: tuple[int, ...]

    def values(self, row: dict[str, Any]) -> list[Any]:
        got = self.getter(row)
        values = [got] if self.width == 1 else list(got)
        for i in self.escape:
            values[i] = _attr(values[i])
        return values


def compile_row(keys: Sequence[str], types: Sequence[type], schema: dict[str, str],
                field: Callable[[str, str], str], *, skip: frozenset[str] = frozenset()) -> RowTemplate | None:
    """A :class:`RowTemplate` for rows with these keys and value types, or None when one of the values needs the
    general formatter (a bool, a numpy scalar, an int declared float). None values and ``skip`` keys are left
    out; ``field(key, conversion)`` is the text of one attribute around its ``%`` conversion."""
    kept: list[str] = []
    parts: list[str] = []
    escape: list[int] = []
    for key, kind in zip(keys, types, strict=True):
        if kind is type(None) or key in skip:
            continue
        conversion = _CONVERSIONS.get((kind, schema.get(key, "")))
        if conversion is None:
            return None
        if conversion == "%s":
            escape.append(len(kept))
        kept.append(key)
        parts.append(field(key, conversion))
    getter: Callable[[dict[str, Any]], Any] = itemgetter(*kept) if kept else (lambda row: ())
    return RowTemplate(getter, len(kept), "".join(parts), tuple(escape))


_GRAPHML_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


def write_graphml(graph: nx.Graph, path: str | Path, *, edges: EdgeTable | None = None) -> None:
    """Write an undirected graph as GraphML, readable by ``networkx.read_graphml``, Gephi, yEd and Cytoscape.

    ``edges``, the graph's :func:`~kg.graph.edgetable.edge_table`, saves building it again when several writers
    write the same graph.
    """
    table = table_of(graph, edges)
    node_schema = _schema(d for _, d in graph.nodes(data=True))
    edge_schema = table_schema(table) if table is not None else _schema(d for _, _, d in graph.edges(data=True))
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
        node_text = {node: _attr(node) for node in graph}
        if table is not None:
            fh.writelines(_graphml_edge_lines(table, edge_schema, ids, node_text))
            fh.write("  </graph>\n</graphml>\n")
            return
        templates: dict[tuple[tuple[str, ...], tuple[type, ...]], RowTemplate | None] = {}
        for u, v, data in graph.edges(data=True):
            sig = signature(data)
            if sig not in templates:
                templates[sig] = compile_row(*sig, edge_schema, lambda key, conv: (
                    f'<data key="{ids["edge", key]}">{conv}</data>')) if FAST else None
            compiled = templates[sig]
            if compiled is not None:  # one %-format for the whole line
                fh.write(f'    <edge source="{node_text[u]}" target="{node_text[v]}">'
                         + compiled.template % tuple(compiled.values(data)) + "</edge>\n")
                continue
            fh.write(f'    <edge source="{node_text[u]}" target="{node_text[v]}">')
            _graphml_data(fh, data, edge_schema, ids, "edge")
            fh.write("</edge>\n")
        fh.write("  </graph>\n</graphml>\n")


def _graphml_edge_lines(table: EdgeTable, schema: dict[str, str], ids: dict[tuple[str, str], str],
                        node_text: dict[Any, str]) -> Iterator[str]:
    """The ``<edge>`` lines of a table: one template over text columns."""
    kept = [key for key in table.keys if key in schema]
    template = ('    <edge source="%s" target="%s">'
                + "".join(f'<data key="{ids["edge", key]}">%s</data>' for key in kept) + "</edge>\n")
    columns = [text_column(table, key, schema[key]) for key in kept]
    return map(template.__mod__, zip(map(node_text.__getitem__, table.sources),
                                     map(node_text.__getitem__, table.targets), *columns, strict=True))


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
                    edges: Iterable[tuple[Any, Any, dict[str, Any]]], edge_schema: dict[str, str], *,
                    edge_lines: Iterable[str] | None = None) -> None:
    """Write GEXF 1.2 from node and edge rows (streamed: the rows may be a generator) and their schemas.

    A node row's ``label`` is the GEXF node label and an edge row's ``weight`` the GEXF edge weight; the other
    keys must be in the schema (key -> bool, int, float or str), whose order is the declaration order. With
    ``edge_lines``, those lines (each from :func:`gexf_edge_line` or its equal) are the edges instead.
    """
    node_ids = gexf_ids(node_schema)
    edge_ids = gexf_ids(edge_schema)
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
            fh.write(_gexf_values(data, node_schema, node_ids) + "</node>\n")
        fh.write("    </nodes>\n    <edges>\n")
        if edge_lines is None:
            edge_lines = (gexf_edge_line(index, _attr(u), _attr(v), data, edge_schema, edge_ids)
                          for index, (u, v, data) in enumerate(edges))
        fh.writelines(edge_lines)
        fh.write("    </edges>\n  </graph>\n</gexf>\n")


def gexf_ids(schema: dict[str, str]) -> dict[str, str]:
    """GEXF attribute ids of a schema: ``"0"``, ``"1"``, ... in declaration order."""
    return {key: str(i) for i, key in enumerate(schema)}


def gexf_edge_line(index: int, source: str, target: str, data: dict[str, Any], schema: dict[str, str],
                   ids: dict[str, str]) -> str:
    """One ``<edge>`` line: ``source`` and ``target`` already escaped, ``data`` a converted edge row."""
    weight = data.get("weight")
    attrs = f' weight="{float(weight)!r}"' if weight is not None else ""
    return (f'      <edge source="{source}" target="{target}" id="{index}"{attrs}>'
            + _gexf_values(data, schema, ids) + "</edge>\n")


def _gexf_values(data: dict[str, Any], schema: dict[str, str], ids: dict[str, str]) -> str:
    """The ``<attvalues>`` element of a node or edge row ("" when it has no declared value)."""
    inner = "".join(f'<attvalue for="{ids[key]}" value="{_format(value, schema[key])}" />'
                    for key, value in data.items() if key in schema and value is not None)
    return f"<attvalues>{inner}</attvalues>" if inner else ""
