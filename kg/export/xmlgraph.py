"""What the streaming XML writers (GraphML, GEXF) share: escaping, one declared type per attribute, row
templates, and the texts of an edge table's columns (which the CSV and JSON writers share too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

import networkx as nx

from kg.graph.edgetable import EdgeTable, edge_table

#: Characters XML 1.0 does not allow, even escaped.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                          "\t": "&#9;"})


def xml_escape(value: Any) -> str:
    """Text for an XML attribute value: illegal characters removed, markup and quotes escaped.

    >>> xml_escape('a<b & "c"')
    'a&lt;b &amp; &quot;c&quot;'
    """
    return XML_ILLEGAL.sub("", str(value)).translate(_ESCAPES)


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


def xml_value(value: Any, kind: str) -> str:
    """The value as text of its declared type, escaped for XML."""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return repr(float(value))
    if kind == "int":
        return str(int(value))
    return xml_escape(value)


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


def schema_of(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each attribute of ``rows`` (node or edge data) with one type over its values (None values left out):
    bool, int, float or str; numpy scalars count as the Python type they hold.

    >>> schema_of([{"papers": 2, "npmi": 0.5}, {"papers": 3, "npmi": 1, "evidence": None}])
    {'papers': 'int', 'npmi': 'float'}
    """
    types: dict[str, set[type]] = {}
    for row in samples(rows):  # rows of one signature add nothing that their first row did not
        for key, value in row.items():
            if value is not None:
                types.setdefault(key, set()).add(type(value.item() if hasattr(value, "item") else value))
    return {key: kind_of_types(seen) for key, seen in types.items()}


#: %-conversion of a value of this exact type declared with this kind, where the text is the value's own.
_CONVERSIONS = {(int, "int"): "%d", (float, "float"): "%r", (str, "str"): "%s"}


def table_of(graph: nx.Graph, edges: EdgeTable | None) -> EdgeTable | None:
    """The edge table a writer uses: ``edges`` when given (built by the caller, shared by several writers), else
    one built now; None when the edges are not alike (the writer then formats them edge by edge)."""
    return edges if edges is not None else edge_table(graph)


def table_schema(table: EdgeTable) -> dict[str, str]:
    """The schema :func:`schema_of` gives for the edges of ``table`` (columns of None left out)."""
    return {key: kind_of_types({kind}) for key, kind in zip(table.keys, table.types, strict=True)
            if kind is not type(None)}


def text_column(table: EdgeTable, key: str, kind: str) -> list[str]:
    """The values of column ``key`` as XML text of the declared ``kind`` (:func:`xml_value`), shared by writers."""
    value_type = table.type_of(key)
    if (kind, value_type) in (("float", float), ("int", int)):  # xml_value's text, straight from C
        fmt: Callable[[Any], str] = float.__repr__ if value_type is float else int.__repr__
    else:
        fmt = partial(xml_value, kind=kind)
    return table.text(key, fmt, ("xml", kind))


def text_columns(table: EdgeTable) -> None:
    """Format every column of ``table`` as the XML writers (and the CSV writer) will, once, before forked writers
    share the table: they find the texts made."""
    for key, kind in table_schema(table).items():
        text_column(table, key, kind)


class RowTemplate(NamedTuple):
    """One ``%``-template for the rows of one signature: ``template % (*prefix, *values)``, where ``values``
    are ``getter(row)`` with the ``escape`` positions passed through :func:`xml_escape`."""

    getter: Callable[[dict[str, Any]], Any]
    width: int
    template: str
    escape: tuple[int, ...]

    def values(self, row: dict[str, Any]) -> list[Any]:
        got = self.getter(row)
        values = [got] if self.width == 1 else list(got)
        for i in self.escape:
            values[i] = xml_escape(values[i])
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
