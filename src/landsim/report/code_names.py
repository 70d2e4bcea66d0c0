"""What a Chinese workbook's raw sheets show for the tables' codes: their Chinese names.

The tables hold codes (``vacate``, ``district``, ``granularity``, ``True``), and the CSV
and Parquet files keep them: they are the machine-readable contract. A Chinese workbook
is read by people, so its raw sheets show each categorical code in Chinese (``腾退``,
``全区``, ``地块面积无法拆分``, ``是``). Codes people search for or join on stay as they
are: parcel ids, the long table's variable names, industry ids beside the industry's
name (but ``(unlisted)``, an industry the scenario does not list), project and phase ids
beside the project's name, cluster ids. Beside ``variable``,
the workbook adds a column with each variable's Chinese name (:data:`BESIDE`: ``指标``);
it is not in the CSV files, so its header has no code name under it.

Each name comes from the one table that already gives it: the scenario's names of
platforms, existing industries (the parcel's ``industry``, by the one it matched, so that
``新材料（存量企业）`` is not the new use ``新材料``), target industries and major projects
(:func:`landsim.model.codes.use_name`); treatments (:mod:`landsim.engine.details`);
shortfall causes and items, units and the median (:mod:`landsim.plots.labels`); variables
(:mod:`landsim.accounting.variables`); statuses, size classes and true/false as
inventories spell them in Chinese (:mod:`landsim.scenario.columns`). :data:`NEW` names
only the codes none of them does, and :data:`LAND_USES` the land-use codes.

A column is named once per distinct code (:func:`named`, with ``pd.factorize``), so a
100,000-row sheet costs a few array operations, not a Python call per cell. A code with
no name (a platform the scenario no longer has) is shown as it is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd

from landsim.accounting.variables import QUANTITY_LABELS, label, new_use_variable
from landsim.engine.details import treatment_name
from landsim.model.codes import PROJECT_PREFIX, NewUse, use_name
from landsim.model.compile import UNLISTED
from landsim.plots.labels import Words, cause
from landsim.report.sentences import item_name
from landsim.scenario import Scenario
from landsim.scenario.columns import BOOL, BY_NAME, SIZE, STATUS

#: A function from a code to its Chinese name.
Namer = Callable[[Hashable], str]

#: Chinese names of the codes no other table names.
NEW: dict[str, str] = {
    # static_rules: the rules that flag a parcel as inefficient land (joined with ；), with
    # the scenario's classes and floor-area ratio (candidates.classes, far_below)
    "rule:class": "亩均评价{classes}类",
    "rule:far": "容积率低于{far:g}",
    "rule:idle": "闲置",
    "rule:exit": "退出类行业",
    # parcels' industry_id of an industry the scenario does not list (ids are kept)
    "industry:unlisted": "（未列入情景）",
    # shortfalls' kind (a target is 目标, as in the briefs)
    "kind:quota": "指标",
    # projects' status
    "status:placed": "已落地",
    "status:failed": "未落地",
    # the unit of ratios and growth rates (0.05 is 5 %)
    "unit:1": "比值",
    # quantiles' statistic (p50 is the median, 中位数, as in the charts)
    "statistic:mean": "平均值",
    "statistic:percentile": "第{n}百分位数",
}

#: Chinese names of the land-use codes that count as industrial land by default
#: (``inventory.industrial_land_uses``; the Chinese spellings there are shown as they
#: are): the English word, GB 50137-2011's M codes (M0, 新型产业用地, as local standards
#: add it), GB/T 21010-2017's 0601, and the 国土空间 用地用海分类 codes 1001 and
#: 100101–100103. A standard's code stays in brackets after its name: M1 and 100101 are
#: both 一类工业用地, in two classifications.
LAND_USES: dict[str, str] = {
    "industrial": "工业用地",
    "m": "工业用地（M）",
    "m0": "新型产业用地（M0）",
    "m1": "一类工业用地（M1）",
    "m2": "二类工业用地（M2）",
    "m3": "三类工业用地（M3）",
    "0601": "工业用地（0601）",
    "1001": "工业用地（1001）",
    "100101": "一类工业用地（100101）",
    "100102": "二类工业用地（100102）",
    "100103": "三类工业用地（100103）",
}

#: Columns kept as codes, with a column added after each: code column → added column's label.
BESIDE: dict[str, str] = {"variable": "指标"}

#: Columns shown by name whose code-only label (the GIS field's, ``所属平台（编号）``) would
#: be wrong in a Chinese workbook: labelled by the inventory's usual Chinese header instead.
RELABELLED: dict[str, str] = {"platform": BY_NAME["platform"].zh[0]}


def in_chinese(table: str, frame: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Return *table*'s *frame* as a Chinese workbook shows it; *frame* is not changed.

    Categorical code columns hold Chinese names; each column of :data:`BESIDE` is kept and
    followed by its Chinese names, under the label :data:`BESIDE` gives.
    """
    namers = _namers(table, scenario)
    shown = frame.copy(deep=False)
    for column in frame.columns:
        if column in namers:
            shown[column] = named(frame[column], namers[column])
    if "industry" in frame.columns and "industry_id" in frame.columns:
        shown["industry"] = _industry(frame["industry"], frame["industry_id"], scenario)
    for column, beside in BESIDE.items():
        if column in frame.columns:
            at = shown.columns.get_loc(column) + 1
            shown.insert(at, beside, named(frame[column], _beside(column, scenario)))
    return shown


