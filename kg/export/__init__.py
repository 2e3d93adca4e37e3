"""Exporters: files (JSONL, GraphML, node-link JSON, neo4j-admin CSV, manifest) and the HTML page."""
