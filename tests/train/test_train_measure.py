"""kg.train.measure: the development sets and their views under kg's conventions."""

from kg.gold import read_tdmsci
from kg.records import LABELS
from kg.train.measure import EVAL_SETS, evaluation_sets


def test_evaluation_sets_and_kg_views(data_paths):
    sets = {s.name: s for s in evaluation_sets(data_paths)}
    assert set(sets) == set(EVAL_SETS)
    assert [d.id for d in sets["seeds-dev"].docs] == ["p1"]  # only the dev rows
    assert sets["scierc-dev"].labels == ("METHOD", "TASK") and sets["scier-dev"].labels == LABELS
    n_tdmsci = len(list(read_tdmsci(data_paths.tdmsci_train)))
    assert len(sets["tdmsci-heldout"].docs) == n_tdmsci // 5  # documents 4, 9, ... only
    raw, kg = sets["heddes-heldout"], sets["heddes-heldout:kg"]
    assert [d.id for d in raw.docs] == [d.id for d in kg.docs]
    assert {s.name: s for s in evaluation_sets(data_paths, include=["scier-dev"])}.keys() == {"scier-dev"}
