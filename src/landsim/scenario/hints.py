"""How to write a refused value, from what the schema knows about its key.

A share written ``15%`` or ``15``, a horizon written ``2024-2030``, a title written as one
text: the refusal says what is wrong, and these hints add the right form, worked out from
the key's bounds and model (so a new share, probability or rate gets them too).
"""

from __future__ import annotations

import functools
import re
import types
import typing
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from landsim.scenario.schema import Scenario
from landsim.scenario.schema.base import Label
from landsim.scenario.schema.scenario import Horizon

PathKey = tuple[Hashable, ...]

#: Largest upper bound of a key that is a fraction (a share, a probability, a growth
#: rate), not an amount: shares end at 1, growth rates at 2 (+200 %).
FRACTION_UPPER = 2.0
_PERCENT = re.compile(r"\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*%\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def field_at(path: PathKey) -> tuple[Any, list[Any]] | None:
    """Return the type of the schema at *path* and its constraints, or ``None``.

    Parameters
    ----------
    path
        A data path such as ``("selection", "refusal_probability")`` or
        ``("pipeline", "ramp_up", 0)``.

    Returns
    -------
    (type, metadata) or None
        The type with ``Annotated`` and ``| None`` removed, and the constraints found on
        the way (``Le(1)``, a bounds validator, …).
    """
    tp, meta = _unwrap(Scenario, [])
    for part in path:
        model = as_model(tp)
        args = typing.get_args(tp)
        if model is not None:
            field = model.model_fields.get(str(part))
            if field is None:
                return None
            tp, meta = _unwrap(field.annotation, list(field.metadata))
        elif typing.get_origin(tp) in (dict, Mapping) and len(args) == 2:
            tp, meta = _unwrap(args[1], [])
        elif typing.get_origin(tp) in (list, tuple) and args:
            tp, meta = _unwrap(args[0], [])
        else:
            return None
    return tp, meta


def as_model(tp: Any) -> type[BaseModel] | None:
    """Return the model *tp* names (the one model of a union), or ``None``."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        models = [m for a in typing.get_args(tp) if (m := as_model(a)) is not None]
        return models[0] if len(models) == 1 else None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _unwrap(tp: Any, meta: list[Any]) -> tuple[Any, list[Any]]:
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp, *more = typing.get_args(tp)
            meta = [*meta, *more]
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp, meta
            tp = args[0]
        else:
            return tp, meta


def bounds(meta: list[Any]) -> tuple[float | None, float | None]:
    """Return the lower and upper bounds in a field's constraints (``None``: unbounded).

    Constraints are pydantic's (``Field(ge=0, le=1)``: ``Ge``, ``Le``, or a ``FieldInfo``
    holding them) or landsim's :func:`~landsim.scenario.schema.base.bounded` validator.
    """
    lower = upper = None
    for m in meta:
        if isinstance(m, FieldInfo):
            lo, hi = bounds(list(m.metadata))
        else:
            func = getattr(m, "func", None)
            given = func.keywords if isinstance(func, functools.partial) else _vars_of(m)
            lo = next((v for k in ("ge", "gt") if (v := given.get(k)) is not None), None)
            hi = next((v for k in ("le", "lt") if (v := given.get(k)) is not None), None)
        lower = lo if lo is not None else lower
        upper = hi if hi is not None else upper
    return lower, upper


def _vars_of(constraint: Any) -> dict[str, Any]:
    """Return a constraint's bounds by name (``Le(le=1)`` → ``{"le": 1}``)."""
    return {k: getattr(constraint, k) for k in ("ge", "gt", "le", "lt") if hasattr(constraint, k)}


def fraction(path: PathKey) -> tuple[str, float] | None:
    """Tell whether the key at *path* is a fraction: a share, a probability or a rate.

    Returns
    -------
    (noun, upper) or None
        ``("a probability", 1.0)``, ``("a share", 1.0)`` or ``("a rate", 2.0)``, from the
        key's name and bounds; ``None`` for any other key (an area, a count, a year).
    """
    found = field_at(path)
    if found is None or found[0] is int:
        return None
    lower, upper = bounds(found[1])
    if upper is None or upper > FRACTION_UPPER or lower is None or lower < -1:
        return None
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    if "probability" in name:
        return "a probability", upper
    return ("a share" if lower >= 0 and upper == 1 else "a rate"), upper


def percent_hint(path: PathKey, raw: Any) -> str:
    """``"; write 15% as 0.15"`` for a percentage given to a fraction, else ``""``.

    Examples
    --------
    >>> percent_hint(("selection", "refusal_probability"), "15%")
    '; write 15% as 0.15'
    >>> percent_hint(("quotas", "vacate_mu"), "15%")
    ''
    """
    share = _percent(raw)
    if share is None or fraction(path) is None:
        return ""
    return f"; write {raw.strip()} as {share:g}"


