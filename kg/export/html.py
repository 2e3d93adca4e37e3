"""The interactive HTML page: pyvis holds the network, kg lays it out in Python and hardens the page.

The page is one file that makes no request: vis-network's script and style (as shipped inside the pyvis package)
are inlined, and the graph travels as one JSON block that the page's own script reads. Every string from the
corpus reaches the browser as JSON data and is inserted with ``textContent``, never as HTML.

Convert, then write: :func:`to_pyvis` and :func:`page_data` are pure, :func:`render_html` assembles the page,
:func:`write_html` / :func:`write_build_html` write it and :func:`show` puts it in a notebook.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import networkx as nx
from pyvis.network import Network

from kg.buildio import Build, load_build
from kg.errors import BuildError, Messages
from kg.export.files import ENCODING_ERRORS
from kg.export.layout import edge_weight, finite_count, layout, strongest
from kg.graph.edgetable import EdgeTable
from kg.records import LABELS, Mention, Paper
from kg.transaction import write_into

#: Colour of each label (Okabe-Ito, colour-blind safe).
COLOURS: dict[str, str] = {"METHOD": "#0072B2", "DATASET": "#E69F00", "TASK": "#009E73"}
#: Colours of the largest communities, in order; smaller communities share :data:`OTHER_COLOUR`.
COMMUNITY_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
                                      "#8C6D31", "#7B4EA3", "#3A8F8F", "#B8860B", "#C0392B", "#5D6D7E")
OTHER_COLOUR = "#A0A0A0"
#: How ``colour_by`` may colour the nodes.
COLOUR_MODES = ("label", "community")
#: Papers listed per node in the side panel (the page says how many more there are).
MAX_NODE_PAPERS = 50
#: Evidence sentences longer than this are cut (with an ellipsis).
MAX_SENTENCE_CHARS = 1000
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
#: Fields of pyvis's records that the page makes itself (an edge's tooltip is a third of the file otherwise).
_PAGE_BUILT = frozenset({"label", "shape", "color", "title"})
_NOTEBOOK_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


# ------------------------------------------------------------------------------------------------ conversion


def papers_by_entity(mentions: Sequence[Mention], assignment: Mapping[int, str]) -> dict[str, list[str]]:
    """Entity id -> ids of the papers that mention it, in the order of first mention.

    >>> ms = [Mention("p1", 0, 0, 4, "BERT", "METHOD", "r"), Mention("p2", 0, 0, 4, "BERT", "METHOD", "r")]
    >>> papers_by_entity(ms, {0: "method:bert", 1: "method:bert"})
    {'method:bert': ['p1', 'p2']}
    """
    found: dict[str, dict[str, None]] = {}
    for i, mention in enumerate(mentions):
        entity = assignment.get(i)
        if entity is not None:
            found.setdefault(entity, {})[mention.paper_id] = None
    return {entity: list(papers) for entity, papers in found.items()}


def _aliases(value: Any) -> list[str]:
    if isinstance(value, str):
        return [a for a in value.split("|") if a]
    if isinstance(value, Iterable):
        return [str(a) for a in value if a]
    return []


def _communities(graph: nx.Graph) -> dict[str, str]:
    """Community key -> colour: the largest communities first; the rest share the grey."""
    sizes: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        if data.get("community") is not None:
            key = str(data["community"])
            sizes[key] = sizes.get(key, 0) + 1
    ranked = sorted(sizes, key=lambda key: (-sizes[key], key))
    return {key: COMMUNITY_COLOURS[i] if i < len(COMMUNITY_COLOURS) else OTHER_COLOUR for i, key in enumerate(ranked)}


def _tooltip(name: str, label: str, aliases: list[str], papers: int, mentions: int, degree: int) -> str:
    lines = [name, f"{label} · {papers} paper{'s' * (papers != 1)} · {mentions} mention{'s' * (mentions != 1)}"
                   f" · {degree} link{'s' * (degree != 1)}"]
    if aliases:
        lines.append("also: " + ", ".join(aliases[:8]) + (" …" if len(aliases) > 8 else ""))
    return "\n".join(lines)


def to_pyvis(graph: nx.Graph, *, seed: int = 0, colour_by: str = "label",
             positions: Mapping[Hashable, tuple[float, float]] | None = None) -> Network:
    """A pyvis network of the graph: positions from :func:`layout`, size by papers, width by weight.

    Node records carry vis-network's fields (``id``, ``label``, ``x``, ``y``, ``value``, ``color``, ``title``) and
    kg's (``name``, ``kind``, ``aliases``, ``papers``, ``mentions``, ``degree``, ``community``, ``rank``); edge
    records carry ``id``, ``from``, ``to``, ``value``, ``title``, ``papers``, ``sentences`` and ``evidence`` (a
    list). Titles are plain text. The network never writes a ``lib/`` folder (resources ``in_line``). The input
    graph is not changed.

    Parameters
    ----------
    graph : nx.Graph
        A co-mention graph as :func:`kg.graph.comention_graph` makes it.
    seed : int
        Seed of the layout (ignored when ``positions`` are given).
    colour_by : {"label", "community"}
        What the ``color`` of a node encodes.
    positions : mapping or None
        Precomputed positions (node -> ``(x, y)``).

    Returns
    -------
    pyvis.network.Network

    Raises
    ------
    BuildError
        ``colour_by`` is unknown, or is ``"community"`` while no node has a ``community`` attribute.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("method:bert", label="METHOD", name="BERT", aliases="", papers=2, mentions=3)
    >>> net = to_pyvis(g)
    >>> net.nodes[0]["name"], net.nodes[0]["color"], net.nodes[0]["value"]
    ('BERT', '#0072B2', 2)
    """
    if colour_by not in COLOUR_MODES:
        raise BuildError(Messages.BAD_COLOUR_BY.format(value=colour_by, modes=", ".join(COLOUR_MODES)))
    communities = _communities(graph)
    if colour_by == "community" and not communities:
        raise BuildError(Messages.NO_COMMUNITIES)
    if positions is None:
        positions = layout(graph, seed=seed)
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    ranked = sorted(graph.nodes(data=True), key=lambda item: (-finite_count(item[1], "papers"),
                                                              -finite_count(item[1], "mentions"), str(item[0])))
    rank = {node: i for i, (node, _) in enumerate(ranked)}
    for node, data in graph.nodes(data=True):
        name = str(data.get("name") or node)
        label = str(data.get("label") or "")
        aliases = [a for a in _aliases(data.get("aliases")) if a != name]
        papers, mentions = int(finite_count(data, "papers")), int(finite_count(data, "mentions"))
        community = None if data.get("community") is None else str(data["community"])
        colour = communities.get(community or "", OTHER_COLOUR) if colour_by == "community" else COLOURS.get(
            label, OTHER_COLOUR)
        x, y = positions.get(node, (0.0, 0.0))
        net.add_node(str(node), label=name, color=colour, value=max(papers, 1), x=x, y=y,
                     title=_tooltip(name, label, aliases, papers, mentions, graph.degree(node)),
                     name=name, kind=label, aliases=aliases, papers=papers, mentions=mentions,
                     degree=graph.degree(node), community=community, rank=rank[node],
                     pwc=[str(data.get(k) or "") for k in ("pwc_name", "pwc_id", "pwc_area")] if data.get("pwc_name")
                     else None)
    # pyvis's add_edge scans every edge added so far (4 s for 10,000 edges); a networkx graph has no duplicate
    # edges, so the records pyvis would make are appended as they are.
    names = {node: str(graph.nodes[node].get("name") or node) for node in graph}
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        papers, sentences = int(finite_count(data, "papers")), int(finite_count(data, "sentences"))
        net.edges.append({
            "id": i, "from": str(u), "to": str(v), "value": edge_weight(data), "papers": papers,
            "sentences": sentences, "evidence": [e for e in str(data.get("evidence") or "").split("|") if e],
            "title": f"{names[u]} — {names[v]}\n{papers} paper{'s' * (papers != 1)} · {sentences} "
                     f"sentence{'s' * (sentences != 1)} together\nclick for the evidence",
        })
    return net


def _safe_url(url: str | None) -> str | None:
    """The url when it is an absolute http(s) link, else None (no ``javascript:``, ``data:``, relative paths)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _split_evidence(item: str) -> tuple[str, int | None]:
    paper, hash_, sentence = item.rpartition("#")
    return (paper, int(sentence)) if hash_ and sentence.isdigit() else (item, None)


