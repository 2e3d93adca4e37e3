"""kg/resolve: normalise_key and resolve (mentions to entities)."""

from kg.records import Mention
from kg.resolve import normalise_key, resolve


def test_normalise_key_variants():
    assert normalise_key("Vision-Language Models") == normalise_key("vision language model")
    assert normalise_key("Datasets") == "dataset"
    assert normalise_key("Café") == normalise_key("cafe")
    assert normalise_key("ResNet-50") == normalise_key("ResNet50")
    assert normalise_key("analysis") == "analysis"


def test_abbreviation_and_long_form_are_one_entity():
    ms = [Mention("p1", 0, 0, 3, "GRAM", "METHOD", "r"),
          Mention("p1", 0, 5, 40, "Gradient-RegulAted Meta-prompt learning", "METHOD", "r"),
          Mention("p2", 0, 0, 3, "GRAM", "METHOD", "r")]
    entities, assignment = resolve(ms, [("METHOD", "GRAM", "Gradient-RegulAted Meta-prompt learning")])
    assert len(entities) == 1 and set(assignment.values()) == {entities[0].id}
    assert entities[0].name == "Gradient-RegulAted Meta-prompt learning"
    assert entities[0].aliases == ("GRAM",) and entities[0].papers == 2


def test_same_key_different_label_are_different_entities():
    ms = [Mention("p1", 0, 0, 3, "X1", "METHOD", "r"), Mention("p1", 0, 0, 3, "X1", "DATASET", "r")]
    entities, _ = resolve(ms)
    assert {e.id for e in entities} == {"method:x 1", "dataset:x 1"}
