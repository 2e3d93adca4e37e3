"""The graph stage: entities and mentions -> the co-mention graph and its edge table (pair counts, weights,
significance)."""
