"""The brief's tables as rows of text cells (header first), for the PDF and the Word file."""

from __future__ import annotations

from decimal import Decimal

from landsim.plots.labels import Words
from landsim.report.headline import Headline, TargetRow
from landsim.report.sentences import item_name, money, signed

Table = list[list[str]]


def targets_table(st: Words, h: Headline, ratio: float) -> Table:
    """✓/✗ by year for each target, as statistical bulletins print it."""
    header = [st.t("col_item"), *(str(y) for y in h.years), st.t("col_met")]
    rows = [header]
    for row in h.targets:
        rows += _target_rows(st, row, ratio)
        chances = h.probabilities.get(row.item)
        if chances:  # Monte Carlo: how often the draws meet it
            rows.append(
                [st.t("row_probability", n=h.draws), *(_or_dash(p, ".0%") for p in chances), ""]
            )
    return rows


def targets_title(st: Words, h: Headline) -> str:
    """Title of :func:`targets_table`: a Monte Carlo run's ✓/✗ are its central values'."""
    return st.t("targets_table_central" if h.draws > 1 else "targets_table")


def _or_dash(x: float, spec: str) -> str:
    """Write *x* in the format *spec*, or a dash where it has no value (NaN)."""
    return "—" if x != x else format(x, spec)


def _target_rows(st: Words, row: TargetRow, ratio: float) -> Table:
    met = st.t("met_count", met=sum(row.met), n=len(row.met))
    marks = ["✓" if m else "✗" for m in row.met]
    if row.item == "platform_growth":
        cells = [f"{m} {_or_dash(a, '.2f')}" for m, a in zip(marks, row.achieved, strict=True)]
        return [[st.t("row_platform_growth", ratio=ratio), *cells, met]]
    cells = [f"{m} {a:,.0f}" for m, a in zip(marks, row.achieved, strict=True)]
    name = item_name(st, row.item, ratio)
    if len(set(row.target)) == 1:
        label = st.t("row_target_mu", item=name, target=f"{row.target[0]:,.0f}")
        return [[label, *cells, met]]
    targets = [f"{t:,.0f}" for t in row.target]
    return [
        [st.t("row_target_varies", item=name), *cells, met],
        [st.t("row_target_values"), *targets, ""],
    ]


def figures_header(st: Words, h: Headline) -> list[str]:
    """Return the key figures' columns: item, base year, baseline and programme, gap."""
    return [
        st.t("col_item"),
        st.t("col_base", year=h.base_year),
        st.t("col_baseline", year=h.end),
        st.t("col_programme", year=h.end),
        st.t("col_difference"),
    ]


def figures_table(st: Words, h: Headline) -> Table:
    """Before (base year) and after (programme's end), baseline against programme."""
    rows = [figures_header(st, h)]
    for key, fmt in (
        ("output", "money"),
        ("tax", "money"),
        ("jobs", "count"),
        ("tax_per_mu", "per_mu"),
        ("output_per_mu", "per_mu"),
    ):
        values = [h.get(f"{key}|{p}") for p in ("base", "baseline", "programme")]
        if any(v is None for v in values):
            continue
        diff = values[2] - values[1]
        rows.append(
            [
                st.t(f"row_{key}"),
                *(_fmt(st, v, fmt) for v in values),
                _fmt(st, diff, fmt, sign=True),
            ]
        )
    return rows


def _fmt(st: Words, value: float, kind: str, sign: bool = False) -> str:
    if kind == "money":
        text = money(st, value)
    elif kind == "count":
        text = f"{abs(value):,.0f}"
    else:
        text = f"{abs(value):,.1f}"
    return signed(text, value, plus=sign)


def money_table(st: Words, h: Headline) -> Table:
    """Every public money item, summed over the run, with the net."""
    keys = ("compensation", "subsidy", "land_revenue", "net")
    header = [st.t(k) for k in keys]
    signs = {"compensation": -1.0, "subsidy": -1.0, "land_revenue": 1.0}
    cells = []
    for k in keys:
        value = (h.get(f"money|{k}") or 0.0) * signs.get(k, 1.0)
        cells.append(_fmt(st, value, "money", sign=True))
    return [header, cells]


def money_note(st: Words, table: Table) -> str | None:
    """Return the rounding note under :func:`money_table` when its parts miss its total.

    Each item is rounded on its own, so the rounded parts may differ from the rounded net
    by a unit of the last digit (−443.3 − 17.7 + 50.7 = −410.3 beside a net of −410.4).
    The numbers stay as they are; statistical tables then say so in a note
    (注：因四舍五入，分项之和与合计可能略有出入。).
    """
    *parts, total = (_shown(cell) for cell in table[1])
    return st.t("rounding_note") if sum(parts) != total else None


def _shown(cell: str) -> Decimal:
    """Read the number a cell shows ("−1,234.5", "+50.7", "0.0") exactly as written."""
    return Decimal(cell.replace("−", "-").replace(",", "").replace("+", ""))