def page_data(net: Network, *, papers: Mapping[str, Paper] | None = None,
              sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
              node_papers: Mapping[str, Sequence[str]] | None = None, title: str = "kg co-mention graph",
              total_nodes: int | None = None, total_edges: int | None = None, colour_by: str = "label",
              communities: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON document the page reads: nodes, edges, and the paper titles and sentences they cite.

    Only papers and sentences that a shown node or edge refers to are included; urls that are not absolute
    http(s) links are dropped. The records are pyvis's less what the page rebuilds itself (labels, colours,
    shapes, tooltips).

    Parameters
    ----------
    net : pyvis.network.Network
        As :func:`to_pyvis` makes it.
    papers : mapping or None
        Paper id -> :class:`kg.records.Paper` (titles, urls, abstracts).
    sentences : mapping or None
        Paper id -> character spans of the abstract's sentences.
    node_papers : mapping or None
        Entity id -> ids of the papers mentioning it (see :func:`papers_by_entity`).
    title : str
        Page title.
    total_nodes, total_edges : int or None
        Size of the graph before :func:`strongest` (default: what ``net`` holds).
    colour_by : str
        Initial colouring.
    communities : mapping or None
        Community key -> colour.

    Returns
    -------
    dict
        ``{"meta": ..., "nodes": [...], "edges": [...], "papers": {id: {"title", "url", "date"}},
        "sentences": {"paper#i": text}}``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("method:bert", "dataset:squad", papers=1, sentences=1, evidence="p1#0")
    >>> paper = Paper("p1", "BERT on SQuAD", "We test BERT on SQuAD. It works.", url="javascript:x")
    >>> data = page_data(to_pyvis(g), papers={"p1": paper}, sentences={"p1": [(0, 22), (23, 32)]})
    >>> data["sentences"], data["papers"]["p1"]["url"]
    ({'p1#0': 'We test BERT on SQuAD.'}, None)
    """
    papers = papers or {}
    sentences = sentences or {}
    node_papers = node_papers or {}
    cited: dict[str, None] = {}
    texts: dict[str, str] = {}
    nodes = []
    for record in net.nodes:
        listed = list(dict.fromkeys(node_papers.get(record["id"], ())))
        # The page draws labels, colours and shapes itself; what it can rebuild is not sent twice.
        nodes.append({**{k: v for k, v in record.items() if k not in _PAGE_BUILT},
                      "paperIds": listed[:MAX_NODE_PAPERS], "paperCount": len(listed)})
        cited.update(dict.fromkeys(p for p in listed[:MAX_NODE_PAPERS] if p in papers))
    for edge in net.edges:
        for item in edge["evidence"]:
            paper_id, index = _split_evidence(item)
            if paper_id in papers:
                cited[paper_id] = None
                if index is not None:
                    text = _sentence(papers[paper_id], sentences.get(paper_id, ()), index)
                    if text:
                        texts[item] = text
    shown_nodes, shown_edges = len(net.nodes), len(net.edges)
    total_nodes = shown_nodes if total_nodes is None else total_nodes
    total_edges = shown_edges if total_edges is None else total_edges
    weights = [float(e["value"]) for e in net.edges] or [1.0]
    return {
        "meta": {
            "title": title, "nodesShown": shown_nodes, "nodesTotal": total_nodes, "edgesShown": shown_edges,
            "edgesTotal": total_edges, "summary": summary(shown_nodes, total_nodes, shown_edges, total_edges),
            "colourBy": colour_by, "labels": COLOURS, "other": OTHER_COLOUR,
            "communities": dict(communities or {}), "weightMin": min(weights), "weightMax": max(weights),
            "integerWeights": all(w.is_integer() for w in weights), "hasPapers": bool(papers),
            "maxNodePapers": MAX_NODE_PAPERS,
        },
        "nodes": nodes,
        "edges": [{k: v for k, v in edge.items() if k not in _PAGE_BUILT} for edge in net.edges],
        "papers": {p: _paper_entry(papers[p]) for p in cited},
        "sentences": texts,
    }


def paper_link(paper: Paper) -> str | None:
    """The link a paper's title opens: its url, else its DOI or arXiv page (only absolute http(s) links).

    >>> paper_link(Paper("p", "T", "A", doi="10.1/x")), paper_link(Paper("p", "T", "A", url="javascript:x"))
    ('https://doi.org/10.1/x', None)
    """
    if paper.url:
        return _safe_url(paper.url)
    if paper.doi:
        return _safe_url("https://doi.org/" + quote(paper.doi, safe="/:.;()-_"))
    return _safe_url("https://arxiv.org/abs/" + quote(paper.arxiv_id, safe="/.")) if paper.arxiv_id else None


def _paper_entry(paper: Paper) -> dict[str, Any]:
    """What the page shows of a paper: title, link, date and year, venue (the page escapes them as text)."""
    return {"title": paper.title, "url": paper_link(paper), "date": paper.date, "year": paper.year,
            "venue": paper.venue}


def _sentence(paper: Paper, spans: Sequence[tuple[int, int]], index: int) -> str:
    if not 0 <= index < len(spans):
        return ""
    start, end = spans[index]
    text = paper.abstract[start:end].strip()
    return text if len(text) <= MAX_SENTENCE_CHARS else text[:MAX_SENTENCE_CHARS].rstrip() + "…"


def summary(shown_nodes: int, total_nodes: int, shown_edges: int, total_edges: int) -> str:
    """What the page shows, saying what was left out.

    >>> summary(500, 733, 1000, 3365)
    'showing 500 of 733 nodes, 1000 of 3365 edges (the strongest)'
    >>> summary(3, 3, 2, 2)
    '3 nodes, 2 edges'
    """
    if shown_nodes == total_nodes and shown_edges == total_edges:
        return f"{total_nodes} nodes, {total_edges} edges"
    return f"showing {shown_nodes} of {total_nodes} nodes, {shown_edges} of {total_edges} edges (the strongest)"


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped.

    No ``</script>`` or ``<!--`` can then end or confuse the block; ``JSON.parse`` reads the escapes back.

    >>> script_json({"t": "</script><!--&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


# ------------------------------------------------------------------------------------------------------ render


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style, as shipped inside the pyvis package (inlined: no CDN)."""
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    # No source map for developer tools to fetch; and neither asset may end its element early (they do not today;
    # this keeps it so if pyvis updates them).
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.M).replace("</script", "<\\/script")
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", style).replace("</style", "<\\/style")
    return script, style


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("kg.export", "templates"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]))


