"""kg.gold.dygie: SciERC and SciER JSON Lines."""

from paths import FIXTURES

from kg.gold import read_gold
from kg.gold.dygie import read_scier, read_scierc

GOLD = FIXTURES / "gold"


def test_scierc_reader_round_trips_offsets():
    docs = list(read_scierc(GOLD / "scierc.json"))
    assert [d.id for d in docs] == ["T01-1001", "T02-2002"]
    first, second = docs
    assert first.text == ('We present a parser (CCG) for "noisy" text. '
                          "It doesn't fail on the Penn Treebank's sections: 98% accuracy.")
    assert first.mentions() == [("parser", "METHOD"), ("CCG", "METHOD"), ('"noisy" text', "TASK")]
    # nested spans kept, the duplicate collapsed, OtherScientificTerm dropped
    assert second.mentions() == [("Semantic parsing", "TASK"), ("parsing", "METHOD"), ("neural networks", "METHOD")]
    assert first.source.endswith("scierc.json:1") and second.source.endswith("scierc.json:2")


def test_scierc_material_as_dataset():
    gold = read_gold(GOLD / "scierc.json", material_as_dataset=True)
    assert gold.labels == ("METHOD", "DATASET", "TASK")
    assert ("Penn Treebank", "DATASET") in gold.docs[0].mentions()
    assert read_gold(GOLD / "scierc.json").labels == ("METHOD", "TASK")


def test_scier_reader_rejoins_split_tokens():
    [doc] = read_scier(GOLD / "scier.jsonl")
    assert doc.id == "s-42"
    assert doc.text == ("We train ResNet-101 on CIFAR-100 and the I3D model [12]. "
                        "Accuracy rises from 49.7 to 51.2% for few-shot classification.")
    assert doc.mentions() == [("ResNet-101", "METHOD"), ("CIFAR-100", "DATASET"), ("I3D", "METHOD"),
                              ("few-shot classification", "TASK")]
