"""``kg neo4j push``: write a build into a live Neo4j (or any Bolt server) idempotently.

Constraints first, then papers, entities, MENTIONS and CO_MENTIONED in ``UNWIND $rows`` batches, each batch a
``MERGE`` inside a managed write transaction (retried by the driver on transient errors). Pushing the same build
twice changes nothing; pushing a bigger build adds only what is new; a push cut off by a server that stops can
simply be run again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.buildio import Build
from kg.errors import Messages, Neo4jError
from kg.export import cypher

Progress = Callable[[str, int], Callable[[int], None]]


@dataclass
class PushSummary:
    """What a push did, from the servers' own counters."""

    rows: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    constraints_added: int = 0
    seconds: float = 0.0

    def add(self, counters: Any) -> None:
        self.nodes_created += counters.nodes_created
        self.relationships_created += counters.relationships_created
        self.properties_set += counters.properties_set
        self.constraints_added += counters.constraints_added

    def describe(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in self.rows.items())
        total = sum(self.rows.values())
        nodes = self.rows.get("papers", 0) + self.rows.get("entities", 0)
        rels = self.rows.get("mentions", 0) + self.rows.get("co_mentions", 0)
        return (f"Pushed {total} rows ({rows}) in {self.seconds:.1f} s: "
                f"{self.nodes_created} nodes created, {nodes - self.nodes_created} already there (updated); "
                f"{self.relationships_created} relationships created, {rels - self.relationships_created} updated; "
                f"{self.properties_set} properties set.")


@dataclass
class Connection:
    """Where to push: Bolt URI, user, password and database name."""

    uri: str = "bolt://localhost:7687"
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"
    retry_seconds: float = 30.0


def plan(build: Build) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The statements of a push, in order, with their rows: ``(stage, cypher, rows)``."""
    sentences = {(pid, i): build.sentence_text(pid, i) for pid, spans in build.sentences.items()
                 for i in range(len(spans))}
    steps: list[tuple[str, str, list[dict[str, Any]]]] = [
        ("papers", cypher.MERGE_PAPERS, cypher.paper_rows(list(build.papers.values())))]
    entities, assignment = build.shown()
    for label, rows in cypher.entity_rows(entities, build.graph).items():
        steps.append(("entities", cypher.merge_entities(label), rows))
    steps.append(("mentions", cypher.MERGE_MENTIONS, cypher.mention_rows(build.mentions, assignment, sentences)))
    steps.append(("co_mentions", cypher.MERGE_CO_MENTIONS, cypher.co_mention_rows(build.graph)))
    return steps


def driver(conn: Connection) -> Any:
    """A connected driver, or a :class:`Neo4jError` saying plainly why not."""
    from neo4j import GraphDatabase
    from neo4j import exceptions as neo

    try:
        drv = GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password),
                                   max_transaction_retry_time=conn.retry_seconds, connection_timeout=10)
    except (ValueError, neo.ConfigurationError) as err:
        raise Neo4jError(Messages.NOT_BOLT_URI.format(uri=conn.uri, error=err)) from err
    try:
        drv.verify_connectivity()
        drv.execute_query("RETURN 1", database_=conn.database)
    except neo.AuthError as err:
        drv.close()
        raise Neo4jError(Messages.AUTH_FAILED.format(uri=conn.uri, user=conn.user)) from err
    except (neo.ServiceUnavailable, neo.SessionExpired, OSError) as err:
        drv.close()
        raise Neo4jError(Messages.NO_SERVER.format(uri=conn.uri)) from err
    except neo.ClientError as err:
        drv.close()
        if err.code and ("DatabaseNotFound" in err.code or "Forbidden" in err.code):
            raise Neo4jError(Messages.NO_DATABASE.format(uri=conn.uri, database=conn.database, user=conn.user)) from err
        raise Neo4jError(Messages.CHECK_REFUSED.format(uri=conn.uri, code=err.code)) from err
    return drv


def push(build: Build, conn: Connection, *, batch_size: int = 1000, progress: Progress | None = None) -> PushSummary:
    """Push ``build`` to the server of ``conn``; see the module docstring for the order and guarantees.

    Raises
    ------
    Neo4jError
        Unreachable server, bad credentials, unknown database, or a server lost mid-push (the message says how
        far the push got; rerunning it completes the graph without duplicates).
    """
    from neo4j import exceptions as neo

    steps = plan(build)
    summary = PushSummary()
    t0 = time.perf_counter()
    total = sum(len(rows) for _, _, rows in steps)
    done = 0
    with driver(conn) as drv:
        try:
            for statement in cypher.CONSTRAINTS:
                summary.add(drv.execute_query(statement, database_=conn.database).summary.counters)
            with drv.session(database=conn.database) as session:
                for stage, statement, rows in steps:
                    tick = progress(stage, len(rows)) if progress else None
                    for batch in cypher.batches(rows, batch_size):
                        summary.add(session.execute_write(_run, statement, batch))
                        done += len(batch)
                        summary.rows[stage] = summary.rows.get(stage, 0) + len(batch)
                        if tick:
                            tick(len(batch))
        except (neo.ServiceUnavailable, neo.SessionExpired, neo.TransientError, OSError) as err:
            raise Neo4jError(Messages.PUSH_LOST.format(uri=conn.uri, done=done, total=total)) from err
        except neo.Neo4jError as err:
            raise Neo4jError(Messages.WRITE_REJECTED.format(uri=conn.uri, done=done, total=total, code=err.code,
                                                               message=err.message)) from err
    summary.seconds = time.perf_counter() - t0
    return summary


def _run(tx: Any, statement: str, rows: Sequence[dict[str, Any]]) -> Any:
    return tx.run(statement, rows=list(rows)).consume().counters


def counts(conn: Connection) -> dict[str, int]:
    """Node counts per kg label and relationship counts per type on the server (for checks and summaries)."""
    queries = {
        "Paper": "MATCH (n:Paper) RETURN count(n) AS n",
        **{label: f"MATCH (n:{cypher.identifier(label)}) RETURN count(n) AS n" for label in cypher.ENTITY_LABELS.values()},
        **{rel: f"MATCH ()-[r:{cypher.identifier(rel)}]->() RETURN count(r) AS n" for rel in cypher.REL_TYPES},
    }
    with driver(conn) as drv:
        return {name: int(drv.execute_query(q, database_=conn.database).records[0]["n"]) for name, q in queries.items()}


def run_query(conn: Connection, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run a cookbook :class:`~kg.export.cookbook.Query` with its parameters; rows as dicts."""
    from neo4j import exceptions as neo

    with driver(conn) as drv:
        try:
            records = drv.execute_query(query.cypher, params, database_=conn.database).records
        except neo.Neo4jError as err:
            raise Neo4jError(Messages.QUERY_FAILED.format(uri=conn.uri, name=query.name, code=err.code,
                                                             message=err.message)) from err
        except (neo.ServiceUnavailable, neo.SessionExpired) as err:
            raise Neo4jError(Messages.QUERY_LOST.format(uri=conn.uri, name=query.name)) from err
    return [dict(r) for r in records]
