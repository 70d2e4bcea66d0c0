"""What a valid scenario may still get wrong: said by ``landsim validate`` and ``init``.

Each function returns printable lines (none when all is well): parcels left out of the
programme because their land is not industrial, firms left without a 亩均 score and why,
headers of the file that name columns the scenario does not map, and inherited yearly
values that the horizon never reaches. ``validate`` says them in its ``--lang`` (the words
are :data:`ADVICE`); ``init`` in English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landsim.evaluation.candidates import industrial_land
from landsim.evaluation.indicators import INDICATORS, figures_matrix, values
from landsim.evaluation.score import evaluate
from landsim.inventory.dbf_names import name_encoding
from landsim.inventory.prepare import Prepared
from landsim.inventory.recognize import suggestions
from landsim.plots.labels import joined, pick, year_span
from landsim.scenario import scenario_source
from landsim.scenario.columns import BY_NAME
from landsim.scenario.consistency import unused_years
from landsim.scenario.yaml_source import dotted

GROUPS = {"above": ("规上", "above-size"), "below": ("规下", "below-size")}

#: How a warning begins, and a suggestion to map a header: (zh, en).
WARNING = ("警告：", "Warning: ")
ASK = ("是否要将", "Did you mean to map")

#: The words of the advice: (zh, en).
ADVICE: dict[str, tuple[str, str]] = {
    "left_out": (
        "\n{lead}（{mu:,.1f}亩）的用地性质不是工业用地（{shown}），不纳入腾笼换鸟：不会被选中"
        "处置，也不参加亩均评价。",
        "\n{lead} ({mu:,.1f} mu) are not industrial land ({shown}) and are left out of the "
        "programme: never selected, not scored in the 亩均 evaluation.",
    ),
    "left_out_all": ("警告：全部{n:,}宗地块", "Warning: all {n:,} parcels"),
    "left_out_some": ("注：{n:,}宗地块", "Note: {n:,} parcels"),
    "land_use_count": ("{use}{count:,}宗", "{use} {count:,}"),
    "other_land_uses": ("另有{k}种用地性质{count:,}宗", "{k} other land uses {count:,}"),
    "include": (
        "  如需纳入，请将其用地性质列入 inventory.industrial_land_uses",
        "  List their land use under inventory.industrial_land_uses to include them",
    ),
    "include_end": ("。", "."),
    "include_end_all": ("（目前没有地块纳入腾笼换鸟）。", " (no parcel is in the programme now)."),
    "unrated": (
        "\n警告：{members:,}家在产{zh}企业中有{missing:,}家没有亩均评价得分，因此没有评价"
        "等级（A–D），不会按等级被选中：{why}",
        "\nWarning: {missing:,} of {members:,} operating {zh} ({en}) firms have no 亩均 "
        "score, so no class (A–D) and no class-based selection: {why}",
    ),
    "why_unrated": (
        "evaluation.missing 为 `unrated`，而这些企业各缺少至少一项指标。",
        "evaluation.missing is `unrated` and each lacks an indicator.",
    ),
    "why_weight": (
        "其已有指标的权重合计为{known:.0%}（中位数），低于 evaluation.min_known_weight"
        "（{least:g}）。",
        "the indicators they have carry {known:.0%} of the weight (median), below "
        "evaluation.min_known_weight ({least:g}).",
    ),
    "to_rate": ("  如需评价：{fix}。", "  To rate them: {fix}"),
    "map_columns": (
        "在 inventory.columns 中映射 {shown}（情景未映射其中任何一列）",
        "map {shown} in inventory.columns (the scenario maps none of them)",
    ),
    "column_header": ("{column}（{header}）", "{column} ({header})"),
    "fill_empty": ("填写 {columns} 的空白单元格", "fill the empty cells of {columns}"),
    "or": ("或", "or "),
    "score_anyway": (
        "设置 evaluation.min_known_weight: {weight:.2f}（或 evaluation.missing: zero），"
        "按已有指标评价",
        "set evaluation.min_known_weight: {weight:.2f} (or evaluation.missing: zero) to "
        "score them on what they have",
    ),
    "fix_joiner": ("；", "; "),
    "did_you_mean": (
        "\n是否要将 {header} 映射为 {column}？（添加 inventory.columns.{column}: {header}；"
        "目前：{now}）",
        "\nDid you mean to map {header} → {column}? (add inventory.columns.{column}: "
        "{header}; now: {now})",
    ),
    "missing_everywhere": ("每宗地块均缺失", "missing for every parcel"),
    "same_everywhere": ("每宗地块均为 {value}", "{value} for every parcel"),
    "unused": (
        "\n注：{path}{where}：{year}年的取值在规划期{years}内不会用到。",
        "\nNote: {path}{where}: the value for {year} never applies in the horizon {years}.",
    ),
    "set_in": ("（设于 {file}:{line}）", " (set in {file}:{line})"),
}


def advice(prepared: Prepared, lang: str = "en") -> list[str]:
    """All warnings and suggestions for *prepared*, as printable lines in *lang*."""
    return [
        *not_industrial(prepared, lang),
        *unrated(prepared, lang),
        *unmapped(prepared, lang),
        *unused(prepared, lang),
    ]


def count_warnings(lines: list[str]) -> int:
    """Count the warnings and the suggestions to map a header among *lines* (either language)."""
    starts = (*WARNING, *ASK)
    return sum(line.lstrip().startswith(starts) for line in lines)


def _say(word: str, lang: str, /, **values: object) -> str:
    return pick(ADVICE[word], lang, **values)


#: Land uses named one by one in the note on land left out; the others are counted.
SHOWN_LAND_USES = 6


def not_industrial(prepared: Prepared, lang: str = "en") -> list[str]:
    """Say how many parcels and mu are left out as not industrial land, and by land use."""
    parcels = prepared.inventory.parcels
    out = ~industrial_land(parcels, prepared.scenario.inventory.industrial_land_uses)
    if not out.any():
        return []
    uses = pd.Series(parcels["land_use"].to_numpy()[out]).astype(str).value_counts()
    uses = uses.sort_index().sort_values(ascending=False, kind="stable")  # ties: by name
    counts = [
        _say("land_use_count", lang, use=use, count=count)
        for use, count in uses.iloc[:SHOWN_LAND_USES].items()
    ]
    if len(uses) > SHOWN_LAND_USES:
        rest = int(uses.iloc[SHOWN_LAND_USES:].sum())
        counts.append(_say("other_land_uses", lang, k=len(uses) - SHOWN_LAND_USES, count=rest))
    n, mu = int(out.sum()), float(parcels["area_mu"].to_numpy(float)[out].sum())
    every = n == len(parcels)
    lead = _say("left_out_all" if every else "left_out_some", lang, n=n)
    shown = joined(counts, lang)
    ending = _say("include_end_all" if every else "include_end", lang)
    return [
        _say("left_out", lang, lead=lead, mu=mu, shown=shown),
        _say("include", lang) + ending,
    ]


def unrated(prepared: Prepared, lang: str = "en") -> list[str]:
    """Say how many operating firms get no 亩均 score, why, and what to map or set."""
    scn, inv = prepared.scenario, prepared.inventory
    parcels = inv.parcels
    industrial = industrial_land(parcels, scn.inventory.industrial_land_uses)
    scores = evaluate(parcels, scn.evaluation, industrial=industrial)
    lines = []
    for group, (zh, en) in GROUPS.items():
        members = scores.group == group
        missing = members & np.isnan(scores.score)
        if not missing.any():
            continue
        formula = getattr(scn.evaluation, f"{group}_size")
        known = float(np.median(scores.known_weight[missing]))
        why = _why(scn.evaluation, known, lang)
        lines.append(
            _say(
                "unrated",
                lang,
                missing=int(missing.sum()),
                members=int(members.sum()),
                zh=zh,
                en=en,
                why=why,
            )
        )
        fix = _fix(prepared, formula.weights, missing, known, lang)
        lines.append(_say("to_rate", lang, fix=fix))
    return lines


def _why(evaluation, known: float, lang: str = "en") -> str:
    if evaluation.missing == "unrated":
        return _say("why_unrated", lang)
    return _say("why_weight", lang, known=known, least=evaluation.min_known_weight)


def _fix(
    prepared: Prepared,
    weights: dict[str, float],
    missing: np.ndarray,
    known: float,
    lang: str = "en",
) -> str:
    inv = prepared.inventory
    total = sum(weights.values())
    absent: dict[str, float] = {}
    empty: dict[str, float] = {}
    figures = figures_matrix(inv.parcels)
    for name, w in weights.items():
        if not np.isnan(values(figures, name)[missing]).any():
            continue
        for column in INDICATORS[name][:2]:
            if column not in inv.headers:
                absent[column] = absent.get(column, 0.0) + w / total
            elif inv.parcels[column].isna().to_numpy()[missing].any():
                empty[column] = empty.get(column, 0.0) + w / total
    parts = []
    if absent:
        cols = sorted(absent, key=lambda c: -absent[c])
        named = [
            _say("column_header", lang, column=c, header=BY_NAME[c].zh[0]) if BY_NAME[c].zh else c
            for c in cols
        ]
        parts.append(_say("map_columns", lang, shown=joined(named, lang)))
    if empty:
        parts.append(_say("fill_empty", lang, columns=joined(sorted(empty), lang)))
    weight = max(known - 0.005, 0)
    parts.append((_say("or", lang) if parts else "") + _say("score_anyway", lang, weight=weight))
    return _say("fix_joiner", lang).join(parts)


def unmapped(prepared: Prepared, lang: str = "en") -> list[str]:
    """Headers of the file that name a column the scenario does not map."""
    inv = prepared.inventory
    found = suggestions(inv.file_headers, inv.headers, name_encoding(inv.source, inv.encoding))
    return [
        _say("did_you_mean", lang, header=m.header, column=m.column, now=_default(m.column, lang))
        for m in found
    ]


def _default(column: str, lang: str = "en") -> str:
    default = BY_NAME[column].default
    if default is None or default != default:  # None or NaN
        return _say("missing_everywhere", lang)
    return _say("same_everywhere", lang, value=repr(default))


def unused(prepared: Prepared, lang: str = "en") -> list[str]:
    """Inherited yearly values the horizon never reaches (own ones are refused on load)."""
    scn = prepared.scenario
    source = scenario_source(scn)
    lines = []
    h = scn.horizon
    for path, _ in unused_years(scn):
        origin = source.origins.get(path) if source is not None else None
        where = (
            _say("set_in", lang, file=origin.file.name, line=origin.line)
            if origin is not None
            else ""
        )
        lines.append(
            _say(
                "unused",
                lang,
                path=dotted(path),
                where=where,
                year=path[-1],
                years=year_span(h.start, h.end, lang),
            )
        )
    return lines
