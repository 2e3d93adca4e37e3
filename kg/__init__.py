"""kg: typed knowledge graphs of methods, datasets and tasks from research paper abstracts."""

from kg.errors import KGError, KGWarning
from kg.records import LABELS, Entity, Mention, Paper

__version__ = "0.1.0"

__all__ = ["LABELS", "Entity", "KGError", "KGWarning", "Mention", "Paper", "__version__"]
