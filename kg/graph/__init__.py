"""The graph stage: entities and mentions -> the co-mention graph and its edge table.

:mod:`~kg.graph.pairs` counts the pairs over arrays, :mod:`~kg.graph.weights` gives them weights and significance,
:mod:`~kg.graph.comention` makes the graph and its :mod:`~kg.graph.edgetable` at once: the one builder of the graph.
"""

from kg.graph.comention import (
    CoMentionGraph,
    PairWeights,
    comention_graph,
    edge_threshold,
    entity_nodes,
    graph_of,
    pair_weights,
)
from kg.graph.edgetable import EdgeTable, edge_table
from kg.graph.pairs import MAX_EVIDENCE, PartitionMap, comention_pairs
from kg.graph.weights import (
    PAPER_WEIGHTS,
    SENTENCE_WEIGHTS,
    WEIGHT_CHOICES,
    add_weights,
    bh_qvalues,
    pair_statistics,
    sentence_counts,
    weight_columns,
)

__all__ = [
    "MAX_EVIDENCE",
    "PAPER_WEIGHTS",
    "SENTENCE_WEIGHTS",
    "WEIGHT_CHOICES",
    "CoMentionGraph",
    "EdgeTable",
    "PairWeights",
    "PartitionMap",
    "add_weights",
    "bh_qvalues",
    "comention_graph",
    "comention_pairs",
    "edge_table",
    "edge_threshold",
    "entity_nodes",
    "graph_of",
    "pair_statistics",
    "pair_weights",
    "sentence_counts",
    "weight_columns",
]
