"""Exporters: files (JSONL, node-link JSON, neo4j-admin CSV), GraphML, GEXF, VOSviewer (JSON map, thesaurus) and
the HTML page (laid out by :mod:`kg.export.layout`); Neo4j over Bolt."""