def named(column: pd.Series, namer: Namer) -> pd.Series:
    """Return *column*'s Chinese names: *namer* is called once per distinct value.

    Missing values stay missing; the result is text (``object``), on *column*'s index.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    names = np.asarray([*(namer(u) for u in uniques), None], dtype=object)
    return pd.Series(names[codes], index=column.index, name=column.name, dtype=object)


def _namers(table: str, scenario: Scenario) -> dict[str, Namer]:
    """Return the namer of each column of *table* shown in Chinese."""
    zh = Words("zh")
    ratio = scenario.targets.platform_growth_ratio

    def item(code: Hashable) -> str:
        return _or_code(lambda c: item_name(zh, str(c), ratio), code)

    namers: dict[str, Namer] = {
        "platform": _platform(scenario),
        "unit": _unit,
        "statistic": _statistic,
        "status": _project_status if table == "projects" else _spelled(STATUS),
        "size_class": _spelled(SIZE),
        "industry_id": lambda code: NEW["industry:unlisted"] if code == UNLISTED else str(code),
        "static_rules": _rules(scenario),
        "restricted": _yes_no,
        "contiguous": _yes_no,
        "industrial_land": _yes_no,
        "land_use": _land_use,
        "treatment": lambda code: treatment_name(str(code))[0],
        "project": lambda code: _use(scenario, f"{PROJECT_PREFIX}{code}") if code else "",
        "new_use": lambda code: _use(scenario, str(code)),
        "kind": lambda code: NEW.get(f"kind:{code}") or _or_code(zh.t, code),
        "item": item,
        "target": item,
        "cause": lambda code: cause(str(code), "zh"),
    }
    if table == "projects":  # the project's id, with its Chinese name beside (name_zh)
        del namers["project"]
    return namers


def _beside(column: str, scenario: Scenario) -> Namer:
    """Return the namer of the column added beside *column* (a key of :data:`BESIDE`)."""
    if column != "variable":
        raise KeyError(column)
    return lambda code: _variable(scenario, str(code))


def _variable(scenario: Scenario, code: str) -> str:
    """Return a variable's Chinese name; a new use's contribution names the use."""
    quantity, _, use = code.partition("|programme|new|")
    if use and quantity in QUANTITY_LABELS:
        return new_use_variable(quantity, _use(scenario, use)).zh
    return label(code, "zh")


def _platform(scenario: Scenario) -> Namer:
    names = {pid: p.name.zh for pid, p in scenario.platforms.items()}
    names.setdefault("district", Words("zh").t("district"))
    return lambda code: names.get(str(code), str(code))


def _use(scenario: Scenario, code: str) -> str:
    """Return a new use's name (``new_materials``, ``project:<id>``, ``relocation``)."""
    return _or_code(lambda c: use_name(scenario, NewUse.parse(c), "zh"), code)


def _industry(industry: pd.Series, ids: pd.Series, scenario: Scenario) -> pd.Series:
    """Return each parcel's industry by the scenario's Chinese name of the one it matched.

    An existing industry and a target industry may share a name in the inventory (新材料
    firms, and 新材料 the new use): the scenario names the existing one apart
    (``新材料（存量企业）``), so a filter on the sheet does not mix them. An industry the
    scenario does not list, or lists without a name, keeps the inventory's text.
    """
    names = {iid: ind.name.zh for iid, ind in scenario.existing_industries.items() if ind.name}
    listed = named(ids, lambda code: names.get(str(code))).to_numpy()
    text = industry.to_numpy(dtype=object, copy=True)
    text[pd.isna(text)] = None  # missing stays missing, as :func:`named` leaves it
    shown = np.where(pd.isna(listed), text, listed)
    return pd.Series(shown, index=industry.index, name=industry.name, dtype=object)


def _land_use(code: Hashable) -> str:
    """Name a land-use code (``industrial``, ``M1``); other spellings are shown as they are."""
    text = str(code)
    return LAND_USES.get(unicodedata.normalize("NFKC", text).strip().casefold(), text)


def _unit(code: Hashable) -> str:
    units = {"mu": "mu", "persons": "persons"}  # keys of plots.labels
    if code in units:
        return Words("zh").t(units[str(code)])
    return NEW.get(f"unit:{code}", str(code))


def _statistic(code: Hashable) -> str:
    text = str(code)
    if text == "p50":
        return Words("zh").t("median")
    if text.startswith("p") and text[1:].isdigit():
        return NEW["statistic:percentile"].format(n=int(text[1:]))
    return NEW.get(f"statistic:{text}", text)


def _project_status(code: Hashable) -> str:
    return NEW.get(f"status:{code}", str(code))


def _rules(scenario: Scenario) -> Namer:
    """Name the rules that flag a parcel: ``class;far`` → ``亩均评价C、D类；容积率低于1``."""
    spec = scenario.candidates
    values = {"classes": "、".join(spec.classes), "far": spec.far_below or 0.0}
    rules = {r: NEW[f"rule:{r}"].format(**values) for r in ("class", "far", "idle", "exit")}

    def name(code: Hashable) -> str:
        text = str(code)
        return "；".join(rules.get(r, r) for r in text.split(";")) if text else ""

    return name


def _yes_no(value: Hashable) -> str:
    return _chinese(BOOL["true" if value else "false"], str(value))


def _spelled(choices: dict[str, tuple[str, ...]]) -> Namer:
    """Name a category code by its first Chinese spelling among the inventory's choices."""
    return lambda code: _chinese(choices.get(str(code), ()), str(code))


def _chinese(spellings: tuple[str, ...], code: str) -> str:
    """Return the first spelling that is not ASCII (the Chinese one), else *code*."""
    return next((s for s in spellings if not s.isascii()), code)


def _or_code(namer: Callable[[str], str], code: Hashable) -> str:
    """Return *namer*'s name of *code*, or the code itself when no table names it."""
    try:
        return namer(str(code))
    except KeyError:
        return str(code)
