"""What a sweep varies: ``--vary KEY=VALUES`` read against the scenario's keys.

A key is a dotted scenario path (``quotas.vacate_mu``) or any unambiguous end of one
(``land_compensation_per_mu`` → ``treatments.vacate.land_compensation_per_mu``). Values
are a range ``start:stop:step`` (both ends included), a list ``a,b,c`` (numbers or words,
e.g. ``worst_first,clusters``) or, for Latin hypercube samples, a range ``low:high``
(with ``:step``, samples are rounded to that step).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from landsim.errors import InputError, Problem
from landsim.scenario import Scenario

#: Most values one range may give, and most variants one grid may make (assumption: a
#: sweep of 10,000 variants of a 0.3 s run takes about an hour on one machine; more is a
#: typing mistake, e.g. a step of 1 on a quota in mu).
MAX_VALUES = 1000
MAX_VARIANTS = 10_000
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_INTEGER = re.compile(r"^[-+]?\d+$")
EXAMPLE = "quotas.vacate_mu=2000:5000:500"


@dataclass(frozen=True)
class Vary:
    """One varied parameter.

    Attributes
    ----------
    key
        The full dotted scenario path.
    given
        The ``--vary`` argument as typed.
    values
        The values of a grid (a list, or a range with its step).
    low, high, step
        A range's ends and step (``step`` ``None``: continuous, for samples only).
    """

    key: str
    given: str
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None

    @property
    def is_range(self) -> bool:
        """Whether the values are a numeric range (else a list)."""
        return self.low is not None

    def column(self) -> str:
        """Return the name of this parameter's column in the sweep's tables."""
        return self.key


def parameter_paths(scenario: Scenario) -> list[str]:
    """Every dotted path a sweep may vary, in the scenario's order.

    Sections are followed down to their values; a distribution or a yearly mapping is
    one value. Entries of id-keyed sections (platforms, industries, projects) are
    followed by id.
    """
    out: list[str] = []

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, BaseModel) and not hasattr(node, "ppf"):
            for name in type(node).model_fields:
                walk(getattr(node, name), (*prefix, name))
        elif _is_section(node):
            for k, v in node.items():
                walk(v, (*prefix, str(k)))
        else:
            out.append(".".join(prefix))

    walk(scenario, ())
    return out


def _is_section(node: Any) -> bool:
    """Whether *node* is an id-keyed section (platforms, industries, projects)."""
    return (
        isinstance(node, dict)
        and bool(node)
        and all(isinstance(v, BaseModel) for v in node.values())
    )


def resolve_key(key: str, paths: list[str]) -> str:
    """Return the full path *key* names; raise ``ValueError`` with candidates otherwise."""
    if key in paths:
        return key
    parts = key.split(".")
    matches = [p for p in paths if p.split(".")[-len(parts) :] == parts]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(
            f"{key!r} is ambiguous: it ends {len(matches)} keys ({', '.join(matches[:8])}"
            f"{', …' if len(matches) > 8 else ''}); give the full key"
        )
    by_end = {p.split(".")[-1]: p for p in paths}
    close = difflib.get_close_matches(key, paths, n=4, cutoff=0.6)
    close += [by_end[e] for e in difflib.get_close_matches(parts[-1], list(by_end), n=4)]
    close = list(dict.fromkeys(close))[:5]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return _raise(f"no scenario key {key!r}{hint} (keys are listed in docs/scenario-reference.md)")


def _raise(message: str) -> str:
    raise ValueError(message)


def parse_varies(
    texts: list[str], scenario: Scenario, *, sampled: bool, samples: int | None = None
) -> list[Vary]:
    """Read every ``--vary`` argument; raise one :class:`InputError` listing every problem.

    *samples*: the size of the Latin hypercube, if one is asked for (checked against the
    combinations the values make).
    """
    paths = parameter_paths(scenario)
    varies, problems = [], []
    for n, text in enumerate(texts, start=1):
        where = f"--vary #{n}"
        key, sep, values = text.partition("=")
        if not sep or not key.strip() or not values.strip():
            problems.append(Problem(where, text, f"write KEY=VALUES, e.g. {EXAMPLE}"))
            continue
        try:
            path = resolve_key(key.strip(), paths)
            varies.append(_values(path, text, values.strip(), sampled=sampled))
        except ValueError as exc:
            problems.append(Problem(where, key.strip(), str(exc)))
    keys = [v.key for v in varies]
    problems += [
        Problem("--vary", k, "varied twice; give each key once")
        for k in sorted(set(keys))
        if keys.count(k) > 1
    ]
    if not texts:
        problems.append(Problem("--vary", "", "nothing to vary; give --vary KEY=VALUES"))
    problems += _samples_problems(varies, samples) if samples and not problems else []
    if problems:
        raise InputError(f"{scenario.name}: cannot build the sweep", problems)
    return varies


def _samples_problems(varies: list[Vary], samples: int) -> list[Problem]:
    """Refuse a Latin hypercube that can only repeat a grid no larger than itself.

    With lists and stepped ranges only, there are ``∏ len(values)`` combinations; a
    hypercube of at least that many samples repeats some and may miss others.
    """
    if any(v.is_range and v.step is None for v in varies):
        return []  # a continuous range: every sample differs
    combinations = math.prod(len(v.values) for v in varies)
    if combinations > samples:
        return []
    return [
        Problem(
            "--samples",
            str(samples),
            f"the values given make only {combinations:,} combinations; drop --samples to "
            "run each of them once (the full grid), or give a continuous range low:high",
        )
    ]


def _values(path: str, text: str, spec: str, *, sampled: bool) -> Vary:
    if ":" in spec:
        return _range(path, text, spec, sampled=sampled)
    items = [s.strip() for s in spec.split(",")]
    if any(not s for s in items):
        raise ValueError(f"{spec!r} has an empty value; write a,b,c")
    if len(items) > MAX_VALUES:
        raise ValueError(f"{len(items):,} values; at most {MAX_VALUES:,}")
    values = tuple(_scalar(s) for s in items)
    twice = [items[k] for k, v in enumerate(values) if v in values[:k]]
    if twice:
        raise ValueError(f"{twice[0]} is given twice in {spec!r}; give each value once")
    return Vary(path, text, values)


def _range(path: str, text: str, spec: str, *, sampled: bool) -> Vary:
    parts = spec.split(":")
    if len(parts) not in (2, 3) or not all(_NUMBER.match(p.strip()) for p in parts):
        raise ValueError(f"{spec!r} is not a range; write start:stop:step, e.g. 2000:5000:500")
    whole = all(_INTEGER.match(p.strip()) for p in parts)
    low, high, *rest = (_finite(p) for p in parts)
    step = rest[0] if rest else None
    if high < low:
        raise ValueError(f"{spec!r} ends below its start; write start:stop:step with start ≤ stop")
    if step is not None and step <= 0:
        raise ValueError(f"{spec!r}: the step must be above 0")
    if step is None and not sampled:
        raise ValueError(
            f"{spec!r} has no step; write start:stop:step, or sample it with --samples"
        )
    values: tuple[Any, ...] = ()
    if step is not None:
        steps = (high - low) / step
        count = math.floor(steps + 1e-9) + 1
        if count > MAX_VALUES:
            raise ValueError(
                f"{spec!r} gives {count:,} values; at most {MAX_VALUES:,}: use a larger step"
            )
        values = tuple(_number(low + k * step, whole) for k in range(count))
        if abs(steps - round(steps)) > 1e-9 * max(1.0, steps):  # both ends are included
            raise ValueError(
                f"{spec!r}: steps of {parts[2].strip()} from {parts[0].strip()} do not end "
                f"at {parts[1].strip()} (the last would be {values[-1]}); give a step that "
                "divides the range, or list the values"
            )
    return Vary(path, text, values, low, high, step)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _number(value: float, whole: bool) -> int | float:
    return round(value) if whole else round(value, 12)


def _scalar(text: str) -> Any:
    """Read a list item: an integer, a finite number, true/false, or a word."""
    if _INTEGER.match(text):
        return int(text)
    if _NUMBER.match(text):
        return _finite(text)
    if text.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        raise ValueError(f"{text!r} is not a finite number")
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text