def above_hint(path: PathKey, raw: Any) -> str:
    """``" (a share: 15 means 15 %? write 0.15)"`` for a fraction given in percent.

    Given for a number above the key's upper bound and at most 100, when the key is a
    fraction (:func:`fraction`), and for such a distribution (:func:`distribution_hint`);
    else ``""``.

    Examples
    --------
    >>> above_hint(("relocation", "share"), 15)
    ' (a share: 15 means 15 %? write 0.15)'
    >>> above_hint(("relocation", "share"), 150)
    ''
    """
    if isinstance(raw, Mapping):
        return distribution_hint(path, raw)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return ""
    found = fraction(path)
    if found is None or not found[1] < raw <= 100:
        return ""
    noun, _ = found
    return f" ({noun}: {raw:g} means {raw:g} %? write {raw / 100:g})"


#: Parameters of a distribution that are not in its key's unit: they stay as written.
_UNITLESS = ("dist", "sigma", "weights")


def distribution_hint(path: PathKey, raw: Any) -> str:
    """Show the right form of a distribution of a fraction written in percent, else ``""``.

    The rule of :func:`percent_hint` and :func:`above_hint`, applied to a distribution's
    parameters (not to ``sigma``, a log-space spread, nor ``weights``): ``5%`` is 0.05,
    and plain numbers are divided by 100 when the largest lies above the key's upper
    bound and at most at 100.

    Examples
    --------
    >>> path = ("selection", "refusal_probability")
    >>> distribution_hint(path, {"dist": "uniform", "low": 5, "high": 20})
    ' (a probability: 20 means 20 %? write {dist: uniform, low: 0.05, high: 0.2})'
    >>> distribution_hint(path, {"dist": "uniform", "low": "5%", "high": "20%"})
    '; write 5% as 0.05: {dist: uniform, low: 0.05, high: 0.2}'
    >>> distribution_hint(("quotas", "vacate_mu"), {"dist": "uniform", "low": 5, "high": 20})
    ''
    """
    found = fraction(path) if isinstance(raw, Mapping) and "dist" in raw else None
    if found is None:
        return ""
    noun, upper = found
    scaled = [v for k, v in raw.items() if k not in _UNITLESS]
    flat = [x for v in scaled for x in (v if isinstance(v, list) else [v])]
    percents = [x.strip() for x in flat if _percent(x) is not None]
    numbers = [abs(x) for x in flat if _is_number(x)]
    top = max(numbers, default=0.0)
    divide = upper < top <= 100
    if not (percents or divide):
        return ""
    fixed = {k: v if k in _UNITLESS else _fixed(v, divide) for k, v in raw.items()}
    shown = "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in fixed.items()) + "}"
    if percents:
        return f"; write {percents[0]} as {_percent(percents[0]):g}: {shown}"
    return f" ({noun}: {top:g} means {top:g} %? write {shown})"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _percent(value: Any) -> float | None:
    """``5%`` (or ``５％``) as 0.05; ``None`` for anything else."""
    m = _PERCENT.fullmatch(unicodedata.normalize("NFKC", value)) if isinstance(value, str) else None
    return float(m[1]) / 100 if m else None


def _fixed(value: Any, divide: bool) -> Any:
    """Return a parameter in percent as a fraction: ``5%`` always, ``5`` when *divide*."""
    if isinstance(value, list):
        return [_fixed(v, divide) for v in value]
    if (share := _percent(value)) is not None:
        return share
    return value / 100 if divide and _is_number(value) else value


def _yaml(value: Any) -> str:
    """Write a parameter as in a flow mapping: ``0.05``, ``[0.1, 0.2]``, ``uniform``."""
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return f"{value:g}" if _is_number(value) else str(value)


def example(path: PathKey, raw: Any) -> str:
    """Show the right form of a section written as one value: a horizon or a name.

    Examples
    --------
    >>> example(("horizon",), "2024-2030")
    '; write it as horizon: {start: 2024, end: 2030}'
    >>> example(("title",), "萧山方案")
    '; write it as title: {zh: 萧山方案, en: <English>}'
    """
    found = field_at(path)
    if not path or found is None or raw is None or isinstance(raw, (list, dict)):
        return ""
    key = path[-1]
    if found[0] is Horizon:
        start, end = _years(raw)
        return f"; write it as {key}: {{start: {start}, end: {end}}}"
    if found[0] is Label and isinstance(raw, str):
        zh, en = (raw, "<English>") if _CJK.search(raw) else ("<中文>", raw)
        return f"; write it as {key}: {{zh: {zh}, en: {en}}}"
    return ""


def _years(raw: Any) -> tuple[str, str]:
    """Return the first and last year in ``2024-2030`` (``2024至2030``, …), or an example."""
    years = re.findall(r"(?<![0-9])[12][0-9]{3}(?![0-9])", unicodedata.normalize("NFKC", str(raw)))
    if len(years) == 1:
        return years[0], "<last year>"
    return (years[0], years[-1]) if years else ("2024", "2030")


