"""Analysis of a co-mention graph: weights and significance, communities, centralities, typed views, time.

Plain functions over the graph that :func:`kg.graph.comention_graph` makes (or a build folder loaded with
:func:`kg.buildio.load_build`), returning new graphs and pandas DataFrames; inputs are never changed and
anything random takes a ``seed``.

Examples
--------
>>> from kg.records import Mention
>>> from kg.resolve import resolve
>>> from kg.graph import comention_graph
>>> ms = [Mention("p1", 0, 0, 4, "BERT", "METHOD", "r"), Mention("p1", 0, 9, 14, "SQuAD", "DATASET", "r"),
...       Mention("p2", 0, 0, 4, "BERT", "METHOD", "r"), Mention("p2", 1, 0, 5, "SQuAD", "DATASET", "r")]
>>> found = resolve(ms)
>>> entities, assignment = found.entities, found.assignment
>>> g = comention_graph(entities, ms, assignment, n_papers=4).graph
>>> edges_frame(g)[["source_name", "target_name", "papers", "association", "jaccard"]].values.tolist()
[['BERT', 'SQuAD', 2, 2.0, 1.0]]
"""

from kg.analysis.structure import Communities, centralities, communities, edges_frame, nodes_frame
from kg.analysis.trends import (
    emerging_pairs,
    entity_counts_by_period,
    fading_pairs,
    first_seen,
    pair_counts_by_period,
    pair_trends,
    paper_periods,
    period_of,
)
from kg.analysis.typed import bipartite_view, method_task_gaps, task_dataset_gaps, typed_matrix
from kg.analysis.views import filter_edges, sentence_graph, weighted_graph
from kg.errors import AnalysisError
from kg.graph import (
    PAPER_WEIGHTS,
    SENTENCE_WEIGHTS,
    add_weights,
    bh_qvalues,
    comention_graph,
    pair_statistics,
    sentence_counts,
    weight_columns,
)

__all__ = [
    "PAPER_WEIGHTS",
    "SENTENCE_WEIGHTS",
    "AnalysisError",
    "Communities",
    "add_weights",
    "bh_qvalues",
    "bipartite_view",
    "centralities",
    "comention_graph",
    "communities",
    "edges_frame",
    "emerging_pairs",
    "entity_counts_by_period",
    "fading_pairs",
    "filter_edges",
    "first_seen",
    "method_task_gaps",
    "nodes_frame",
    "pair_counts_by_period",
    "pair_statistics",
    "pair_trends",
    "paper_periods",
    "period_of",
    "sentence_counts",
    "sentence_graph",
    "task_dataset_gaps",
    "typed_matrix",
    "weight_columns",
    "weighted_graph",
]