def _corpus(build: Any) -> tuple[Mapping[str, Paper] | None, Mapping[str, Sequence[tuple[int, int]]] | None,
                                 Mapping[str, Sequence[str]] | None]:
    """Papers, sentence spans and entity papers from a Build or any object with those attributes."""
    if build is None:
        return None, None, None
    mentions, assignment = getattr(build, "mentions", None), getattr(build, "assignment", None)
    node_papers = papers_by_entity(mentions, assignment) if mentions is not None and assignment else None
    return getattr(build, "papers", None), getattr(build, "sentences", None), node_papers


def render_html(graph: nx.Graph, *, build: Build | Any | None = None,
                papers: Mapping[str, Paper] | Iterable[Paper] | None = None,
                sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                node_papers: Mapping[str, Sequence[str]] | None = None, title: str = "kg co-mention graph",
                seed: int = 0, max_nodes: int | None = None, max_edges: int | None = None,
                colour_by: str = "label", edges: EdgeTable | None = None) -> str:
    """The page as a string: one file, vis-network inlined, the graph and its evidence embedded as escaped JSON.

    Parameters
    ----------
    graph : nx.Graph
        A co-mention graph (see :func:`kg.graph.comention_graph`); not changed.
    build : Build or None
        Where the evidence sentences, paper titles and urls come from: a :class:`kg.buildio.Build`, or any object
        with ``papers`` and ``sentences`` (and, optionally, ``mentions`` and ``assignment``) attributes.
    papers : mapping or iterable of Paper, or None
        Papers by id (or a list of them); overrides ``build.papers``.
    sentences : mapping or None
        Paper id -> sentence spans in its abstract; overrides ``build.sentences``.
    node_papers : mapping or None
        Entity id -> paper ids (see :func:`papers_by_entity`); overrides what ``build`` gives.
    title : str
        Page title.
    seed : int
        Layout seed: the same inputs give the same page.
    max_nodes, max_edges : int or None
        Keep only the strongest nodes (by papers) and edges (by weight); the page says what was left out.
    colour_by : {"label", "community"}
        Initial colouring; the page offers both when nodes have a ``community`` attribute.
    edges : EdgeTable or None
        The graph's edge table, when the caller has it: the strongest edges are chosen from its columns.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    BuildError
        A bad limit or ``colour_by``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("task:qa", label="TASK", name="<QA>", aliases="", papers=1, mentions=1)
    >>> page = render_html(g)
    >>> "<QA>" in page, "\\\\u003cQA\\\\u003e" in page
    (False, True)
    """
    build_papers, build_sentences, build_node_papers = _corpus(build)
    if papers is None:
        papers = build_papers
    if papers is not None and not isinstance(papers, Mapping):
        papers = {paper.id: paper for paper in papers}
    shown = strongest(graph, max_nodes=max_nodes, max_edges=max_edges, edges=edges)
    net = to_pyvis(shown, seed=seed, colour_by=colour_by)
    data = page_data(net, papers=papers, sentences=build_sentences if sentences is None else sentences,
                     node_papers=build_node_papers if node_papers is None else node_papers, title=title,
                     total_nodes=len(graph), total_edges=graph.number_of_edges(), colour_by=colour_by,
                     communities=_communities(shown))
    script, style = _vis_assets()
    counts = {label: sum(1 for _, d in shown.nodes(data=True) if d.get("label") == label) for label in LABELS}
    return _environment().get_template("graph.html.j2").render(
        title=title, summary=data["meta"]["summary"], colours=COLOURS, counts=counts, data=script_json(data),
        vis_script=script, vis_style=style)


