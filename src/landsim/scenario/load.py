"""Load a scenario: YAML → ``extends`` merged → validated :class:`Scenario`.

Every problem — YAML syntax, duplicate keys, unknown keys, wrong types, inconsistent
references — is collected and raised in one :class:`~landsim.errors.InputError`, each
located as ``file:line:col: dotted.path: message``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from landsim.errors import InputError, Problem
from landsim.scenario import consistency
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
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        msg = _unknown_key_message(path)
    elif kind == "missing":
        msg = "required; add this key"
    elif kind == "literal_error":
        msg = _literal_message(err, msg)
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        msg = f"expected a mapping of keys (key: value lines), got {_shown(err.get('input'))}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        msg = f"expected a whole number, got {_shown(err.get('input'))}"
    elif kind == "too_short":
        msg = "give at least one value"
    elif kind in ("bool_parsing", "bool_type"):
        msg = f"{err.get('input')!r} is not true or false; write true or false"
    elif kind == "string_pattern_mismatch" and "a-z0-9_" in str(err.get("ctx", {})):
        msg = f"{err['input']!r} is not a valid id; use lower-case English letters, digits and _"
    origin = _locate(path, resolved)
    return origin, Problem(str(origin), dotted(path), msg)


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
    tp: Any = Scenario
    for part in path:
        tp = _step(tp, part)
        if tp is None:
            return []
    model = _as_model(tp)
    return list(model.model_fields) if model else []


def _step(tp: Any, part: Any) -> Any:
    model = _as_model(tp)
    if model is not None:
        field = model.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (dict, Mapping) and len(args) == 2:
        return args[1]
    if origin in (list, tuple) and args:
        return args[0]
    return None


def _as_model(tp: Any) -> type[BaseModel] | None:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        models = [m for a in typing.get_args(tp) if (m := _as_model(a)) is not None]
        return models[0] if len(models) == 1 else None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None
