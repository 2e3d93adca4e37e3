"""kg/export/cookbook.py: the cookbook's queries and its parser."""

import re

import pytest

from kg.errors import KGError
from kg.export.cookbook import cookbook, parse


def test_cookbook_is_complete_and_parameterised():
    queries = cookbook()
    assert len(queries) >= 10
    for q in queries.values():
        assert q.answers and q.cypher and not q.cypher.endswith(";")
        used = set(re.findall(r"\$(\w+)", q.cypher))
        assert used == set(q.params)
        assert not re.search(r"\b(DELETE|REMOVE|CREATE|MERGE|SET)\b", q.cypher), q.name  # read-only


def test_cookbook_parse_errors():
    with pytest.raises(KGError, match=r"cookbook\.cypher:1: query .a. does not end"):
        parse("// name: a\nRETURN 1\n")
    with pytest.raises(KGError, match="declares params"):
        parse("// name: a\n// params: x\nRETURN $y;\n")
