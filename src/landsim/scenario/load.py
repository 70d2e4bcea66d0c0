"""Load a scenario: YAML → ``extends`` merged → validated :class:`Scenario`.

Every problem — YAML syntax, duplicate keys, unknown keys, wrong types, inconsistent
references — is collected and raised in one :class:`~landsim.errors.InputError`, each
located as ``file:line:col: dotted.path: message``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from landsim.errors import InputError, Problem
from landsim.scenario import consistency, fullwidth, hints
from landsim.scenario.distributions import text_hint
from landsim.scenario.schema import Scenario
from landsim.scenario.variants import Resolved, apply_overrides, resolve
from landsim.scenario.yaml_source import Origin, PathKey, dotted

#: Where a problem in an override is said to be.
OVERRIDE = "given on the command line or as overrides (--set, --vary, overrides=)"


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario file.

    Parameters
    ----------
    path
        The scenario YAML. ``extends`` chains are followed.
    overrides
        A nested mapping whose leaves are set in the file's data before validation, e.g.
        ``{"selection": {"strategy": "clusters"}}`` (see
        :func:`~landsim.scenario.variants.apply_overrides`). Validated like the file
        itself; a problem in it is said to be in an override.

    Returns
    -------
    Scenario
        The validated, frozen scenario. ``scenario_source(scenario)`` tells which files it
        came from.

    Raises
    ------
    InputError
        With every problem found, each located in its file.

    Examples
    --------
    >>> scn = load_scenario("scenarios/xiaoshan_2024.yaml")  # doctest: +SKIP
    >>> scn.horizon.start  # doctest: +SKIP
    2024
    """
    path = Path(path)
    resolved = resolve(path)
    data: dict[Hashable, Any] = dict(resolved.data)
    leaves: list[PathKey] = []
    if overrides:
        data, leaves = apply_overrides(data, overrides)
        for leaf in leaves:  # a problem in an override is the override's, not a file line's
            resolved.origins[leaf] = Origin(Path(OVERRIDE), 0, 0)
    data.setdefault("name", path.stem)
    try:
        scenario = Scenario.model_validate(data, context={"horizon_start": _start(data)})
    except ValidationError as exc:
        errors = _one_per_union(exc.errors(), data)
        located = [_problem(err, data, resolved) for err in errors]
        problems = [p for _, p in sorted(located, key=lambda lp: _sort_key(lp[0]))]
        raise InputError(_summary(path, len(problems)), problems) from None
    findings = consistency.check(scenario)
    own = resolved.files[0]
    if not any(leaf[0] == "horizon" for leaf in leaves):
        # a schedule is refused for years its own file's horizon never uses; with the
        # horizon overridden (a back-test --from 2023) those years are the override's doing
        findings += [
            f for f in consistency.unused_years(scenario) if _locate(f[0], resolved).file == own
        ]
    if findings:
        problems = [Problem(str(_locate(p, resolved)), dotted(p), msg) for p, msg in findings]
        raise InputError(_summary(path, len(problems)), problems)
    object.__setattr__(scenario, "__landsim_source__", resolved)
    return scenario


def _start(data: Mapping[Hashable, Any]) -> int | None:
    horizon = data.get("horizon")
    start = horizon.get("start") if isinstance(horizon, Mapping) else None
    return start if isinstance(start, int) and not isinstance(start, bool) else None


def scenario_source(scenario: Scenario) -> Resolved | None:
    """Return the files a scenario was loaded from (``None`` if built in Python)."""
    return scenario.__dict__.get("__landsim_source__")


def _summary(path: Path, n: int) -> str:
    return f"{path}: {n} problem{'s' * (n != 1)} in the scenario"


def _locate(path: PathKey, resolved: Resolved) -> Origin:
    for i in range(len(path), 0, -1):
        if (origin := resolved.origins.get(tuple(path[:i]))) is not None:
            return origin
    return Origin(resolved.files[0], 1, 1)


def _sort_key(origin: Origin) -> tuple[str, int, int]:
    return (str(origin.file), origin.line, origin.column)


def _problem(
    err: Mapping[str, Any], data: Mapping[Hashable, Any], resolved: Resolved
) -> tuple[Origin, Problem]:
    path = _data_path(tuple(err["loc"]), data)
    msg = _message(err, path) + _value_hint(err["type"], path, err.get("input"))
    origin = _locate(path, resolved)
    return origin, Problem(str(origin), dotted(path), msg)


#: Pydantic's kinds of error for a section (a model or mapping) given as something else.
_MAPPING = ("model_type", "dict_type", "model_attributes_type")
_WHOLE = "expected a whole number, got {}"
#: Messages of pydantic's kinds of error that need only the value given.
_GOT = {
    **dict.fromkeys(_MAPPING, "expected a mapping of keys (key: value lines), got {}"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), _WHOLE),
    **dict.fromkeys(("float_type", "float_parsing"), "expected a number, got {}"),
}
#: Messages of pydantic's kinds of error that say what to do whatever was given.
_FIXED = {"missing": "required; add this key", "too_short": "give at least one value"}
#: Pydantic's bound errors, their sign, and the bound's name in their context.
_BOUNDS = {
    "less_than_equal": ("≤", "le"),
    "less_than": ("<", "lt"),
    "greater_than_equal": ("≥", "ge"),
    "greater_than": (">", "gt"),
}


