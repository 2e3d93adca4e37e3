"""The HTML page, without a browser: one offline file, escaped data, truncation, notebook frame."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from export.graphs import weighted_graph
from kg.buildcheck import check_build, write_manifest
from kg.buildio import Build
from kg.errors import BuildError
from kg.export.html import (
    COLOURS,
    COMMUNITY_COLOURS,
    notebook_iframe,
    page_data,
    papers_by_entity,
    render_html,
    script_json,
    to_pyvis,
    write_build_html,
    write_html,
)
from kg.export.layout import strongest
from kg.records import Mention, Paper

HOSTILE_TITLE = "<script>alert(1)</script> BERT"
HOSTILE_ATTR = '"onmouseover=alert(1) x="'
HOSTILE_NAME = "</script><!--<script>alert(2)</script>"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return match.group(1)


def corpus():
    """A tiny corpus with hostile strings everywhere: a graph, its papers and sentence spans."""
    abstract_1 = "We fine-tune BERT on SQuAD. </script><img src=x onerror=alert(3)> BERT wins on SQuAD."
    abstract_2 = "BERT and SQuAD again, for question answering."
    papers = {
        "p1": Paper(id="p1", title=HOSTILE_TITLE, abstract=abstract_1, url="javascript:alert(1)"),
        "p2": Paper(id="p2", title=HOSTILE_ATTR, abstract=abstract_2, url="https://example.org/p2"),
    }
    sentences = {"p1": [(0, 27), (28, len(abstract_1))], "p2": [(0, len(abstract_2))]}
    g = nx.Graph()
    g.add_node("method:bert", label="METHOD", name="BERT", aliases=f"{HOSTILE_NAME}|Bidirectional Encoder",
               papers=2, mentions=4)
    g.add_node("dataset:squad", label="DATASET", name=HOSTILE_NAME, aliases="", papers=2, mentions=3)
    g.add_node("task:qa", label="TASK", name="question answering", aliases="", papers=1, mentions=1)
    g.add_edge("method:bert", "dataset:squad", papers=2, sentences=3, evidence="p1#0|p1#1|p2#0")
    g.add_edge("method:bert", "task:qa", papers=1, sentences=1, evidence="p2#0")
    g.add_edge("dataset:squad", "task:qa", papers=1, sentences=0, evidence="p2")
    return g, papers, sentences


def test_one_offline_file():
    g, papers, sentences = corpus()
    page = render_html(g, papers=papers, sentences=sentences)
    tags = parse(page)
    assert [attrs.get("type") for attrs, _ in tags.scripts] == ["application/json", None, None]
    for tag, attrs in tags.tags:
        assert tag not in ("link", "img", "iframe", "base", "object", "embed"), tag
        for name in ("src", "href", "action", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
    assert re.search(r"https?://[^\"'\s]*\.(js|css|woff2?)", page) is None
    csp = next(attrs["content"] or "" for tag, attrs in tags.tags
               if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp and "img-src data:" in csp
    assert "vis.Network" in page and "vis-network" in page and "sourceMappingURL" not in page


def test_hostile_strings_are_escaped_in_the_data_block():
    g, papers, sentences = corpus()
    page = render_html(g, papers=papers, sentences=sentences, title="<b>My</b> & graph")
    block = data_block(page)
    assert not set("<>&") & set(block)
    assert page.count("</script") == 3 and len(parse(page).scripts) == 3
    assert "<!--" not in page.split("<body>")[1]
    data = json.loads(block)
    names = {n["id"]: n for n in data["nodes"]}
    assert names["dataset:squad"]["name"] == HOSTILE_NAME
    assert HOSTILE_NAME in names["method:bert"]["aliases"]
    assert data["papers"]["p1"]["title"] == HOSTILE_TITLE and data["papers"]["p2"]["title"] == HOSTILE_ATTR
    assert data["sentences"]["p1#1"] == "</script><img src=x onerror=alert(3)> BERT wins on SQuAD."
    assert HOSTILE_TITLE not in page and HOSTILE_ATTR not in page and "<img" not in page
    assert "<title>&lt;b&gt;My&lt;/b&gt; &amp; graph</title>" in page


def test_page_script_never_writes_html():
    page = render_html(corpus()[0])
    own_script = parse(page).scripts[-1][1]
    assert "vis.Network" in own_script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in own_script, sink


def test_script_json_round_trips():
    value = {"a": "</script><!-- & > \u2028", "b": [1, 2.5, None]}
    text = script_json(value)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value


def test_urls_only_http_and_https_become_links():
    g, papers, sentences = corpus()
    data = page_data(to_pyvis(g), papers=papers, sentences=sentences)
    assert data["papers"]["p1"]["url"] is None
    assert data["papers"]["p2"]["url"] == "https://example.org/p2"


def test_evidence_sentences_come_from_the_build_spans():
    g, papers, sentences = corpus()
    data = page_data(to_pyvis(g), papers=papers, sentences=sentences,
                     node_papers={"method:bert": ["p1", "p2", "p1"]})
    assert data["sentences"] == {"p1#0": "We fine-tune BERT on SQuAD.", "p1#1": sentences_text(papers, sentences, "p1", 1),
                                 "p2#0": papers["p2"].abstract}
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {"dataset:squad", "task:qa"})
    assert edge["evidence"] == ["p2"] and "title" not in edge
    bert = next(n for n in data["nodes"] if n["id"] == "method:bert")
    assert bert["paperIds"] == ["p1", "p2"] and bert["paperCount"] == 2


def sentences_text(papers, sentences, paper_id, index):
    start, end = sentences[paper_id][index]
    return papers[paper_id].abstract[start:end]


def test_build_object_and_keywords_give_the_same_page():
    g, papers, sentences = corpus()
    mentions = [Mention("p1", 0, 13, 17, "BERT", "METHOD", "r"), Mention("p2", 0, 0, 4, "BERT", "METHOD", "r")]
    build = Build(folder=Path("x"), papers=papers, mentions=mentions, entities={}, graph=g, manifest={},
                  sentences=sentences, assignment={0: "method:bert", 1: "method:bert"})
    by_build = render_html(g, build=build)
    by_keywords = render_html(g, papers=list(papers.values()), sentences=sentences,
                              node_papers=papers_by_entity(mentions, build.assignment))
    light = SimpleNamespace(papers=papers, sentences=sentences, mentions=mentions, assignment=build.assignment)
    assert by_build == by_keywords == render_html(g, build=light)


def test_truncation_keeps_the_strongest_and_says_what_was_left_out():
    g = weighted_graph()
    page = render_html(g, max_nodes=5, max_edges=3)
    data = json.loads(data_block(page))
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 3
    assert "showing 5 of 10 nodes, 3 of 20 edges" in page
    assert {n["id"] for n in data["nodes"]} == {f"task:t{i}" for i in range(5)}
    kept = strongest(g, max_nodes=5)
    weights = sorted((d["papers"] for _, _, d in kept.edges(data=True)), reverse=True)
    assert sorted((e["value"] for e in data["edges"]), reverse=True) == weights[:3]
    assert "10 nodes, 20 edges" in render_html(g) and "showing" not in render_html(g).split("kg-data")[0]


def test_colour_by_label_and_by_community():
    g = weighted_graph(6, 6)
    assert {n["color"] for n in to_pyvis(g).nodes} == {COLOURS["TASK"]}
    with pytest.raises(BuildError, match="community"):
        render_html(g, colour_by="community")
    with pytest.raises(BuildError, match="colour_by='size'"):
        render_html(g, colour_by="size")
    for i, node in enumerate(g):
        g.nodes[node]["community"] = i % 2
    data = json.loads(data_block(render_html(g, colour_by="community")))
    assert data["meta"]["colourBy"] == "community"
    assert set(data["meta"]["communities"].values()) == set(COMMUNITY_COLOURS[:2])
    assert {n["community"] for n in data["nodes"]} == {"0", "1"}


def test_render_is_deterministic():
    g, papers, sentences = corpus()
    assert render_html(g, papers=papers, sentences=sentences) == render_html(g, papers=papers, sentences=sentences)


def test_nothing_is_written_but_the_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    g, papers, sentences = corpus()
    net = to_pyvis(g)
    out = write_html(g, tmp_path / "page.html", papers=papers, sentences=sentences)
    assert out == tmp_path / "page.html" and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert net.cdn_resources == "in_line"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_write_build_html_reads_a_build_folder(tmp_path, monkeypatch):
    g, papers, sentences = corpus()
    folder = tmp_path / "build"
    folder.mkdir()
    rows = [{**p.to_dict(), "sentences": sentences[p.id]} for p in papers.values()]
    (folder / "papers.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (folder / "mentions.jsonl").write_text("", encoding="utf-8")
    (folder / "entities.jsonl").write_text("", encoding="utf-8")
    (folder / "graph.json").write_text(json.dumps(nx.node_link_data(g, edges="links")), encoding="utf-8")
    write_manifest(folder, {})  # one complete build, as run_build leaves it
    monkeypatch.chdir(tmp_path)
    out = write_build_html(folder)
    assert out == folder / "graph.html"
    assert check_build(folder)["contents"]["graph.html"]["bytes"] == out.stat().st_size  # the build lists its page
    data = json.loads(data_block(out.read_text(encoding="utf-8")))
    assert data["meta"]["title"] == "build · co-mention graph"
    assert data["sentences"]["p1#0"] == "We fine-tune BERT on SQuAD."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    with pytest.raises(BuildError, match="no such build folder"):
        write_build_html(tmp_path / "missing")


def test_notebook_iframe_srcdoc_is_attribute_escaped():
    g, papers, sentences = corpus()
    page = render_html(g, papers=papers, sentences=sentences, title='"><script>alert(1)</script>')
    frame = notebook_iframe(page, height=500)
    tags = parse(frame)
    assert [tag for tag, _ in tags.tags] == ["div", "iframe"]
    attrs = tags.tags[1][1]
    assert attrs["srcdoc"] == page
    assert attrs["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert "height: 500px" in (attrs["style"] or "")
    assert '"' not in frame.split('srcdoc="')[1].split('" style=')[0]


def test_show_returns_an_ipython_html_object():
    display = pytest.importorskip("IPython.display")
    from kg.export.html import show

    g = corpus()[0]
    shown = show(g, height=300, title="t")
    assert isinstance(shown, display.HTML)
    assert shown.data == notebook_iframe(render_html(g, title="t"), height=300)
