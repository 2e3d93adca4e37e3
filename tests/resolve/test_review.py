"""`kg entities --suggest`: the merges resolution did not make, ranked for a person to look over (invented names)."""

from __future__ import annotations

from kg.records import Entity
from kg.resolve.review import find, suggest


def _entity(label: str, key: str, papers: int = 1) -> Entity:
    return Entity(f"{label.lower()}:{key}", label, key, key, (), papers, papers)


def _suggested(entity: Entity, entities: list[Entity], n: int = 3) -> list[str]:
    return [s.entity.key for s in suggest(entity, entities, n=n)]


def test_a_short_form_inside_a_name_is_suggested_with_its_spelled_out_words():
    short = _entity("TASK", "qvr synthesis")
    entities = [short, _entity("TASK", "quill to vellum rendering", 4), _entity("TASK", "quill ink synthesis", 2)]
    assert _suggested(short, entities)[0] == "quill to vellum rendering"


def test_a_short_form_inside_a_name_needs_the_rest_to_be_generic_heads():
    # "QVR inversion" is something done to a QVR, not the QVR
    short = _entity("TASK", "qvr inversion")
    entities = [short, _entity("TASK", "quill to vellum rendering", 4)]
    assert _suggested(short, entities) == []


def test_versions_rank_below_the_name_itself():
    base = _entity("METHOD", "lumen network", 9)
    entities = [base, _entity("METHOD", "lumen network 50", 5), _entity("METHOD", "lumen networks variant", 1),
                _entity("METHOD", "lumen", 2)]
    ranked = suggest(base, entities, n=5)
    assert [s.entity.key for s in ranked][-1] == "lumen network 50"
    assert "their numbers differ" in ranked[-1].why


def test_a_number_alone_is_like_nothing():
    # the junk filter leaves numbers in entities.jsonl ("2018" typed DATASET); suggesting for them must not fail
    year = _entity("DATASET", "2018")
    entities = [year, _entity("DATASET", "2017"), _entity("DATASET", "quill 50"), _entity("DATASET", "1 000")]
    assert _suggested(year, entities) == []
    assert "2018" not in _suggested(_entity("DATASET", "quill 50"), entities)


def test_one_or_two_letter_words_are_no_evidence_of_one_meaning():
    # "re i d" starts with the letters of "relational inference" but says nothing about it
    name = _entity("TASK", "relational inference")
    entities = [name, _entity("TASK", "re i d", 3), _entity("TASK", "relational reasoning", 1)]
    assert _suggested(name, entities) == ["relational reasoning"]


def test_a_long_one_word_name_is_not_read_as_a_short_form():
    name = _entity("DATASET", "multiquill")
    entities = [name, _entity("METHOD", "multi unit inverse lattice learning", 3)]
    assert _suggested(name, entities) == []


def test_a_one_word_name_does_not_meet_longer_names_by_its_first_letters():
    deep = _entity("METHOD", "deep ridge network")
    entities = [deep, _entity("METHOD", "deepridge", 2), _entity("METHOD", "deep ridge networks variant", 1)]
    assert _suggested(deep, entities) == ["deep ridge networks variant"]


def test_find_matches_any_spelling_of_a_name():
    e = Entity("method:lumen network", "METHOD", "lumen network", "Lumen Networks", ("LumNet",), 3, 4)
    assert [x.id for x in find([e], "lumen-networks")] == ["method:lumen network"]
    assert [x.id for x in find([e], "LumNet")] == ["method:lumen network"]
