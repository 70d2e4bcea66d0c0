r"""Full-width characters (全角) a Chinese input method types where YAML wants ASCII.

With a Chinese input method on, a space is U+3000 (全角空格), a colon ``：``, a comma
``，``, braces ``｛｝``; YAML sees none of them as structure. ``　vacate_mu: 1`` becomes a
top-level key named ``'\u3000vacate_mu'`` and ``vacate_mu：1`` a line of text, and the
messages that follow (an unknown key, a section that is not a mapping) name the effect,
not the character. These functions find the character and say what to type instead.

:func:`in_key` and :func:`in_text` judge one plain (unquoted) YAML scalar after a
successful parse; :func:`in_line` judges a raw line near a YAML syntax error;
:func:`number_hint` explains a number written with full-width digits or spaces, or with
its unit (``2500亩``: a scenario's numbers are in their key's unit).
"""

from __future__ import annotations

import re
import unicodedata

#: The full-width space (U+3000) a Chinese input method types for a space.
SPACE = "\u3000"

#: Full-width punctuation YAML needs as ASCII: its English and Chinese names, its ASCII form.
PUNCTUATION = {
    "：": ("colon", "全角冒号", ":"),
    "，": ("comma", "全角逗号", ","),
    "｛": ("brace", "全角大括号", "{"),
    "｝": ("brace", "全角大括号", "}"),
    "［": ("bracket", "全角方括号", "["),
    "］": ("bracket", "全角方括号", "]"),
}

#: What comes before a key's colon: a scenario key or id (lower-case English) or a year.
#: ``GDP：万元`` or ``目标：腾退`` in a value is text, not a key.
_KEY = r"[a-z_][a-z0-9_]*|[0-9]{4}"
#: ``key：`` (a full-width colon) or ``key:　`` (a colon, then a full-width space).
_KEY_COLON = re.compile(rf"(?P<key>{_KEY})[ {SPACE}]*(?P<mark>：|:{SPACE})")
#: A full-width comma between two ASCII letters or digits: ``2024，end``, ``C，D``.
_ASCII_COMMA = re.compile(r"[A-Za-z0-9_.][ \u3000]*(，)[ \u3000]*[A-Za-z0-9_]")
_SPACE_NAME = "a full-width space (全角空格, U+3000)"


def _colon(key: str, mark: str) -> str:
    if mark == "：":
        return f"a full-width colon (全角冒号 ：) after {key!r}; write ':' followed by a space"
    return f"{_SPACE_NAME} after '{key}:'; write ':' followed by an ordinary space"


def _punctuation(char: str, fix: str = "instead") -> str:
    what, zh, ascii_form = PUNCTUATION[char]
    return f"a full-width {what} ({zh} {char}); write {ascii_form!r} {fix}"


def _before(rest: str) -> str:
    """Name what follows a full-width space: the key, else the first word."""
    word = re.split(r"[:：\s]", rest.strip(f" {SPACE}"), maxsplit=1)[0]
    return repr(word or rest.strip())


def in_key(key: str) -> tuple[int, str] | None:
    r"""Find a full-width space or colon in a plain mapping key.

    No scenario key holds either: keys are English names, ids, years, or a district's
    words (``history.treatments``).

    Returns
    -------
    (offset, message) or None
        Where in *key* the character is, and what to do; ``None`` if the key has none.

    Examples
    --------
    >>> in_key("\u3000vacate_mu")[1]
    "a full-width space (全角空格, U+3000) before 'vacate_mu'; indent with ordinary spaces"
    """
    if key.startswith(SPACE):
        return 0, f"{_SPACE_NAME} before {_before(key)}; indent with ordinary spaces"
    if m := _KEY_COLON.match(key):
        return m.start("mark"), _colon(m["key"], m["mark"][0])
    if (i := key.find("：")) > 0:
        return i, _colon(key[:i].strip(f" {SPACE}"), "：")
    if key.endswith(SPACE):
        name = key.rstrip(SPACE)
        return len(name), f"{_SPACE_NAME} after {name!r}; remove it"
    return None


def in_text(text: str, *, in_list: bool) -> tuple[int, str] | None:
    """Find full-width structure in a plain value: ``key：value``, or ``，`` in ``[…]``.

    Only what cannot be meant as text is found: a scenario key (or a year) directly
    followed by a full-width colon, or a full-width comma in an item of a ``[…]`` list
    (whose items are names). A Chinese title with ``：`` or ``，`` is left alone.

    Examples
    --------
    >>> in_text("vacate_mu：2500", in_list=False)
    (9, "a full-width colon (全角冒号 ：) after 'vacate_mu'; write ':' followed by a space")
    >>> [in_text(t, in_list=False) for t in ("目标：腾退，三年", "GDP：万元")]
    [None, None]
    """
    if m := _KEY_COLON.match(text):
        return m.start("mark"), _colon(m["key"], m["mark"][0])
    if in_list and (i := text.find("，")) >= 0:
        return i, _punctuation("，", "between the items")
    return None


