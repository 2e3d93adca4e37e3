"""The same inputs give the same build folder, byte for byte, whatever Python's string hash seed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reference import database_content

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.slow
def test_builds_do_not_depend_on_the_hash_seed(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not there")
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / "build"  # one folder name: the page title carries it
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "-o", str(out), "--no-cache"],
                       check=True, env=env, capture_output=True)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                        if p.is_file() and p.name not in ("manifest.json", "graph.lbug")})
        outputs[-1]["graph.lbug"] = database_content(out)
        os.rename(out, tmp_path / f"build-{hash_seed}")
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) >= 10
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []
