"""Reader for arXiv API responses: Atom feeds (``export.arxiv.org/api/query``), saved as ``.xml`` or ``.atom``.

Each ``<entry>`` gives ``<id>`` (``http://arxiv.org/abs/2401.01234v2``: the arXiv id, its version dropped),
``<title>`` and ``<summary>`` (wrapped over several lines), ``<published>``, ``<author><name>``, and in the arXiv
namespace ``<arxiv:doi>`` and ``<arxiv:journal_ref>``. The API reports a bad query as an entry whose id is an
``/api/errors`` URL; such an entry is skipped with a warning.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from kg.corpus.clean import normalise_arxiv_id
from kg.corpus.record import make_paper, skip
from kg.corpus.text import read_text
from kg.errors import CorpusError, Messages
from kg.records import Paper

EXPECTED = "an arXiv API Atom feed (<feed> with <entry> elements)"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def _feed(text: str, path: str) -> ET.Element:
    """The root ``<feed>`` of the document, refusing entity declarations and anything but an Atom feed."""
    if "<!ENTITY" in text:
        raise CorpusError(path, 0, Messages.XML_ENTITIES)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line = err.position[0] if err.position else 0
        raise CorpusError(path, line, Messages.BAD_XML.format(error=str(err).split(":")[0])) from err
    if root.tag != ATOM + "feed":
        raise CorpusError(path, 0, Messages.XML_NOT_FEED.format(root=root.tag.rpartition("}")[2]))
    return root


def _text(entry: ET.Element, tag: str) -> str:
    found = entry.find(tag)
    return "".join(found.itertext()) if found is not None else ""


def read_atom(path: str | Path) -> Iterator[Paper]:
    """Yield papers from an arXiv API Atom feed; entries are numbered from 1 in place of line numbers.

    Raises
    ------
    CorpusError
        XML that is not well formed (with its line), a root other than an Atom ``<feed>``, or an empty, binary or
        non-UTF-8 file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "feed.xml"
    >>> _ = f.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v2'
    ...                  '</id><title>A\\n  title</title><summary>Some\\n  text.</summary></entry></feed>')
    >>> [(p.id, p.title, p.abstract, p.arxiv_id) for p in read_atom(f)]
    [('2401.00001', 'A title', 'Some text.', '2401.00001')]
    """
    path = Path(path)
    root = _feed(read_text(path, EXPECTED), str(path))
    for number, entry in enumerate(root.iter(ATOM + "entry"), start=1):
        link = _text(entry, ATOM + "id").strip()
        if "/api/errors" in link:
            skip(str(path), number, "that is an arXiv API error entry")
            continue
        arxiv = link.rsplit("/abs/", 1)[-1] if "/abs/" in link else ""
        alternate = next((a.get("href") for a in entry.iter(ATOM + "link") if a.get("rel") == "alternate"), None)
        paper = make_paper({
            "id": normalise_arxiv_id(arxiv),
            "title": _text(entry, ATOM + "title"), "abstract": _text(entry, ATOM + "summary"),
            "date": _text(entry, ATOM + "published"),
            "authors": [_text(a, ATOM + "name") for a in entry.iter(ATOM + "author")],
            "venue": _text(entry, ARXIV + "journal_ref") or "arXiv", "doi": _text(entry, ARXIV + "doi"),
            "url": alternate or link, "arxiv_id": arxiv, "ids": {"arxiv": normalise_arxiv_id(arxiv)} if arxiv else {},
        }, str(path), number)
        if paper is not None:
            yield paper
