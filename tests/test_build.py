"""kg/build.py: run_build's files and manifest, the Stages that time the stages and collect warnings, make_graph."""

import json
import time
import warnings

import pytest

from kg import KGWarning
from kg.build import Stages, make_graph, resolve_corpus, run_build
from kg.buildio import load_build
from kg.corpus import read_corpus
from kg.errors import BuildError
from kg.export.folder import FILES
from kg.extract import assemble, extract_new, look_up
from kg.nlp import load_pipeline
from kg.records import BuildSettings
from kg.sample import sample_paths

RULES = BuildSettings(model="rules", html=False)


@pytest.fixture(scope="module")
def rules_build(tmp_path_factory):
    """The sample corpus built with the rules and no page: (folder, BuildResult)."""
    out = tmp_path_factory.mktemp("rules-build")
    return out, run_build(sample_paths(), out, RULES)


@pytest.fixture(scope="module")
def stage_inputs():
    """What the graph stage takes, made stage by stage as run_build makes it: (papers, extraction, resolved)."""
    papers = read_corpus(sample_paths()).papers
    todo = look_up(papers, None).todo
    extraction = assemble(papers, extract_new(todo, load_pipeline("rules"), None))
    return papers, extraction, resolve_corpus(papers, extraction)


def test_run_build_writes_every_file(rules_build):
    out, result = rules_build
    for key, name in FILES.items():
        path = out / name
        if key == "html":
            assert not path.exists()  # html=False
        elif name.endswith("/"):
            assert sorted(p.name for p in path.iterdir()) == ["co_mentions.csv", "entities.csv", "mentions.csv",
                                                                "papers.csv"]
        else:
            assert path.is_file() and path.stat().st_size > 0, name
    assert result.out == out and result.extracted == result.papers and result.reused == 0


def test_the_manifest_matches_the_result(rules_build):
    out, result = rules_build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["records"] == result.records == 36 and counts["papers"] == result.papers == 33
    assert counts["mentions"] == result.mentions and counts["entities"] == result.entities
    assert sum(result.entities.values()) + result.left_out == len(load_build(out).entities)
    assert counts["entities_left_out"] == result.left_out
    assert (counts["nodes"], counts["edges"], counts["edges_before_filter"]) == (result.nodes, result.edges,
                                                                                 result.all_edges)
    assert (counts["edges_q_le_0.05"], counts["communities"], counts["modularity"]) == (
        result.significant_edges, result.communities, result.modularity)
    assert (counts["extracted"], counts["reused_from_cache"]) == (result.extracted, result.reused)
    assert counts["warnings"] == len(result.warnings) and manifest["warnings"] == result.warnings
    # the manifest is written before the two stages that come after it: listing its own files, and the swap
    assert manifest["seconds"] == {k: v for k, v in result.seconds.items() if k not in ("manifest", "swap")}
    assert list(result.seconds) == ["lock", "read", "cache", "load_model", "extract", "assemble", "resolve", "graph",
                                    "write", "summary", "manifest", "swap"]
    assert manifest["files"] == {**FILES, "neo4j_import": result.neo4j_import}
    assert manifest["parameters"]["model"] == "rules" and manifest["parameters"]["min_papers"] == 1
    assert len(manifest["inputs"]) == len(sample_paths())
    graph = load_build(out).graph
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (result.nodes, result.edges)


def test_stages_time_each_stage_and_collect_kg_warnings():
    stages = Stages()

    def warn(x, *, y):
        warnings.warn(KGWarning(f"kg says {x}"), stacklevel=1)
        warnings.warn("not kg's", UserWarning, stacklevel=1)
        return x + y

    assert stages.run("a", warn, 1, y=2) == 3
    stages.run("a", time.sleep, 0.02)  # a stage run twice adds up
    assert stages.run("b", lambda: 5) == 5

    def fail():
        warnings.warn(KGWarning("said before failing"), stacklevel=1)
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        stages.run("c", fail)
    assert list(stages.seconds) == ["a", "b", "c"]  # timed even when the stage fails
    assert stages.seconds["a"] >= 0.02 and all(s >= 0 for s in stages.seconds.values())
    assert stages.warnings == ["kg says 1", "said before failing"]


def test_a_paused_stage_runs_without_the_collector():
    import gc

    stages = Stages()
    assert stages.run("on", gc.isenabled) is gc.isenabled()
    assert stages.run("off", gc.isenabled, paused=True) is False


