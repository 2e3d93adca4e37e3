"""VOSviewer thesauri: the alias table as rows (written and read back), a user's thesaurus read and applied."""

import warnings

import pytest

from kg.errors import KGError, KGWarning, ThesaurusError
from kg.export.vosviewer import write_thesaurus
from kg.graph import comention_graph
from kg.records import Entity, Mention
from kg.resolve import resolve
from kg.resolve.thesaurus import apply_thesaurus, read_thesaurus, thesaurus_rows


def test_thesaurus_round_trip_keeps_entities(sample_build, tmp_path):
    entities = list(sample_build.entities.values())
    path = tmp_path / "thesaurus.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KGWarning)
        n = write_thesaurus(thesaurus_rows(entities), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "label\treplace by" and len(lines) == n + 1 and n > 0
    rules = read_thesaurus(path)
    new, assignment = apply_thesaurus(entities, sample_build.mentions, sample_build.assignment, rules)
    assert sorted(new, key=lambda e: e.id) == sorted(entities, key=lambda e: e.id)
    assert assignment == sample_build.assignment


def test_thesaurus_rows_skip_ambiguous_aliases():
    a = Entity("method:tta", "METHOD", "test time adaptation", "test-time adaptation", ("TTA",), 1, 1)
    b = Entity("method:tta2", "METHOD", "test time augmentation", "test-time augmentation", ("TTA",), 1, 1)
    c = Entity("task:x", "TASK", "x", "X\twith tab", ("X1",), 1, 1)
    with pytest.warns(KGWarning, match="TTA"):
        rows = thesaurus_rows([a, b, c])
    assert rows == [("X1", "X with tab")]


def _mentions():
    ms = [Mention("p1", 0, 0, 3, "ViT", "METHOD", "r"), Mention("p2", 0, 0, 18, "Vision Transformer", "METHOD", "r"),
          Mention("p2", 1, 0, 6, "ResNet", "METHOD", "r"), Mention("p3", 0, 0, 6, "ImageNet", "DATASET", "r"),
          Mention("p1", 1, 0, 3, "ViT", "DATASET", "r"), Mention("p3", 1, 0, 4, "ours", "METHOD", "r")]
    # resolved label by label, so that "ViT" is also a DATASET here (a corpus vote would give it one label)
    entities, assignment = [], {}
    for label in ("METHOD", "DATASET"):
        picked = [i for i, m in enumerate(ms) if m.label == label]
        found = resolve([ms[i] for i in picked], known={})
        entities += found.entities
        assignment.update({picked[j]: eid for j, eid in found.assignment.items()})
    return ms, entities, assignment


def test_apply_thesaurus_merges_drops_and_keeps_labels(tmp_path):
    ms, entities, assignment = _mentions()
    path = tmp_path / "t.txt"
    path.write_text("\ufefflabel\treplace by\nvit\tVision Transformers\nOURS\t\n\n", encoding="utf-8")
    rules = read_thesaurus(path)
    assert rules == {"vit": "Vision Transformers", "OURS": ""}
    new, new_assignment = apply_thesaurus(entities, ms, assignment, rules)
    by_id = {e.id: e for e in new}
    merged = by_id["method:vision transformer"]
    assert merged.name == "Vision Transformers" and merged.papers == 2 and merged.mentions == 2
    assert set(merged.aliases) == {"ViT", "Vision Transformer"}
    assert "method:vit" not in by_id and "method:our" not in by_id
    # The DATASET "ViT" becomes dataset:vision transformer: labels are never crossed.
    assert by_id["dataset:vision transformer"].label == "DATASET"
    assert 5 not in new_assignment and new_assignment[0] == new_assignment[1] == "method:vision transformer"
    graph = comention_graph(new, ms, new_assignment, n_papers=len({m.paper_id for m in ms})).graph
    assert graph.number_of_nodes() == len(new)
    assert graph.has_edge("method:vision transformer", "method:resnet")


@pytest.mark.parametrize("content, line, match", [
    (b"", 0, "empty"),
    (b"term\treplacement\nx\ty\n", 1, "header"),
    (b"label\treplace by\nno tab here\n", 2, "2 tab-separated columns"),
    (b"label\treplace by\na\tb\tc\n", 2, "got 3"),
    (b"label\treplace by\n\tb\n", 2, "empty label"),
    (b"label\treplace by\n--\tb\n", 2, "no letters"),
    (b"label\treplace by\na\t...\n", 2, "no letters"),
    (b"label\treplace by\nViT\tA\n\nvits\tB\n", 4, "line 2"),
    (b"label\treplace by\nok\tfine\nbad\t\xff\xfe\n", 3, "UTF-8"),
    (b"label\treplace by\nx\x00y\tz\n", 2, "binary"),
])
def test_read_thesaurus_malformed(tmp_path, content, line, match):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ThesaurusError, match=match) as info:
        read_thesaurus(path)
    assert isinstance(info.value, KGError)
    assert info.value.path == str(path) and info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_read_thesaurus_missing_file(tmp_path):
    with pytest.raises(ThesaurusError, match="no such"):
        read_thesaurus(tmp_path / "nope.txt")


