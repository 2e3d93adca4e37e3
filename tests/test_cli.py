import json

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_help_for_every_command():
    for args in ([], ["build"], ["demo"], ["version"], ["html"], ["evaluate"], ["train"], ["neo4j"], ["neo4j", "push"],
                 ["neo4j", "csv"], ["neo4j", "cookbook"], ["neo4j", "query"], ["fetch"], ["query"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_build_sample(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--sample", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Read 36 records: 33 distinct papers." in result.output
    for name in ("papers.jsonl", "mentions.jsonl", "entities.jsonl", "graph.graphml", "graph.json",
                 "graph.html", "manifest.json", "neo4j/papers.csv", "neo4j/entities.csv",
                 "neo4j/mentions.csv", "neo4j/co_mentions.csv"):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["papers"] == 33 and len(manifest["inputs"]) == 3
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    html = (out / "graph.html").read_text()
    # Offline: nothing loaded from the network; hostile title escaped.
    assert "<script src" not in html and "<link" not in html and "http://" not in html.split("vis-network")[0]
    assert "<Fast>" not in html


def test_bad_input_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "T", "abstract": "A"}\nnope\n')
    result = runner.invoke(app, ["build", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.output and "Traceback" not in result.output


def test_no_input_is_usage_error(tmp_path):
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_output_path_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    result = runner.invoke(app, ["build", "--sample", "--out", str(f)])
    assert result.exit_code == 1 and "not a folder" in result.output


def test_version_option_and_python_dash_m():
    import subprocess
    import sys

    from kg import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == __version__
    # python -m kg.cli registers every command before it runs (neo4j among them), and python -m kg is the same CLI
    for module in ("kg.cli", "kg"):
        done = subprocess.run([sys.executable, "-m", module, "neo4j", "--help"], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0 and "cookbook" in done.stdout, done.stderr


def test_help_reads_as_words():
    for args in (["build"], ["html"], ["evaluate"], ["train"], ["neo4j", "push"], ["neo4j", "query"]):
        text = runner.invoke(app, [*args, "--help"]).output
        assert "<bool>" not in text and "<int" not in text and "<float" not in text, text
    build_help = runner.invoke(app, ["build", "--help"]).output
    assert "--out DIR" in build_help and "--max-q Q" in build_help and "--workers N" in build_help


def test_entities_shows_aliases_rules_and_suggestions(sample_build):
    folder = str(sample_build.folder)
    listing = runner.invoke(app, ["entities", folder, "--top", "3"])
    assert listing.exit_code == 0, listing.output
    assert len(listing.output.splitlines()) == 4 and "left out of the graph" in listing.output
    top = max(sample_build.entities.values(), key=lambda e: (e.papers, e.id))
    shown = runner.invoke(app, ["entities", folder, top.name, "--suggest"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"{top.id}: {top.name}")
    assert all(f"alias\t{alias}\t" in shown.output for alias in top.aliases)
    linked = max((e for e in sample_build.entities.values() if e.pwc_id), key=lambda e: (e.papers, e.id))
    shown = runner.invoke(app, ["entities", folder, linked.id])
    assert f"link\tPapers with Code\t{linked.pwc_name}\t{linked.pwc_id}\t" in shown.output
    missing = runner.invoke(app, ["entities", folder, "no such entity anywhere"])
    assert missing.exit_code == 1 and "no entity is named" in missing.output
