"""Text by display width: wrapping lines of mixed Chinese and Latin text.

A Chinese (wide) character takes two columns, a Latin letter one. Lines break between
Chinese characters or at spaces, following the Chinese rules of 避头尾: no line starts
with closing punctuation, none ends with an opening bracket, and a number keeps its unit.
No plotting library is needed here.
"""

from __future__ import annotations

import re
import unicodedata

#: Punctuation that must not begin a line, and that must not end one (Chinese
#: line-breaking rules, 避头尾, as W3C "Requirements for Chinese Text Layout" (clreq)
#: §3.1.7 lists them): no line starts with a pause or stop mark, a closing bracket or
#: quote, an interpunct (间隔号: · U+00B7, ・ U+30FB, ‧ U+2027, ･ U+FF65 — 湘湖·萧滨
#: must not leave "·萧滨" at a line start), a dash (——) or an ellipsis (……); none ends
#: with an opening bracket or quote.
NO_LINE_START = set("，。；：、！？）」』》】〉〕〗］｝％”’,.;:!?)]}%·・‧･—…")
NO_LINE_END = set("（「『《【〈〔〖［｛“‘([{")
_CJK = r"\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
#: A short quoted term stays whole (“腾笼换鸟”); a number keeps the unit that follows it
#: ("2030年", "95.5亿元", "133 亩", "133 mu"); other Chinese text may break between any
#: two characters.
_UNITS_AFTER_SPACE = r"(?:mu|km|ha|bn|m²|m|亩|亿元|万元|公里)(?![A-Za-z])"
_TOKENS = re.compile(
    rf"“[^“”\s]{{1,8}}”|[0-9][0-9,.]*\s{_UNITS_AFTER_SPACE}|\s+"
    rf"|[^\s{_CJK}]+(?:亿元|万元|[年亩人个元次倍])?|[{_CJK}]",
)


def wrap(text: str, width: int, bullet: str = "") -> str:
    """Wrap *text* to *width* columns, counting a Chinese character as two.

    Lines break between Chinese characters or at spaces, never inside a number or a word
    nor between a number and its unit, never before closing punctuation (no line starts
    with "；", "，" or "”": the character before it moves down too) and never after an
    opening bracket or quote.
    """
    indent = " " * len(bullet)
    lines: list[str] = []
    line = [bullet]  # the prefix, then the line's tokens
    for token in _TOKENS.findall(text):
        if width_of("".join(line)) + width_of(token) <= width or len(line) < 2:
            line.append(token)
            continue
        carried = [] if token.isspace() else [token]
        # no line starts with closing punctuation: take the tokens before it along
        while carried and carried[0][0] in NO_LINE_START and len(line) > 2:
            carried.insert(0, line.pop())
        if carried and carried[0][0] in NO_LINE_START:  # nothing to take: overflow
            line += carried
            continue
        # no line ends with an opening bracket or quote
        while len(line) > 2 and line[-1][-1] in NO_LINE_END:
            carried.insert(0, line.pop())
        if line[-1][-1:] in NO_LINE_END:  # a lone opening bracket: overflow
            line += carried
            continue
        lines.append("".join(line).rstrip())
        line = [indent, *carried]
    lines.append("".join(line).rstrip())
    return "\n".join(lines)


#: Characters of ambiguous width that Chinese fonts draw full-width (curly quotes).
WIDE_QUOTES = set("“”‘’")
#: Signs the Chinese font draws a full em wide, as wide as 中 (measured in Noto Sans CJK SC;
#: the page-1 row "平台增速与全区增速之比（目标≥1.5）" ran past its cell when ≥ counted as one),
#: and the 一字线 of a span of years ("2029—2030年"; 0.89 em in Noto Sans CJK SC, an em in
#: Latin fonts).
WIDE_SIGNS = set("≥≤×—")


def width_of(text: str) -> int:
    """Columns *text* takes: a Chinese (wide) character, a curly quote or ≥ counts as two."""
    wide = WIDE_QUOTES | WIDE_SIGNS
    return sum(2 if ch in wide or unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
