"""Tell garbled headers (mojibake) from real ones, and which encoding reads them right.

Bytes of one Chinese encoding often decode without error in another: a Big5 file read
as GB18030 gives 遏絪腹 for 地塊編號. Real headers are made of common characters — the
first level of GB2312 (3,755 characters) for simplified text, the common block of Big5
(5,401) for traditional text — while mojibake is mostly rare characters, kana and box
drawing. :func:`looks_garbled` measures that share on the header line only.
"""

from __future__ import annotations

from landsim.errors import InputError, Problem

#: Encodings tried when the headers look garbled, most likely first.
CANDIDATES = ("utf-8", "gb18030", "big5", "utf-16")
#: Headers whose best common-character share is below this look garbled. Measured on
#: header lines: real simplified or traditional headers score ≥ 0.5 (most 1.0), Big5
#: read as GB18030 and GB18030 read as Big5 score 0.07–0.31 (assumption from those).
MIN_COMMON_SHARE = 0.5
#: Fewer non-Latin characters than this say too little to judge: one or two Chinese
#: headers of two characters can be rare by chance (assumption).
MIN_CHARS = 4


def _common(char: str, encoding: str) -> bool:
    try:
        code = char.encode(encoding)
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    if encoding == "gb2312":  # level 1: rows 16–55, lead bytes 0xB0–0xD7
        return 0xB0 <= code[0] <= 0xD7
    return 0xA440 <= (code[0] << 8 | code[1]) <= 0xC67E  # Big5 common characters


def common_share(text: str) -> float | None:
    """Share of *text*'s non-Latin letters that are common Chinese characters.

    The larger of the simplified (GB2312 level 1) and traditional (Big5 common) shares;
    ``None`` when *text* has fewer than :data:`MIN_CHARS` such letters.

    Examples
    --------
    >>> common_share("地块编号,所属平台,用地面积（亩）")
    1.0
    >>> common_share("遏絪腹,┮妮キ,ノ縩痑") < 0.5
    True
    """
    chars = [c for c in text if ord(c) >= 0x370 and c not in "（）［］，、：；"]
    if len(chars) < MIN_CHARS:
        return None
    simplified = sum(_common(c, "gb2312") for c in chars)
    traditional = sum(_common(c, "big5") for c in chars)
    return max(simplified, traditional) / len(chars)


def looks_garbled(header_line: str) -> bool:
    """Tell whether a header line looks like text decoded with the wrong encoding."""
    share = common_share(header_line)
    return share is not None and share < MIN_COMMON_SHARE


def better_encoding(raw: bytes, line: int, current: str) -> str | None:
    """Return an encoding in which line *line* (1-based) of *raw* reads as real text."""
    for candidate in CANDIDATES:
        if candidate == current:
            continue
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        lines = text.splitlines()
        share = common_share(lines[line - 1]) if len(lines) >= line else None
        if share is not None and share >= MIN_COMMON_SHARE:
            return candidate
    return None


def garbled_error(raw: bytes, path_name: str, line: int, encoding: str, headers: str) -> InputError:
    """Build the error for a file whose header line *headers* looks garbled in *encoding*."""
    better = better_encoding(raw, line, encoding)
    sample = headers[:40] + ("…" if len(headers) > 40 else "")
    fix = (
        f"the file reads as real text in {better}: set inventory.encoding: {better}"
        if better
        else "declare the right one with inventory.encoding (utf-8, gb18030, big5, "
        "utf-16), or open the file in Excel and save it as 'CSV UTF-8'"
    )
    return InputError(
        f"{path_name}: the headers look garbled",
        [
            Problem(
                f"{path_name}, line {line}",
                "inventory.encoding",
                f"read as {encoding}, the headers look garbled ({sample}); {fix}",
            )
        ],
    )
