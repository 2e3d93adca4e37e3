"""kg/resolve: normalise_key and resolve (mentions to entities)."""

from kg.records import Definition, Mention
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
    found = resolve(ms, [Definition("p1", "METHOD", "GRAM", "Gradient-RegulAted Meta-prompt learning")])
    entities, assignment = found.entities, found.assignment
    assert len(entities) == 1 and set(assignment.values()) == {entities[0].id}
    assert entities[0].name == "Gradient-RegulAted Meta-prompt learning"
    assert entities[0].aliases == ("GRAM",) and entities[0].papers == 2


def test_one_label_per_name_unless_the_corpus_truly_uses_it_both_ways():
    once = [Mention("p1", 0, 0, 3, "X1", "METHOD", "r"), Mention("p1", 0, 0, 3, "X1", "DATASET", "r")]
    assert {e.id for e in resolve(once).entities} == {"method:x 1"}
    both = [Mention(f"p{i}", 0, 0, 3, "X1", label, "r") for i in range(3) for label in ("METHOD", "DATASET")]
    assert {e.id for e in resolve(both).entities} == {"method:x 1", "dataset:x 1"}
