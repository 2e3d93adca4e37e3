"""A graph's edges as columns, so that the writers format whole columns instead of one edge dict at a time.

A writer that walks ``graph.edges(data=True)`` pays some microseconds an edge for looking values up and formatting
them, and a co-mention graph of 100,000 abstracts has 1.5 million edges with a dozen values each. kg's graphs give
every edge the same attributes, in the same order, with the same types, and their values repeat: a p-value depends
only on the counts behind it, so the nine float columns of those 1.5 million edges hold about a million distinct
values, not 14 million. :func:`edge_table` reads the edges once into columns; :meth:`EdgeTable.text` formats each
distinct value of a column once; a writer then applies one ``%``-template to a zip of text columns, in C.

Graphs whose edges differ (other keys, another order, mixed types, numpy scalars) get no table, and the writers
format them edge by edge as before; the tests check that both ways write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from kg import collector

#: The value types a column may hold; anything else (numpy scalars, lists) is formatted edge by edge.
COLUMN_TYPES = frozenset({bool, int, float, str, type(None)})


@dataclass(frozen=True)
class EdgeTable:
    """The edges of a graph in its edge order: the two ends and one column per attribute.

    Every edge has the attributes ``keys`` in that order, and every value of column ``i`` has the exact type
    ``types[i]``. Build one with :func:`edge_table`; it is a snapshot, so build it after the graph's last change.
    """

    sources: list[Any]
    targets: list[Any]
    keys: tuple[str, ...]
    types: tuple[type, ...]
    columns: tuple[list[Any], ...]
    _texts: dict[tuple[str, Hashable], list[str]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.sources)

    def column(self, key: str) -> list[Any]:
        """The values of attribute ``key``, one per edge."""
        return self.columns[self.keys.index(key)]

    def type_of(self, key: str) -> type:
        """The exact type of every value of attribute ``key``."""
        return self.types[self.keys.index(key)]

    def text(self, key: str, fmt: Callable[[Any], str], name: Hashable | None = None) -> list[str]:
        """``fmt(value)`` for every value of column ``key``, with ``fmt`` called once per distinct value.

        With ``name``, the result is kept and returned again for the same ``(key, name)``: writers that format a
        column alike (``repr`` of a float, say) share one list.

        Examples
        --------
        >>> g = nx.Graph()
        >>> g.add_edge("a", "b", p=0.5); g.add_edge("b", "c", p=0.5); g.add_edge("c", "d", p=-0.0)
        >>> edge_table(g).text("p", repr)
        ['0.5', '0.5', '-0.0']
        """
        if name is not None and (key, name) in self._texts:
            return self._texts[key, name]
        texts = _distinct_texts(self.column(key), fmt, self.type_of(key))
        if name is not None:
            self._texts[key, name] = texts
        return texts


def distinct_texts(values: list[Any], fmt: Callable[[Any], str]) -> list[str]:
    """``[fmt(v) for v in values]``, calling ``fmt`` once per distinct value.

    Values that compare equal but print differently (``0.0`` and ``-0.0``; ``1`` and ``1.0`` when the values have
    more than one type) are formatted one by one.

    >>> distinct_texts([1.5, 1.5, 0.0, -0.0, float("nan")], repr)
    ['1.5', '1.5', '0.0', '-0.0', 'nan']
    """
    kinds = set(map(type, values))
    if len(kinds) > 1:
        return list(map(fmt, values))
    return _distinct_texts(values, fmt, kinds.pop() if kinds else type(None))


def _distinct_texts(values: list[Any], fmt: Callable[[Any], str], kind: type) -> list[str]:
    """:func:`distinct_texts` of values that all have the exact type ``kind``."""
    if kind is not float:
        distinct = dict.fromkeys(values)
        return list(map(dict(zip(distinct, map(fmt, distinct), strict=True)).__getitem__, values))
    # Floats: sorted in C rather than hashed one by one (boxed floats lie all over memory).
    array = np.array(values, dtype=np.float64)
    unique, inverse = np.unique(array, return_inverse=True)  # NaNs are one value, 0.0 and -0.0 another
    texts: list[str] = np.array([fmt(value) for value in unique.tolist()], dtype=object)[inverse.ravel()].tolist()
    zeros = np.flatnonzero(array == 0)
    if len(zeros):  # unique kept one of the zeros, and its text went to them all
        kept_negative = bool(np.signbit(unique[unique == 0][0]))
        for i in zeros[np.signbit(array[zeros]) != kept_negative].tolist():
            texts[i] = fmt(values[i])
    return texts


def shared_floats(values: NDArray[np.float64]) -> list[float]:
    """``values.tolist()``, with one Python float per distinct value: ``tolist`` makes a 24-byte object for every
    element, and the weight columns of a large graph repeat few values (a p-value depends only on the counts behind
    it), so sharing them saves most of a column's memory. 0.0 and -0.0 stay apart.

    >>> out = shared_floats(np.array([0.5, 0.25, 0.5, -0.0, 0.0]))
    >>> out, out[0] is out[2]
    ([0.5, 0.25, 0.5, -0.0, 0.0], True)
    """
    if values.size == 0:
        return []
    distinct, where = np.unique(values, return_inverse=True)  # sorted in C; NaNs are one value
    objects = np.array(distinct.tolist(), dtype=object)[where.ravel()]
    zeros = values == 0
    if zeros.any():  # unique kept one of the two zeros
        negative = zeros & np.signbit(values)
        objects[zeros & ~negative] = 0.0
        objects[negative] = -0.0
    shared: list[float] = objects.tolist()
    return shared


def edge_table(graph: nx.Graph) -> EdgeTable | None:
    """The edges of ``graph`` as an :class:`EdgeTable`, or None when they are not alike.

    Alike means: every edge has the same attribute keys in the same order, and each attribute holds values of one
    exact type among bool, int, float, str and None.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", papers=2, npmi=0.5); g.add_edge("b", "c", papers=1, npmi=0.25)
    >>> table = edge_table(g)
    >>> table.sources, table.targets, table.keys, table.column("npmi")
    (['a', 'b'], ['b', 'c'], ('papers', 'npmi'), [0.5, 0.25])
    >>> g.add_edge("c", "d", papers=1, npmi=1)  # an int among floats
    >>> print(edge_table(g))
    None
    """
    if graph.number_of_edges() == 0:
        return EdgeTable([], [], (), (), ())
    with collector.paused():  # a million short tuples would set off many full collections of a large heap
        sources, targets, rows = (list(part) for part in zip(*graph.edges(data=True), strict=True))
        keys = tuple(rows[0])
        if not all(map(keys.__eq__, map(tuple, rows))):
            return None
        if len(keys) == 1:
            columns: tuple[list[Any], ...] = (list(map(itemgetter(keys[0]), rows)),)
        else:  # one lookup per row, then the transpose: each row's memory is visited once
            columns = tuple(map(list, zip(*map(itemgetter(*keys), rows), strict=True))) if keys else ()
        del rows
    types: list[type] = []
    for values in columns:
        seen = set(map(type, values))
        if len(seen) != 1 or not seen <= COLUMN_TYPES:
            return None
        types.append(seen.pop())
    return EdgeTable(sources, targets, keys, tuple(types), columns)
