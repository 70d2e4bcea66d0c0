"""What ``landsim sensitivity`` prints: the swings and the indices, in Chinese or English.

Every word follows ``--lang``, as the charts do; the words are those of the charts
(:mod:`landsim.plots.labels`) and, for the console's own, :data:`landsim.plots.parameters.
SENSITIVITY`. Money is shown as the charts show it: 亿元 in Chinese, CNY bn in English.
"""

from __future__ import annotations

import math

import pandas as pd

from landsim.analysis.sensitivity import noisy_indices, oat_with_effect, sobol_with_effect
from landsim.cli.console import aligned
from landsim.plots.labels import joined
from landsim.plots.parameters import dropped_note, scale_of, sensitivity_text, unit_word

#: Columns between a row's parts.
GAP = 3
#: Most decimals an output is shown with.
MAX_DIGITS = 6


def print_sensitivity(tables: dict[str, pd.DataFrame], output: str, unit: str, lang: str) -> None:
    """Print the one-at-a-time swings and the Sobol' indices of *tables*.

    Parameters
    ----------
    tables
        ``"oat"`` and/or ``"sobol"`` tables, each with a ``label`` column.
    output
        The output's name in *lang*, e.g. "2035年产值（差值）".
    unit
        The output's unit as the long table writes it (万元, mu, …).
    lang
        ``"zh"`` or ``"en"``.
    """
    word = unit_word(unit, lang)
    heading = sensitivity_text("heading", lang, output=output)
    if word:
        heading += ("；" if lang == "zh" else "; ") + sensitivity_text("unit", lang, unit=word)
    print(heading)
    if "oat" in tables:
        t = tables["oat"]
        print("\n" + "\n".join(_oat_lines(t, oat_with_effect(t), scale_of(unit, lang), lang)))
    if "sobol" in tables:
        t = tables["sobol"]
        print("\n" + "\n".join(_sobol_lines(t, sobol_with_effect(t), lang)))


def _oat_lines(table: pd.DataFrame, shown: pd.DataFrame, scale: float, lang: str) -> list[str]:
    """Heading, the output at central values, one row a parameter with an effect, notes."""
    say = _say(lang)
    outputs = table[["output_low", "output_high", "output_central"]] / scale
    fmt = _output_format(outputs, shown["swing"] / scale)
    lines = [
        say("oat_heading"),
        say("oat_central", value=fmt(float(table["output_central"].iloc[0]) / scale)),
    ]
    values = "value_low" in table  # a table of one_at_a_time(); hand-made ones may lack it
    rows = [
        [
            r["label"],
            *([f"{_value(r['value_low'])} → {_value(r['value_high'])}"] if values else []),
            f"{fmt(r['output_low'] / scale)} → {fmt(r['output_high'] / scale)}",
            fmt(r["swing"] / scale),
        ]
        for _, r in shown.iterrows()
    ]
    keys = ["col_parameter", *(["col_values"] if values else []), "col_outputs", "col_swing"]
    lines += _columns([say(k) for k in keys], rows)
    if "quantile_low" in shown and _rounded(shown):
        lines += _in_brackets(say("oat_rounded"), lang)
    lines += _in_brackets(dropped_note(len(table) - len(shown), lang), lang)
    return lines


def _sobol_lines(table: pd.DataFrame, shown: pd.DataFrame, lang: str) -> list[str]:
    """Heading, one row a parameter with an effect, notes and the sampling-noise warning."""
    say = _say(lang)
    rows = [
        [r["label"], _fixed(r["first_order"], 3), _fixed(r["total_order"], 3)]
        for _, r in shown.iterrows()
    ]
    lines = [say("sobol_heading")]
    lines += _columns([say("col_parameter"), say("col_first"), say("col_total")], rows)
    lines += _in_brackets(dropped_note(len(table) - len(shown), lang), lang)
    noisy = noisy_indices(table)  # 0 ≤ S1 ≤ ST in theory; the same rule as the chart's
    if len(noisy):
        lines.append(say("sobol_noise", names=joined(list(noisy["label"]), lang)))
    return lines


def _say(lang: str):
    return lambda key, **values: sensitivity_text(key, lang, **values)


def _columns(heads: list[str], rows: list[list[str]]) -> list[str]:
    """*heads* and *rows* as lines, aligned by terminal columns (:func:`~.console.aligned`)."""
    return aligned([heads, *rows], gap=GAP)


def _rounded(table: pd.DataFrame) -> bool:
    """Whether the model rounded any value shown (a lag or a duration in whole years)."""
    low = table["value_low"] != table["quantile_low"]
    return bool((low | (table["value_high"] != table["quantile_high"])).any())


def _in_brackets(note: str, lang: str) -> list[str]:
    if not note:
        return []
    return [f"  （{note}）" if lang == "zh" else f"  ({note})"]


def _value(x: float) -> str:
    """Write a parameter's value briefly: 440,000; 980; 45.9; 2; 0.18; 0.0524."""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


def _output_format(values: pd.DataFrame, swings: pd.Series):
    """Format outputs with one decimal, or more for small ones (a share of 0.95).

    The smallest swing shown keeps a significant digit (a share moved by 0.0001 is not
    shown as a swing of 0.00), up to :data:`MAX_DIGITS` decimals.
    """
    digits = 1
    largest = float(values.abs().max().max())
    if 0 < largest < 10:
        digits = 2 - math.floor(math.log10(largest))
    moved = swings[swings > 0]
    if len(moved):
        digits = max(digits, 1 - math.floor(math.log10(float(moved.min()))))
    digits = min(digits, MAX_DIGITS)
    return lambda x: _fixed(x, digits)


def _fixed(x: float, digits: int) -> str:
    """Write *x* with *digits* decimals; a value that rounds to zero is 0, never −0.

    As the output bridge's labels do: a Sobol' index of −0.0004 reads 0.000, not -0.000.

    Examples
    --------
    >>> _fixed(-0.0004, 3), _fixed(-0.0006, 3), _fixed(1234.56, 1)
    ('0.000', '-0.001', '1,234.6')
    """
    return f"{round(float(x), digits) + 0.0:,.{digits}f}"  # + 0.0 turns −0.0 into 0.0
