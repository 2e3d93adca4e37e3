from dataclasses import asdict

from kg.records import Entity, Mention, Paper


def test_to_dict_matches_the_dataclass_fields():
    m = Mention("p", 0, 1, 2, "x", "METHOD", "rule", 0.5)
    assert m.to_dict() == asdict(m)
    p = Paper(id="a", title="t", abstract="b", date="2024", url="https://x", source="f", line=3, also_in=("g:4",))
    assert p.to_dict() == {**asdict(p), "also_in": ["g:4"]}
    e = Entity("method:k", "METHOD", "k", "K", ("k1", "k2"), 1, 2)
    assert e.to_dict() == {**asdict(e), "aliases": ["k1", "k2"]}
