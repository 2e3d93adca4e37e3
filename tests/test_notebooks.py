"""The notebooks run top to bottom on the seed build (nbclient, a real Jupyter kernel); outputs are not committed."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

pytestmark = pytest.mark.slow


def _run(name: str, env: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits the environment
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for v in out.get("data", {}).values())
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["explore.ipynb", "neo4j.ipynb"])
def test_committed_notebooks_have_no_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def test_explore_notebook_runs_on_seed_build(seed_build):
    folder, result = seed_build
    nb = _run("explore.ipynb", {"KG_BUILD": str(folder)})
    text = _text(nb)
    assert f"{result.papers} papers" in text
    assert "communities, modularity" in text
    assert "Methods used for" in text and "methods_on_it" in text  # Cypher on the embedded database (kg.db)
    assert "<iframe" in text and "srcdoc=" in text  # the map inline
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {})
               for c in nb.cells for o in c.get("outputs", []))  # the heatmaps


def test_neo4j_notebook_runs_against_live_server(seed_build, server):
    folder, result = seed_build
    nb = _run("neo4j.ipynb", {"KG_BUILD": str(folder), "NEO4J_URI": server.uri, "NEO4J_PASSWORD": server.password,
                              "NEO4J_DATABASE": server.database})
    text = _text(nb)
    assert "Pushed" in text and f"'Paper': {result.papers}" in text
    assert "methods-for-task" in text
