"""Names and column headers of the workbook's raw sheets, in the scenario's language.

The raw tables' column names (``area_mu``) are the public contract: the CSV and Parquet
files, notebooks and ``docs/variables.md`` use them. A Chinese workbook labels each
column in Chinese and keeps the code name beneath it, in the same header cell::

    面积（亩）
    area_mu

One header row either way, so the frozen pane, the autofilter and Excel's sort treat
exactly one row as the header, and the filter lists show both names. A Chinese sheet is
named ``地块（parcels）``: the label, then the table's file name. English sheets and
headers are the code names (with units), as in the CSV files.

The labels come from the tables that already name these columns: the GIS layers' fields
(:data:`landsim.report.gis.FIELDS`), the brief's words (:mod:`landsim.plots.labels`) and
the inventory columns' usual Chinese headers (:data:`landsim.scenario.columns.COLUMNS`).
:data:`ZH` names only the columns none of them does.
"""

from __future__ import annotations

from landsim.plots.labels import t
from landsim.report.code_names import BESIDE, RELABELLED
from landsim.report.gis import FIELDS
from landsim.scenario.columns import COLUMNS

#: Units of the raw tables' columns, in the English headers (``area_mu (mu)``).
UNITS = {"area_mu": "mu", "value": "", "quota": "mu", "achieved": "mu", "missing": "mu"}

#: Chinese labels of the columns no other label table names (with units, as the brief's).
ZH: dict[str, str] = {
    # long, quantiles, probabilities
    "variable": "变量",
    "unit": "单位",
    "statistic": "统计量",
    "draws": "抽样次数",
    # parcels
    "industry_id": "行业编号",
    "score": "亩均评价得分",
    "static_rules": "低效认定规则",
    "industrial_land": "是否工业用地",
    "year_upgraded": "整治提升年份",
    "class_selected": "处置时评价等级",
    "year_ready": "整理完成年份",
    "year_transfer": "出让年份",
    "cost_wan_yuan": "腾退补偿或提升补助（万元）",
    "refusals": "权利人不同意年数",
    # shortfalls (the platform growth target is a ratio, not an area)
    "kind": "缺口类型",
    "item": "事项",
    "quota": "指标或目标（亩；增速为倍数）",
    "achieved": "完成（亩；增速为倍数）",
    "missing": "缺口（亩；增速为倍数）",
    "cause": "原因",
    "detail": "说明（英文）",
    "detail_zh": "说明（中文）",
    # projects
    "phase": "期次",
    "phase_id": "分期编号",
    "name_zh": "项目名称（中文）",
    "name_en": "项目名称（英文）",
    "area_needed": "所需面积（亩）",
    "due": "计划落地年份",
    "year_placed": "落地年份",
    "area_placed": "落地面积（亩）",
    "bridged_links": "跨路连通处数",
    "bridge_cost": "跨路连通费用（万元）",
    "reason": "未落地原因（英文）",
    "reason_zh": "未落地原因（中文）",
    "attempts": "各年尝试情况（英文）",
}

#: Chinese labels of columns that mean something else in one table: (table, column).
ZH_IN_TABLE: dict[tuple[str, str], str] = {
    ("projects", "status"): "落地情况",
    ("projects", "probability"): "实施概率",
}

#: Columns named by the brief's words: column → key of :mod:`landsim.plots.labels`.
WORDS = {
    "scenario": "col_scenario",
    "year": "year",
    "value": "col_value",
    "restricted": "restricted",
    "target": "target",
    "probability": "probability",
}

#: Chinese names of the raw sheets (the table's file name follows in brackets).
ZH_SHEETS = {
    "long": "逐年指标",
    "parcels": "地块",
    "shortfalls": "缺口",
    "projects": "重大项目",
    "quantiles": "分位数",
    "probabilities": "达标概率",
}

#: Excel's longest sheet name.
SHEET_CHARS = 31


def existing_labels() -> dict[str, str]:
    """Return the Chinese labels other tables give raw-table columns (column → label).

    The GIS layers' fields first (they label the same parcel results), then the brief's
    words, then the first usual header of an inventory column.
    """
    inventory = {c.name: c.zh[0] for c in COLUMNS if c.zh}
    words = {column: t(key, "zh") for column, key in WORDS.items()}
    gis = {f.column: f.zh for f in FIELDS}
    return {**inventory, **words, **gis}


def zh_label(table: str, column: str) -> str:
    """Return the Chinese label of *column* of *table*; the code name if it has none."""
    if (table, column) in ZH_IN_TABLE:
        return ZH_IN_TABLE[table, column]
    if column in RELABELLED:  # shown by name, not code (landsim.report.code_names)
        return RELABELLED[column]
    return existing_labels().get(column) or ZH.get(column, column)


def header(table: str, column: str, lang: str) -> str:
    """Return the header cell of a raw sheet's column.

    Parameters
    ----------
    table
        The table's name (``parcels``).
    column
        The column's code name (``area_mu``).
    lang
        ``"zh"``: the Chinese label, then the code name on a second line
        (``面积（亩）`` above ``area_mu``); a column a Chinese workbook adds
        (:data:`landsim.report.code_names.BESIDE`, ``指标``) is not in the CSV files:
        its label alone. ``"en"``: the code name and its unit (``area_mu (mu)``).
    """
    if lang == "zh" and column in BESIDE.values():
        return column
    if lang == "zh":
        return f"{zh_label(table, column)}\n{column}"
    return f"{column} ({UNITS[column]})" if UNITS.get(column) else column


def sheet_name(table: str, lang: str) -> str:
    """Return the sheet name of a raw table: ``地块（parcels）`` in Chinese, else its name."""
    if lang == "zh" and table in ZH_SHEETS:
        name = f"{ZH_SHEETS[table]}（{table}）"
        if len(name) <= SHEET_CHARS:
            return name
    return table[:SHEET_CHARS]
