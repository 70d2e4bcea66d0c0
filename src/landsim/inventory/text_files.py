"""Text files: their size limit, their encoding (given or detected), their first lines.

The CSV reader, the neighbour table and ``landsim init`` read text through these, so a
file's encoding is checked the same way everywhere: the whole file, a piece at a time,
without holding its decoded text.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from landsim.errors import InputError, Problem

#: Largest text inventory read (bytes): about five million parcels of CSV, far above any
#: district (Xiaoshan has about 8,000 industrial parcels); larger files would need more
#: memory than an office PC has (assumption). Use Parquet for more.
MAX_TEXT_BYTES = 512 << 20
#: Python codecs of the encodings a scenario may name (GBK files are read as GB18030, its
#: superset; Big5 as Microsoft's cp950, which Windows writes).
CODECS = {"gbk": "gb18030", "big5": "cp950"}
#: Encodings whose bytes often decode, wrongly but without error, as another's.
LEGACY_ENCODINGS = ("gb18030", "gbk", "big5")


def decode(raw: bytes, encoding: str, path: Path) -> tuple[str, str]:
    """Decode *raw* with *encoding*, or detect it when ``"auto"``; return ``(text, encoding)``."""
    text: list[str] = []

    def reads(codec: str) -> bool:
        try:
            text.append(raw.decode(codec))
        except UnicodeDecodeError:
            return False
        return True

    encoding = _encoding(raw, encoding, path, reads)
    return text[-1], encoding


def detect_encoding(raw: bytes, encoding: str, path: Path) -> str:
    """Return the encoding *raw* is written in: *encoding*, or the one detected for ``"auto"``.

    The whole file is checked, a piece at a time, so that its text is never held whole.

    Raises
    ------
    InputError
        If *raw* does not decode with *encoding*, or (``"auto"``) with any we detect,
        naming the line and what to do.
    """
    return _encoding(raw, encoding, path, lambda codec: decodes(raw, codec))


def _encoding(raw: bytes, encoding: str, path: Path, reads: Callable[[str], bool]) -> str:
    """Return the encoding of *raw* whose codec *reads* it: *encoding*, or detected."""
    if encoding == "auto":
        if raw.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif _looks_utf16(raw):  # its zero bytes are valid UTF-8: refuse before that
            _decode_failure(raw, "utf-16", path, detected=False)
        else:
            for candidate in ("utf-8", "gb18030"):
                if reads(candidate):
                    return candidate
            _decode_failure(raw, "utf-8", path, detected=False)
    codec = CODECS.get(encoding, encoding)
    if not reads(codec):
        _decode_failure(raw, codec, path, detected=True)
    return encoding


def decodes(raw: bytes, codec: str, step: int = 1 << 22) -> bool:
    """Whether all of *raw* decodes with *codec* (checked *step* bytes at a time)."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), step):
            decoder.decode(view[start : start + step], final=start + step >= len(raw))
        decoder.decode(b"", final=True)
    except UnicodeError:  # UnicodeDecodeError, or UTF-16 without its byte-order mark
        return False
    return True


#: What to do with a UTF-16 file that lacks the mark that says its byte order.
UTF16_WITHOUT_BOM = (
    "the file is UTF-16 without its byte-order mark, which does not say how to read it; "
    "save it as 'CSV UTF-8'"
)


def _looks_utf16(raw: bytes) -> bool:
    """Whether *raw* looks like UTF-16 text without a byte-order mark (every other byte 0).

    ASCII text in UTF-16 has a zero byte beside each character: at odd offsets in
    little-endian files (Windows), at even ones in big-endian files.
    """
    head = raw[:4096]
    if len(head) < 8:
        return False
    zeros_odd = head[1::2].count(0) / len(head[1::2])
    zeros_even = head[0::2].count(0) / len(head[0::2])
    return max(zeros_odd, zeros_even) > 0.3


def _decode_failure(raw: bytes, codec: str, path: Path, *, detected: bool) -> NoReturn:
    line = 1
    try:
        raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    if codec.startswith("utf-16") and not raw.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        hint = UTF16_WITHOUT_BOM
    elif detected:
        hint = f"the file is not {codec}; remove inventory.encoding to let landsim detect it"
        for other in ("utf-8-sig", "gb18030", "utf-16"):
            try:
                raw.decode(other)
            except UnicodeDecodeError:
                continue
            hint = f"the file is not {codec} but reads as {other}; set inventory.encoding: {other}"
            break
    else:
        hint = (
            "neither UTF-8 nor GB18030; open it in Excel or a text editor and save as 'CSV UTF-8'"
        )
    raise InputError(
        f"{path}: cannot decode the file",
        [Problem(f"{path}, line {line}", "inventory.encoding", hint)],
    )


def sniff_delimiter(first_line: str) -> str:
    """Return the delimiter a header line most likely uses (``,`` if it has none)."""
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_text_file(path: Path) -> bytes:
    """Read a text inventory's bytes, refusing one larger than :data:`MAX_TEXT_BYTES`."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{path}: the file is too large to read as text",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    f"{size:,} bytes, more than {MAX_TEXT_BYTES:,}; save it as Parquet",
                )
            ],
        )
    return path.read_bytes()


def first_lines(raw: bytes, codec: str, count: int) -> list[str]:
    """Return the first *count* lines of *raw* (all, if fewer), decoding only what they need."""
    head = codecs.getincrementaldecoder(codec)().decode(raw[: 1 << 20])  # headers sit on top
    lines = head.splitlines()
    if len(lines) <= count and len(raw) > 1 << 20:
        lines = raw.decode(codec).splitlines()
    return lines[:count]
