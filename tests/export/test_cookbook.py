"""kg/export/cookbook.py: the cookbook's queries and its parser."""

import re

import pytest

from kg.errors import KGError
from kg.export.cookbook import cookbook, parse


def test_cookbook_is_complete_and_parameterised():
    queries = cookbook()
    assert len(queries) >= 10
    for q in queries.values():
        assert q.answers and q.cypher and q.ladybug and not q.cypher.endswith(";") and not q.ladybug.endswith(";")
        for text in (q.cypher, q.ladybug):
            assert set(re.findall(r"\$(\w+)", text)) == set(q.params)
            assert not re.search(r"\b(DELETE|REMOVE|CREATE|MERGE|SET)\b", text), q.name  # read-only
        assert (q.cypher != q.ladybug) == bool(q.differs), q.name  # a second text says why
        assert ":Entity" not in q.ladybug and "labels(" not in q.ladybug and "[" + "n IN" not in q.ladybug


def test_cookbook_parse_errors():
    with pytest.raises(KGError, match=r"cookbook\.cypher:1: query .a. does not end"):
        parse("// name: a\nRETURN 1\n")
    with pytest.raises(KGError, match="declares params"):
        parse("// name: a\n// params: x\nRETURN $y;\n")
    with pytest.raises(KGError, match=r"cookbook\.cypher:1: query 'a' has texts for \['neo4j'\]; expected one text"):
        parse("// name: a\n// neo4j:\nRETURN 1;\n// name: b\nRETURN 2;\n")
    with pytest.raises(KGError, match=r"declares params \['x'\] but uses \['y'\]"):  # each engine's text is checked
        parse("// name: a\n// params: x\n// neo4j:\nRETURN $x;\n// ladybug:\nRETURN $y;\n")


def test_engine_texts_side_by_side():
    text = ("// name: a\n// answers: what\n// differs: why\n// neo4j:\nRETURN toFloat(1)\n  AS x;\n// ladybug:\n"
            "// a comment\nRETURN CAST(1 AS DOUBLE) AS x;\n\n// name: b\nRETURN 2;\n")
    a, b = parse(text)
    assert (a.cypher, a.ladybug, a.differs) == ("RETURN toFloat(1)\n  AS x", "RETURN CAST(1 AS DOUBLE) AS x", "why")
    assert a.text("neo4j") == a.cypher and a.text("ladybug") == a.ladybug
    assert b.cypher == b.ladybug == "RETURN 2" and b.differs == ""
