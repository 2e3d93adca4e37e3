"""kg/db.py and `kg query`: Cypher on a build's embedded database, with no server (a real LadybugDB file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import kg
import kg.db
from kg.build import run_build
from kg.cli import app
from kg.errors import BuildError, DatabaseError
from kg.export.embedded import DB_FILE
from kg.records import BuildSettings
from kg.sample import sample_paths

runner = CliRunner()


@pytest.fixture
def folder(sample_build, tmp_path):
    """A copy of the sample build (tests here may write to it)."""
    return Path(shutil.copytree(sample_build.folder, tmp_path / "build"))


def test_query_and_run_give_data_frames(sample_build):
    with kg.db.connect(sample_build.folder) as db:
        top = db.query("MATCH (m:Method) RETURN m.name AS name, m.papers AS papers ORDER BY papers DESC, name "
                       "LIMIT $n", n=3, unused="ignored")
        assert list(top.columns) == ["name", "papers"] and len(top) == 3
        assert top["papers"].is_monotonic_decreasing and str(top["papers"].dtype) == "Int64"
        best = max((e for e in sample_build.shown()[0] if e.label == "METHOD"), key=lambda e: (e.papers, e.id))
        assert top["papers"].iloc[0] == best.papers
        papers = db.run("papers-of-entity", name=best.name.upper(), other="ignored")
    assert isinstance(papers, pd.DataFrame) and 0 < len(papers) <= kg.db.DEFAULT_LIMIT
    assert list(papers.columns) == ["paper", "title", "date", "mentions"]
    assert set(papers["paper"]) <= set(sample_build.papers)


def test_write_clauses_need_write(folder):
    with kg.db.connect(folder) as db:
        for text in ("MATCH (n:Method) SET n.name = 'x'", "MATCH (n) DETACH DELETE n", "CREATE (p:Paper {id: 'x'})",
                     "COPY Paper FROM 'x.csv'", "DROP TABLE Paper"):
            with pytest.raises(DatabaseError, match=r"write clause .* pass --write"):
                db.query(text)
        assert len(db.query("MATCH (m:Method) WHERE m.name = 'SET' OR m.name = 'a // DELETE' RETURN m.id")) == 0
    with kg.db.connect(folder, write=True) as db:
        db.query("CREATE (p:Paper {id: 'mine', title: $title})", title="Added")
    with kg.db.connect(folder) as db:
        assert db.query("MATCH (p:Paper {id: 'mine'}) RETURN p.title AS t")["t"].tolist() == ["Added"]


def test_errors_name_the_query_and_give_the_engine_message(sample_build):
    with kg.db.connect(sample_build.folder) as db:
        with pytest.raises(DatabaseError, match=r"query '\(your query\)' failed on the embedded database: Binder"):
            db.query("MATCH (n:NoSuchTable) RETURN n")
        with pytest.raises(DatabaseError, match=r"query 'mine' failed .*Parser exception"):
            db.rows("MATCH (n RETURN n", name="mine")
        with pytest.raises(DatabaseError, match="no cookbook query 'nope'; known: top-entities"):
            db.run("nope")
        with pytest.raises(DatabaseError, match="query 'papers-behind-pair' needs a, b"):
            db.run("papers-behind-pair")


def test_a_build_without_database_says_how_to_make_one(tmp_path):
    out = tmp_path / "nodb"
    run_build(sample_paths()[:1], out, BuildSettings(html=False, db=False))
    assert not (out / DB_FILE).exists()
    with pytest.raises(DatabaseError, match=r"no embedded database .*--no-db.* build it again without --no-db"):
        kg.db.connect(out)
    result = runner.invoke(app, ["query", str(out), "top-entities"])
    assert result.exit_code == 1 and "without --no-db" in result.output and len(result.output.splitlines()) == 1


def test_an_incomplete_build_or_no_folder_is_refused(folder, tmp_path):
    (folder / "manifest.json").unlink()
    with pytest.raises(BuildError, match="not a complete build"):
        kg.db.connect(folder)
    with pytest.raises(BuildError, match="no such build folder"):
        kg.db.connect(tmp_path / "nowhere")


def test_a_database_held_by_another_process_says_so(folder):
    env = {**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1])}
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, kg.db; db = kg.db.connect(sys.argv[1], write=True); "
                               "print('open', flush=True); time.sleep(60)", str(folder)],
        env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseError, match="held by another process"):
            kg.db.connect(folder, write=True)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    kg.db.connect(folder, write=True).close()  # free again


def test_a_rebuild_refreshes_the_database(tmp_path):
    out = tmp_path / "grow"
    first, *rest = sample_paths()
    run_build([first], out, BuildSettings(html=False))
    with kg.db.connect(out) as db:
        before = db.query("MATCH (p:Paper) RETURN count(p) AS n")["n"].iloc[0]
    result = run_build([first, *rest], out, BuildSettings(html=False))
    with kg.db.connect(out) as db:
        after = db.query("MATCH (p:Paper) RETURN count(p) AS n")["n"].iloc[0]
    assert before < after == result.papers


def test_cli_query_formats_and_list(sample_build):
    folder = str(sample_build.folder)
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "methods-for-task  --param task=... --param limit=..." in listed.output
    text = "MATCH (m:Method) RETURN m.name AS name, m.aliases AS aliases ORDER BY m.papers DESC, m.id LIMIT $n"
    tsv = runner.invoke(app, ["query", folder, "--cypher", text, "--param", "n=2", "--format", "tsv"])
    assert tsv.exit_code == 0, tsv.output
    lines = tsv.output.splitlines()
    assert lines[0] == "name\taliases" and len(lines) == 3
    as_json = runner.invoke(app, ["query", folder, "--cypher", text, "-p", "n=2", "--format", "json"])
    rows = json.loads(as_json.output)
    assert [r["name"] for r in rows] == [line.split("\t")[0] for line in lines[1:]]
    assert all(isinstance(r["aliases"], list) for r in rows)
    assert lines[1].split("\t")[1] == "; ".join(rows[0]["aliases"])  # lists print as 'a; b; c'
    csv_out = runner.invoke(app, ["query", folder, "top-entities", "--format", "csv", "--param", "limit=2"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("label,top\n")
    table = runner.invoke(app, ["query", folder, "method-dataset-pairs"])
    assert table.exit_code == 0 and table.output.splitlines()[0].split() == ["method", "dataset", "same_sentence",
                                                                            "papers"]


def test_cli_query_errors_are_one_line(sample_build):
    folder = str(sample_build.folder)
    for args, expected in ((["--cypher", "MATCH (n) DETACH DELETE n"], "pass --write"),
                           (["--cypher", "MATCH (n:Nope) RETURN n"], "query '--cypher' failed"),
                           (["nope"], "no cookbook query 'nope'"),
                           (["top-entities", "--param", "oops"], "expected NAME=VALUE")):
        result = runner.invoke(app, ["query", folder, *args])
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output and len(result.output.strip().splitlines()) == 1
    assert runner.invoke(app, ["query", folder]).exit_code == 2