def _message(err: Mapping[str, Any], path: PathKey) -> str:
    """Say a pydantic error as landsim's other messages say it: what, then what to do."""
    kind, got = err["type"], err.get("input")
    if kind in _GOT:
        return _GOT[kind].format(_shown(got))
    if kind in _FIXED:
        return _FIXED[kind]
    if kind in _BOUNDS:
        return _bound_message(err)
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return _unknown_key_message(path)
    if kind == "literal_error":
        return _literal_message(err, msg)
    if kind in ("bool_parsing", "bool_type"):
        return f"{got!r} is not true or false; write true or false"
    if kind == "string_pattern_mismatch" and "a-z0-9_" in str(err.get("ctx", {})):
        return f"{got!r} is not a valid id; use lower-case English letters, digits and _"
    return msg


def _bound_message(err: Mapping[str, Any]) -> str:
    """``must be ≤ 1; got 15``, as landsim's own bounds say it."""
    sign, name = _BOUNDS[err["type"]]
    bound, got = err.get("ctx", {}).get(name), err.get("input")
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        return f"must be {sign} {bound:g}; got {got:g}"
    return f"must be {sign} {bound}; got {got!r}"


def _value_hint(kind: str, path: PathKey, raw: Any) -> str:
    """How to write a refused value: a number, a share, a section, a name.

    Full-width digits or spaces in a number, a share in percent (``15%``, ``15``), a
    horizon or a name written as one value, full-width quotes around a choice.
    """
    if kind in _MAPPING:
        return hints.example(path, raw)
    if kind in ("number", "float_type", "float_parsing"):
        return hints.percent_hint(path, raw) or (text_hint(raw) if kind != "number" else "")
    if kind in _GOT:
        return text_hint(raw)
    if kind in ("value_error", "less_than_equal"):
        return hints.above_hint(path, raw)
    if kind == "distribution":
        return hints.distribution_hint(path, raw)
    quoted = isinstance(raw, str) and fullwidth.quoted(raw) is not None
    if quoted and kind in ("literal_error", "string_pattern_mismatch"):
        return "; full-width quotes (全角引号 “ ”) are read as part of the value: leave them out"
    return ""


#: What each kind of value a field may take is called, for a field of several kinds.
_KIND_NOUNS = {
    "string_type": "a text",
    "model_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "float_type": "a number",
    "int_type": "a whole number",
    "list_type": "a list",
}


def _one_per_union(errors: list[Any], data: Mapping[Hashable, Any]) -> list[Any]:
    """Merge the errors of a field that takes several kinds into one ("a text or …").

    ``description: 5`` gave two problems, "Input should be a valid string" and one for
    the mapping form.
    """
    by_path: dict[PathKey, list[Any]] = {}
    for err in errors:
        by_path.setdefault(_data_path(tuple(err["loc"]), data), []).append(err)
    out = []
    for same in by_path.values():
        if len(same) > 1 and all(e["type"] in _KIND_NOUNS for e in same):
            nouns = list(dict.fromkeys(_KIND_NOUNS[e["type"]] for e in same))
            merged = dict(same[0], type="union_kinds")
            merged["msg"] = f"expected {' or '.join(nouns)}, got {_shown(same[0].get('input'))}"
            out.append(merged)
        else:
            out.extend(same)
    return out


def _shown(value: Any) -> str:
    """Show a value as the user wrote it ("nothing" for an empty key)."""
    if isinstance(value, bool):
        return str(value).lower()  # as YAML writes it
    return "nothing" if value is None else repr(value)


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Keep the parts of a pydantic location that index the user's data.

    Pydantic inserts type tags (``function-after[...]``, union member names) into
    locations; users never wrote those.
    """
    out: list[Any] = []
    node = data
    for part in loc:
        in_map = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, Mapping) and part != "[key]" and not _is_tag(part):
            out.append(part)  # a missing key: keep it, there is nothing below it
            node = None
    return tuple(out)


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"int", "float", "str", "bool"})


def _literal_message(err: Mapping[str, Any], msg: str) -> str:
    expected = err.get("ctx", {}).get("expected", "")
    options = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", expected)]
    got = err.get("input")
    hint = difflib.get_close_matches(str(got), options, n=1, cutoff=0.5)
    shown = [o if re.fullmatch(r"[\w-]+", o) else repr(o) for o in options]
    return f"{got!r} is not allowed; use one of {', '.join(shown)}" + (
        f" (did you mean {hint[0]!r}?)" if hint else ""
    )


def _unknown_key_message(path: PathKey) -> str:
    key = path[-1] if path else "?"
    names = _allowed_keys(path[:-1])
    if not names:
        return f"unknown key {key!r}"
    hint = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    if hint:
        return f"unknown key {key!r}; did you mean {hint[0]!r}?"
    return f"unknown key {key!r}; allowed keys here: {', '.join(names)}"


def _allowed_keys(path: PathKey) -> list[str]:
    """Field names of the model found at *path* in the schema, or [] if not a model."""
    found = hints.field_at(path)
    model = hints.as_model(found[0]) if found else None
    return list(model.model_fields) if model else []
