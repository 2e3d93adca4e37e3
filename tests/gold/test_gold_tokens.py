"""kg.gold.tokens: text rebuilt from tokens, with each token's span."""

from itertools import pairwise

import pytest

from kg.gold.tokens import detokenize


@pytest.mark.parametrize(("tokens", "text"), [
    (["Hello", ",", "world", "."], "Hello, world."),
    (["a", ";", "b", ":", "c", "?", "d", "!"], "a; b: c? d!"),
    (["(", "see", "[", "3", "]", ")", "and", "{", "x", "}"], "(see [3]) and {x}"),
    (["-LRB-", "a", "-RRB-", "-LSB-", "b", "-RSB-"], "(a) [b]"),
    (["Smith", "'s", "model", "does", "n't", "work", ",", "they", "'re", "sure"],
     "Smith's model doesn't work, they're sure"),
    (["a", "5", "%", "gain"], "a 5% gain"),
    (["``", "quoted", "''", "word"], '"quoted" word'),
    (["a", "''", "b", "''", ",", "''", "c", "''"], 'a "b", "c"'),
    (["say", '"', "hi", '"', "and", '"', "bye", '"', "."], 'say "hi" and "bye".'),
    (["`", "flat", "'", "lists", "and", "users", "'", "views"], "'flat' lists and users' views"),
    (["pre", "-", "existing"], "pre - existing"),
    (["one", " ", "two", "  "], "one two"),
    ([], ""),
])
def test_detokenize_spacing(tokens, text):
    assert detokenize(tokens)[0] == text


@pytest.mark.parametrize(("tokens", "text"), [
    (["pre", "-", "existing", "train", "/", "test"], "pre-existing train/test"),
    (["a", "-", "(", "b", ")"], "a - (b)"),
    (["ResNet", "-", "1", "0", "1"], "ResNet-101"),
    (["the", "I", "3", "D", "and", "w", "2", "v", "models"], "the I3D and w2v models"),
    (["from", "4", "9", ".", "7", "to", "5", "1", ".", "2", "%"], "from 49.7 to 51.2%"),
    (["a", "3", "layer", "net", ".", "1", "more"], "a 3 layer net. 1 more"),
    (["PASCAL", "VOC", "2", "0", "1", "2"], "PASCAL VOC 2012"),
])
def test_detokenize_joins_split_hyphens_and_digits(tokens, text):
    assert detokenize(tokens, join_hyphens=True, join_digits=True)[0] == text


def test_detokenize_offsets_point_at_each_token():
    tokens = ["We", "do", "n't", "use", "-LRB-", "CCG", "-RRB-", " ", "``", "here", "''", "."]
    text, offsets = detokenize(tokens)
    assert len(offsets) == len(tokens)
    surfaces = [text[start:end] for start, end in offsets]
    assert surfaces == ["We", "do", "n't", "use", "(", "CCG", ")", "", '"', "here", '"', "."]
    assert all(a[1] <= b[0] for a, b in pairwise(offsets))
