from dataclasses import asdict

from kg.records import Entity, Mention, Paper


def test_to_dict_matches_the_dataclass_fields():
    m = Mention("p", 0, 1, 2, "x", "METHOD", "rule", 0.5)
    assert m.to_dict() == asdict(m)
    p = Paper(id="a", title="t", abstract="b", date="2024", url="https://x", source="f", line=3, also_in=("g:4",))
    assert p.to_dict() == {**asdict(p), "also_in": ["g:4"], "authors": [], "ids": {}}
    e = Entity("method:k", "METHOD", "k", "K", ("k1", "k2"), 1, 2)
    assert e.to_dict() == {**asdict(e), "aliases": ["k1", "k2"]}


def test_build_settings_are_checked_and_frozen():
    import dataclasses

    import pytest

    from kg.errors import BuildError
    from kg.records import BuildSettings

    for bad in ({"min_papers": 0}, {"max_q": 0.0}, {"max_q": 1.5}, {"resolution": 0.0}, {"workers": 0},
                {"batch_size": 0}):
        with pytest.raises(BuildError):
            BuildSettings(**bad)
    settings = BuildSettings(max_q=0.05)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.max_q = 0.5  # type: ignore[misc]


def test_extraction_of_keeps_corpus_order():
    from kg.records import Definition, Extraction, PaperExtraction

    a = PaperExtraction((Mention("p2", 0, 0, 1, "A", "METHOD", "r"),), (("METHOD", "A", "Aa"),), ((0, 3),), 3)
    b = PaperExtraction((Mention("p1", 1, 4, 5, "B", "TASK", "r"),), (), ((0, 3), (4, 9)), 4)
    e = Extraction.of([("p2", a), ("p1", b)])
    assert [m.paper_id for m in e.mentions] == ["p2", "p1"]
    assert e.definitions == (Definition("p2", "METHOD", "A", "Aa"),) and list(e.sentences) == ["p2", "p1"] and e.words == 7