def test_make_graph_with_min_papers_keeps_edges_in_two_papers_or_more(stage_inputs):
    papers, extraction, resolved = stage_inputs
    every = make_graph(resolved, extraction, len(papers), RULES)
    kept = make_graph(resolved, extraction, len(papers), BuildSettings(model="rules", html=False, min_papers=2))
    # as in an unfiltered build, the values live in the table alone, made only for the edges kept
    assert kept.graph.number_of_edges() == len(kept.table) > 0
    assert all(dict(d) == {} for _, _, d in kept.graph.edges(data=True))
    assert list(zip(kept.table.sources, kept.table.targets, strict=True)) == list(kept.graph.edges)
    assert min(kept.table.column("papers")) >= 2
    rows = [i for i, p in enumerate(every.table.column("papers")) if p >= 2]
    for key in every.table.keys:  # the same values as the unfiltered edges' (q-values over all the pairs)
        assert kept.table.column(key) == [every.table.column(key)[i] for i in rows]
    # the same edges as the unfiltered graph's with papers >= 2; the counts before filtering are the same
    wanted = {frozenset((s, t)) for s, t, p in zip(every.table.sources, every.table.targets,
                                                     every.table.column("papers"), strict=True) if p >= 2}
    assert {frozenset(e) for e in kept.graph.edges} == wanted
    assert every.graph.number_of_edges() == every.all_edges == kept.all_edges > len(wanted)
    assert kept.significant == every.significant
    # every entity stays a node (isolates kept) and has a community
    assert set(kept.graph.nodes) == {e.id for e in resolved.graph_entities}
    assert all(isinstance(c, int) for _, c in kept.graph.nodes(data="community"))


def test_make_graph_past_max_edges_raises_min_papers_until_the_edges_fit_and_says_so(stage_inputs):
    papers, extraction, resolved = stage_inputs
    every = make_graph(resolved, extraction, len(papers), RULES)
    counts = every.table.column("papers")
    assert max(counts) >= 2 and sum(p >= 2 for p in counts) < len(counts)
    budget = sum(p >= 2 for p in counts)  # room for the pairs in two papers or more, not for all of them
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KGWarning)
        capped = make_graph(resolved, extraction, len(papers), BuildSettings(model="rules", html=False, max_edges=budget))
    two = make_graph(resolved, extraction, len(papers), BuildSettings(model="rules", html=False, min_papers=2))
    # the graph --min-papers 2 gives, and a warning that names the pairs, the budget and the threshold used
    assert {frozenset(e) for e in capped.graph.edges} == {frozenset(e) for e in two.graph.edges}
    assert capped.table.column("q_value") == two.table.column("q_value")
    assert capped.all_edges == every.all_edges
    said = [str(w.message) for w in caught if issubclass(w.category, KGWarning)]
    assert said == [f"{every.all_edges:,} co-mention pairs are more than --max-edges {budget:,}: only the {budget:,} "
                    "pairs in 2 papers or more are edges (--min-papers 2); --max-edges 0 keeps every pair"]
    # a budget the pairs fit in, or none at all, changes nothing and says nothing
    for settings in (BuildSettings(model="rules", html=False, max_edges=len(counts)),
                     BuildSettings(model="rules", html=False, max_edges=0)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", KGWarning)
            same = make_graph(resolved, extraction, len(papers), settings)
        assert not caught and same.table.column("papers") == counts


def test_max_edges_below_zero_is_refused():
    with pytest.raises(BuildError, match="--max-edges >= 0"):
        BuildSettings(max_edges=-1)


def test_resolve_corpus_leaves_junk_out_of_the_graph_unless_keep_all():
    from kg.build import resolve_corpus
    from kg.records import Extraction, Mention, Paper

    papers = [Paper("p1", "T", "We use ZorbNet and Quux (QX on data."), Paper("p2", "U", "ZorbNet again.")]
    mentions = (Mention("p1", 0, 7, 14, "ZorbNet", "METHOD", "model"), Mention("p1", 0, 19, 27, "Quux (QX", "METHOD", "model"),
                Mention("p2", 0, 0, 7, "ZorbNet", "METHOD", "model"))
    extraction = Extraction(mentions, (), {"p1": ((0, 36),), "p2": ((0, 14),)}, 9)
    lean = resolve_corpus(papers, extraction)
    assert {e.id for e in lean.entities} == {"method:zorbnet", "method:quux"}
    assert [e.id for e in lean.graph_entities] == ["method:zorbnet"]
    assert set(lean.graph_assignment) == {0, 2} and lean.assignment[1] == "method:quux"
    (junk,) = [e for e in lean.entities if not e.kept]
    assert junk.reason == "unbalanced brackets" and junk.confidence == 0.0
    full = resolve_corpus(papers, extraction, keep_all=True)
    assert {e.id for e in full.graph_entities} == {"method:zorbnet", "method:quux"}
    assert full.graph_assignment == full.assignment
    assert ("ZorbNet", "ZorbNet") not in full.thesaurus  # a name is no alias of itself
