"""Shared helpers of the readers: decoding files, normalising titles, parsing dates, stable ids."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import warnings
from datetime import date
from pathlib import Path

from kg.errors import CorpusError, KGWarning, Messages

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_PAGE_DATE = re.compile(r"^(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")


def read_text(path: Path, expected: str) -> str:
    """Read ``path`` as UTF-8 text (or UTF-16 with a byte-order mark), refusing empty, binary and wrongly encoded
    files.

    Raises
    ------
    CorpusError
        With the file, the line and what was expected.
    """
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = _from_utf16(path, data)
    if not data.strip():
        raise CorpusError(str(path), 0, Messages.EMPTY_FILE.format(expected=expected))
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise CorpusError(str(path), 0, Messages.BINARY_FILE.format(offset=nul, expected=expected))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = Messages.BAD_ENCODING.format(byte=data[err.start], column=column)
        raise CorpusError(str(path), line, message) from err


def _from_utf16(path: Path, data: bytes) -> bytes:
    """UTF-16 text (with its byte-order mark, as Web of Science writes tab-delimited files) re-encoded as UTF-8."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeError as err:
        raise CorpusError(str(path), 0, Messages.BAD_UTF16.format(error=err)) from err


def normalise_title(title: str) -> str:
    """Key used to find the same paper twice: Unicode-folded, case-folded, punctuation and spacing collapsed.

    Examples
    --------
    >>> normalise_title("Weak-to-Strong  Generalization: Eliciting")
    'weak to strong generalization eliciting'
    >>> normalise_title("ＣＬＩＰ for ALL") == normalise_title("clip for all")
    True
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", folded).split())


def title_id(title: str) -> str:
    """Stable paper id from the normalised title.

    >>> title_id("A Title") == title_id("a  title.")
    True
    """
    return "t-" + hashlib.sha1(normalise_title(title).encode()).hexdigest()[:16]


def parse_page_date(text: str) -> str | None:
    """Turn a listing page's date line into ISO 8601, or ``None`` if the line is not a date.

    >>> parse_page_date("Mar 11")
    '--03-11'
    >>> parse_page_date("Jun 6, 2024")
    '2024-06-06'
    >>> parse_page_date("Subscribe") is None
    True
    """
    match = _PAGE_DATE.match(text.strip())
    if not match or match["mon"].lower()[:3] not in _MONTHS:
        return None
    month, day = _MONTHS[match["mon"].lower()[:3]], int(match["day"])
    year = int(match["year"]) if match["year"] else 2000  # a leap year, only to validate Feb 29
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{match['year']}-{month:02d}-{day:02d}" if match["year"] else f"--{month:02d}-{day:02d}"


def parse_iso_date(value: str, path: str, line: int) -> str | None:
    """Validate an ISO 8601 date from a JSONL or CSV record; warn and return ``None`` when it is not one.

    >>> parse_iso_date("2024-03-11T10:00:00Z", "f", 1)
    '2024-03-11'
    >>> parse_iso_date("2023-07", "f", 1)
    '2023-07'
    """
    value = value.strip()
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        y, m, d = match["y"], match["m"], match["d"]
        try:
            date(int(y), int(m or 1), int(d or 1))
        except ValueError:
            match = None
        else:
            return "-".join(part for part in (y, m, d) if part)
    warnings.warn(KGWarning(f"{path}:{line}: " + Messages.BAD_DATE.format(value=value)), stacklevel=2)
    return None
