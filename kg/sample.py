"""The sample corpus shipped with kg for the quick start (fictional abstracts written for the project)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_dir() -> Path:
    """Folder of the sample corpus inside the installed package."""
    return Path(str(resources.files("kg") / "data" / "sample"))


def sample_paths() -> list[Path]:
    """The sample corpus's page files, sorted."""
    return sorted(sample_dir().glob("*.txt"))
