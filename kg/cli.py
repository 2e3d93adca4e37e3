"""The ``kg`` command line: the only place that prints or exits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from kg.build import BuildResult, run_build
from kg.errors import KGError
from kg.records import LABELS
from kg.sample import sample_paths

app = typer.Typer(
    help="Build typed knowledge graphs of methods, datasets and tasks from paper abstracts.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


def _progress(stage: str, total: int) -> Callable[[], None]:
    bar = tqdm(total=total, desc=stage, unit="paper", leave=False, disable=total < 50)

    def tick() -> None:
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return tick


def _summary(result: BuildResult) -> str:
    lines = [
        f"Read {result.records} records: {result.papers} distinct papers.",
        "Mentions: " + ", ".join(f"{lab} {result.mentions.get(lab, 0)}" for lab in LABELS),
        "Entities: " + ", ".join(f"{lab} {result.entities.get(lab, 0)}" for lab in LABELS),
        f"Graph: {result.nodes} nodes, {result.edges} co-mention edges.",
    ]
    for label in LABELS:
        top = ", ".join(f"{name} ({n})" for name, n in result.top_entities.get(label, [])[:5])
        lines.append(f"Top {label}: {top or '-'}")
    pairs = "; ".join(f"{u} - {v} ({n})" for u, v, n in result.top_pairs[:5])
    lines.append(f"Top pairs (papers): {pairs or '-'}")
    if result.warnings:
        lines.append(f"{len(result.warnings)} warning(s), listed in manifest.json; first: {result.warnings[0]}")
    lines.append(f"Wrote {result.out}/ (graph.html, graph.graphml, graph.json, *.jsonl, neo4j/, manifest.json) "
                 f"in {sum(result.seconds.values()):.1f} s.")
    return "\n".join(lines)


@app.command()
def build(
    corpus: Annotated[list[Path] | None, typer.Argument(
        help="Corpus files or folders: saved Hugging Face paper pages (.txt), JSON Lines or CSV with "
             "'title' and 'abstract'.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Build folder to write.")] = Path("out"),
    sample: Annotated[bool, typer.Option("--sample", help="Use the sample corpus shipped with kg.")] = False,
    model: Annotated[str, typer.Option(help="'rules' (rules only) or the path of a saved spaCy pipeline.")] = "rules",
    workers: Annotated[int, typer.Option(min=1, help="Processes for extraction.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Abstracts per spaCy batch.")] = 64,
    html: Annotated[bool, typer.Option(help="Write graph.html.")] = True,
) -> None:
    """Read abstracts, extract METHOD/DATASET/TASK mentions, and write the co-mention graph to OUT.

    OUT receives papers/mentions/entities as JSON Lines, graph.graphml, node-link graph.json, an offline
    graph.html, neo4j-admin import CSVs under neo4j/, and manifest.json (inputs, versions, counts).
    """
    paths: list[Path] = list(corpus or [])
    if sample:
        paths.extend(sample_paths())
    if not paths:
        typer.echo("Error: give corpus files or folders, or --sample (see kg build --help).", err=True)
        raise typer.Exit(2)
    try:
        result = run_build(paths, out, model=model, workers=workers, batch_size=batch_size, html=html,
                           progress=_progress)
    except KGError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(_summary(result))


@app.command()
def demo(out: Annotated[Path, typer.Option("--out", "-o", help="Build folder to write.")] = Path("out")) -> None:
    """Build the graph of the sample corpus shipped with kg (same as `kg build --sample`)."""
    build(corpus=None, out=out, sample=True)


@app.command()
def version() -> None:
    """Print kg's version."""
    from kg import __version__

    typer.echo(__version__)


def main() -> None:
    app()