def write_html(graph: nx.Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write the page to ``path`` and nothing else (no ``lib/`` folder); keywords as :func:`render_html`.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> out = write_html(nx.path_graph(["task:a", "task:b"]), Path(tempfile.mkdtemp()) / "g.html")
    >>> out.name, out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('g.html', True)
    """
    path = Path(path)
    path.write_text(render_html(graph, **kwargs), encoding="utf-8", errors=ENCODING_ERRORS)
    return path


def write_build_html(build: Build | str | Path, path: str | Path | None = None, **kwargs: Any) -> Path:
    """Write the page of a build folder (or a loaded :class:`kg.buildio.Build`), with its evidence sentences.

    Parameters
    ----------
    build : Build, str or Path
        A build folder written by ``kg build``, or the Build loaded from one.
    path : str, Path or None
        Output file; default ``graph.html`` inside the build folder.
    **kwargs
        As :func:`render_html` (``title`` defaults to the folder's name).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    BuildError
        The folder is missing, malformed or not one complete build, a build is writing it
        (:class:`~kg.errors.BuildLocked`: a page inside a build folder is written under the build's lock, and the
        manifest records it), or an option is bad.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.Graph()
    >>> g.add_node("task:qa", label="TASK", name="question answering", papers=1, mentions=1)
    >>> build = Build(folder=Path(tempfile.mkdtemp()), papers={}, mentions=[], entities={}, graph=g, manifest={})
    >>> write_build_html(build, max_nodes=10).name
    'graph.html'
    """
    if not isinstance(build, Build):
        build = load_build(build)
    kwargs.setdefault("title", f"{build.folder.name or 'kg'} · co-mention graph")
    target = Path(path) if path is not None else build.folder / "graph.html"
    built = build  # a page inside a build folder is written under its lock, and its manifest records the page
    return write_into(build.folder, target, lambda page: write_html(built.graph, page, build=built, **kwargs))


def notebook_iframe(page: str, *, height: int = 650) -> str:
    """HTML that shows ``page`` in a sandboxed iframe through ``srcdoc`` (attribute-escaped), for notebooks.

    >>> notebook_iframe('<p title="x">&</p>', height=100).split(" style=")[0]
    '<div class="kg-graph"><iframe srcdoc="&lt;p title=&quot;x&quot;&gt;&amp;&lt;/p&gt;"'
    """
    return (f'<div class="kg-graph"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'style="width: 100%; height: {int(height)}px; border: 0" sandbox="{_NOTEBOOK_SANDBOX}" '
            f'title="kg co-mention graph"></iframe></div>')


def show(graph_or_build: nx.Graph | Build | str | Path, *, height: int = 650, **kwargs: Any) -> Any:
    """The page as an IPython ``HTML`` object (an iframe with ``srcdoc``), for Jupyter and VS Code notebooks.

    pyvis's notebook mode writes a file and points an iframe at it, which many notebook front ends cannot load;
    ``srcdoc`` carries the page itself.

    Parameters
    ----------
    graph_or_build : nx.Graph, Build, str or Path
        A graph, a loaded build, or a build folder (whose evidence sentences then come along).
    height : int
        Height of the frame in pixels.
    **kwargs
        As :func:`render_html`.

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    ImportError
        IPython is not installed.

    Examples
    --------
    >>> shown = show(nx.path_graph(["task:a", "task:b"]), height=400)  # the last line of a cell displays it
    >>> type(shown).__name__, shown.data.startswith('<div class="kg-graph"><iframe srcdoc="')
    ('HTML', True)
    """
    try:
        from IPython.display import HTML
    except ImportError as err:
        raise ImportError(Messages.NO_IPYTHON) from err
    if isinstance(graph_or_build, str | Path):
        graph_or_build = load_build(graph_or_build)
    if isinstance(graph_or_build, Build):
        page = render_html(graph_or_build.graph, build=graph_or_build, **kwargs)
    else:
        page = render_html(graph_or_build, **kwargs)
    return HTML(notebook_iframe(page, height=height))