def test_read_thesaurus_accepts_header_only_and_crlf(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"Label\tReplace by\r\n")
    assert read_thesaurus(path) == {}
    path.write_bytes(b"label\treplace by\r\nA\tB\r\na\tB\r\n")
    assert read_thesaurus(path) == {"A": "B", "a": "B"}


def test_thesaurus_drops_one_alias_and_forbids_a_merge():
    ms = [Mention("p1", 0, 0, 4, "Zorb", "METHOD", "r"), Mention("p2", 0, 0, 2, "ZB", "METHOD", "r"),
          Mention("p3", 0, 0, 6, "Q-Zorb", "METHOD", "r"), Mention("p4", 0, 0, 2, "ZB", "METHOD", "r")]
    entities = [Entity("method:zorb", "METHOD", "zorb", "Zorb", ("Q-Zorb", "ZB"), 4, 4, 0.7, True, "")]
    assignment = {0: "method:zorb", 1: "method:zorb", 2: "method:zorb", 3: "method:zorb"}
    # an empty replacement of an alias drops that alias's mentions alone
    new, new_assignment = apply_thesaurus(entities, ms, assignment, {"q zorb": ""})
    assert sorted(new_assignment) == [0, 1, 3]
    (zorb,) = new
    assert zorb.aliases == ("ZB",) and zorb.mentions == 3
    # an alias mapped to itself is kept apart: the merge is forbidden
    new, new_assignment = apply_thesaurus(entities, ms, assignment, {"ZB": "ZB"})
    by_id = {e.id: e for e in new}
    assert set(by_id) == {"method:zorb", "method:zb"} and by_id["method:zb"].mentions == 2
    assert new_assignment[1] == new_assignment[3] == "method:zb" and new_assignment[0] == "method:zorb"
    # a rename of the whole entity keeps its aliases
    new, _ = apply_thesaurus(entities, ms, assignment, {"Zorb": "Zorb network"})
    (renamed,) = new
    assert renamed.id == "method:zorb network" and renamed.name == "Zorb network" and renamed.mentions == 4


def test_a_replacement_that_is_an_entity_name_joins_that_entity_whatever_its_key():
    # the key writes the version out ("quux 2"), the name keeps "2.0": the thesaurus still finds the entity
    ms = [Mention("p1", 0, 0, 8, "Quux 2.0", "METHOD", "r"), Mention("p2", 0, 0, 19, "pretrained Quux 2.0", "METHOD", "r")]
    ents = [Entity("method:quux 2", "METHOD", "quux 2", "Quux 2.0", (), 1, 1),
            Entity("method:pretrained quux 2", "METHOD", "pretrained quux 2", "pretrained Quux 2.0", (), 1, 1)]
    new, assignment = apply_thesaurus(ents, ms, {0: "method:quux 2", 1: "method:pretrained quux 2"},
                                      {"pretrained Quux 2.0": "Quux 2.0"})
    assert [(e.id, e.name, e.aliases, e.papers) for e in new] == [("method:quux 2", "Quux 2.0",
                                                                  ("pretrained Quux 2.0",), 2)]
    assert assignment == {0: "method:quux 2", 1: "method:quux 2"}