def in_line(line: str) -> tuple[int, str] | None:
    """Find a full-width character that breaks YAML's structure in one raw line.

    Used only near a YAML syntax error, to name its likely cause: a full-width space in
    the indentation or after a colon, a full-width colon after a key, a full-width comma
    between ASCII items, or a full-width brace or bracket.

    Examples
    --------
    >>> in_line("horizon: {start: 2024，end: 2030}")
    (21, "a full-width comma (全角逗号 ，); write ',' instead")
    """
    code = re.sub(r'"[^"]*"|\'[^\']*\'', lambda m: " " * len(m[0]), line.split(" #", 1)[0])
    indent = len(code) - len(code.lstrip(f" {SPACE}"))
    if SPACE in code[:indent]:
        where = code.index(SPACE)
        return where, f"{_SPACE_NAME} before {_before(code)}; indent with ordinary spaces"
    for m in _KEY_COLON.finditer(code, indent):
        if m.start() == indent or code[m.start() - 1] in " {,[-":
            return m.start("mark"), _colon(m["key"], m["mark"][0])
    if m := _ASCII_COMMA.search(code):
        return m.start(1), _punctuation("，")
    for i, char in enumerate(code):
        if char in "｛｝［］":
            return i, _punctuation(char)
    return None


#: A unit after a number: it starts with a letter (Chinese or Latin: ``亩``, ``万元``, ``m``)
#: and holds no digit or percent sign, so ``1e5`` and ``15%`` are not numbers with a unit.
UNIT = r"[^\W\d_][^\d%％]*"
#: A number, then perhaps a unit: ``2500``, ``2,500亩``, ``８５ 万元``, ``30m``.
_NUMBER_UNIT = re.compile(rf"\s*(?P<number>[-+－＋]?\d[\d.,．，]*?)\s*(?P<unit>{UNIT}?)?\s*")
#: What a number written with its unit is told.
UNIT_NOTE = (
    "numbers carry no unit in a scenario file: the unit is the key's, which "
    "docs/scenario-reference.md gives"
)


def plain_number(text: str) -> str | None:
    """Return *text* as an ASCII number, without thousands separators, or ``None``.

    Examples
    --------
    >>> [plain_number(t) for t in ("２５００", "2,500", "-1.5", "2,5", "1e5")]
    ['2500', '2500', '-1.5', None, None]
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", plain):
        plain = plain.replace(",", "")
    return plain if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", plain) else None


def split_unit(text: str) -> tuple[str, str]:
    """Split ``2,500亩`` into its number and its unit (``""`` for none).

    Examples
    --------
    >>> split_unit("2,500亩"), split_unit("85 万元"), split_unit("2500")
    (('2,500', '亩'), ('85', '万元'), ('2500', ''))
    """
    m = _NUMBER_UNIT.fullmatch(text)
    if m is None or m["unit"] in ("e", "E"):
        return text, ""
    return m["number"], m["unit"] or ""


def number_hint(raw: str) -> str:
    r"""Explain a number written with full-width digits, a full-width space or a unit.

    Returns
    -------
    str
        ``" (full-width digits (全角数字): write 2500)"`` and the like, or ``""`` when
        *raw* is not such a number.

    Examples
    --------
    >>> number_hint("２５００")
    ' (full-width digits (全角数字): write 2500)'
    >>> number_hint("2500\u3000")
    ' (a full-width space (全角空格, U+3000) after it: write 2500)'
    >>> number_hint("2,500亩")[:60]
    ' (numbers carry no unit in a scenario file: the unit is the '
    >>> number_hint("2500亩").endswith("gives; write 2500)")
    True
    """
    inner = quoted(raw)
    what = [] if inner is None else ["full-width quotes (全角引号 “ ”)"]
    raw = raw if inner is None else inner
    number, unit = split_unit(raw)
    plain = plain_number(number)
    if plain is None:
        return ""
    if not number.isascii():
        what.append("full-width digits (全角数字)")
    if raw.startswith(SPACE) or raw.endswith(SPACE):
        where = "before" if raw.startswith(SPACE) else "after"
        what.append(f"{_SPACE_NAME} {where} it")
    if unit:
        return f" ({''.join(w + ', and ' for w in what)}{UNIT_NOTE}; write {plain})"
    return f" ({' and '.join(what)}: write {plain})" if what else ""


#: Full-width quotation marks, opening and closing.
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def quoted(raw: str) -> str | None:
    """Return what full-width quotes enclose (``“clusters”`` → ``clusters``), else ``None``.

    YAML quotes only with ASCII ``"`` and ``'``; full-width ones stay part of the text.
    """
    text = raw.strip(f" {SPACE}")
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1]
    return None
