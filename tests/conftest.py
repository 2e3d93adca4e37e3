from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import build_rules_pipeline

    return build_rules_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The rules build of ../shared/seeds, made once per test session: (folder, BuildResult)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from kg.build import run_build

    out = tmp_path_factory.mktemp("seed-build")
    return out, run_build([SEEDS], out)
