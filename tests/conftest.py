import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from paths import SEEDS


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import build_rules_pipeline

    return build_rules_pipeline()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample corpus shipped with kg, built once per session (no HTML) and loaded back."""
    from kg.build import run_build
    from kg.buildio import load_build
    from kg.records import BuildSettings
    from kg.sample import sample_paths

    folder = tmp_path_factory.mktemp("kg-sample-build")
    run_build(sample_paths(), folder, BuildSettings(html=False))
    return load_build(folder)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The rules build of ../shared/seeds, made once per test session: (folder, BuildResult)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from kg.build import run_build

    out = tmp_path_factory.mktemp("seed-build")
    return out, run_build([SEEDS], out)


import bolt_server  # noqa: E402

from kg.export import bolt  # noqa: E402


def _unavailable(reason: str) -> None:
    if os.environ.get("KG_REQUIRE_NEO4J") == "1":
        pytest.fail(f"KG_REQUIRE_NEO4J=1 but {reason}")
    pytest.skip(reason)


def ensure_arcadedb() -> None:
    """Install ArcadeDB under .cache/tools on first use (pip, about 100 MB); skip if that is impossible."""
    if not bolt_server.installed():
        try:
            bolt_server.install()
        except Exception as err:
            _unavailable(f"ArcadeDB could not be installed ({err}); see tests/bolt_server.py")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A live Bolt server to push to: the one .ci/run started (KG_TEST_NEO4J_URI), else a private ArcadeDB."""
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if uri:
        yield bolt.Connection(uri=uri, password=os.environ.get("KG_TEST_NEO4J_PASSWORD", bolt_server.DEFAULT_PASSWORD))
        return
    ensure_arcadedb()
    s = bolt_server.start(tmp_path_factory.mktemp("arcadedb"))
    yield bolt.Connection(uri=s.uri, password=s.password)
    s.stop()