@dataclass(frozen=True)
class Mistake:
    """A common mistake in a scenario file, as the scenario reference shows it.

    Attributes
    ----------
    wrote, right
        The line as written and as it should be.
    says
        What ``landsim validate`` says (a part of its message).
    note
        What is wrong, when the line does not show it (an invisible character).
    section
        The text before *wrote* in a file (a section's line), for the test that runs it.
    """

    wrote: str
    right: str
    says: str
    note: str = ""
    section: str = ""


#: The mistakes the messages above are for; rendered into docs/scenario-reference.md and
#: each run by a test (the wrong line gets its message, the right one loads).
MISTAKES = [
    Mistake(
        "\u3000vacate_mu: 2500",
        "  vacate_mu: 2500",
        "a full-width space (全角空格, U+3000) before 'vacate_mu'; indent with ordinary spaces",
        "indented with a full-width space, 全角空格",
        "quotas:\n",
    ),
    Mistake(
        "vacate_mu：2500",
        "vacate_mu: 2500",
        "a full-width colon (全角冒号 ：) after 'vacate_mu'; write ':' followed by a space",
        section="quotas:\n  ",
    ),
    Mistake(
        "candidates: {classes: [C，D]}",
        "candidates: {classes: [C, D]}",
        "a full-width comma (全角逗号 ，); write ',' between the items",
    ),
    Mistake(
        "quotas: {vacate_mu: ２５００}",
        "quotas: {vacate_mu: 2500}",
        "full-width digits (全角数字): write 2500",
    ),
    Mistake(
        "selection: {strategy: “clusters”}",
        "selection: {strategy: clusters}",
        "full-width quotes (全角引号 “ ”) are read as part of the value",
    ),
    Mistake(
        "selection: {refusal_probability: 15%}",
        "selection: {refusal_probability: 0.15}",
        "write 15% as 0.15",
    ),
    Mistake(
        "selection: {refusal_probability: 15}",
        "selection: {refusal_probability: 0.15}",
        "must be ≤ 1; got 15 (a probability: 15 means 15 %? write 0.15)",
    ),
    Mistake(
        "selection: {refusal_probability: {dist: uniform, low: 5, high: 20}}",
        "selection: {refusal_probability: {dist: uniform, low: 0.05, high: 0.2}}",
        "must be ≤ 1; the distribution reaches 20 (a probability: 20 means 20 %? "
        "write {dist: uniform, low: 0.05, high: 0.2})",
    ),
    Mistake(
        "selection: {refusal_probability: {dist: uniform, low: 5%, high: 20%}}",
        "selection: {refusal_probability: {dist: uniform, low: 0.05, high: 0.2}}",
        "write 5% as 0.05: {dist: uniform, low: 0.05, high: 0.2}",
    ),
    Mistake(
        "vacate_mu: 2500亩",
        "vacate_mu: 2500",
        "numbers carry no unit in a scenario file: the unit is the key's, which "
        "docs/scenario-reference.md gives; write 2500",
        section="quotas:\n  ",
    ),
    Mistake(
        "quotas: {vacate_mu: 2,500}",
        "quotas: {vacate_mu: 2500}",
        "2,500 is read as 2 entries: inside {…} a comma separates them; write 2500",
        "numbers have no thousands separators or units",
    ),
    Mistake(
        "horizon: 2024-2030",
        "horizon: {start: 2024, end: 2030}",
        "write it as horizon: {start: 2024, end: 2030}",
    ),
    Mistake(
        "title: 萧山方案",
        "title: {zh: 萧山方案, en: Xiaoshan}",
        "write it as title: {zh: 萧山方案, en: <English>}",
    ),
]


def render_mistakes() -> str:
    """Render :data:`MISTAKES` as the scenario reference's "Common mistakes" section."""
    rows = [
        f"| `{m.wrote}`{f' ({m.note})' if m.note else ''} | `{m.right}` | `{m.says}` |\n"
        for m in MISTAKES
    ]
    return (
        "## Common mistakes\n\n"
        "With a Chinese input method on, a space, a colon or a comma typed in a scenario "
        "file is full-width (全角: `　` U+3000, `：`, `，`), and YAML reads none of them as "
        "structure; indent with ordinary spaces (never tabs) and write keys as `key: value`. "
        "`landsim validate` names each such character at its line and column. Shares, "
        "probabilities and rates are fractions (0.15, not 15% or 15; a distribution's "
        "bounds too), and numbers carry no unit (2500, not 2500亩): each key's unit is "
        "in its meaning below.\n\n"
        "| you wrote | write | `landsim validate` says |\n|---|---|---|\n" + "".join(rows) + "\n"
    )
