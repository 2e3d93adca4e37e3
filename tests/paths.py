"""Paths the tests share: the repository, ../shared beside it, and the tests' own fixtures.

The tests folder is on ``sys.path`` (see ``conftest.py``), so a test in any subfolder reads ``from paths import ...``.
"""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
FIXTURES = TESTS / "data"
