"""Units of the user's files and their conversion to landsim's canonical units.

Canonical units, used everywhere inside landsim: area in 亩 (mu), money in 万元
(10,000 yuan), electricity in MWh. Conversion happens once, when an inventory is loaded.
"""

from __future__ import annotations

from typing import Literal

#: 1 mu = 10,000 / 15 m² (15 mu make a hectare).
M2_PER_MU = 10_000.0 / 15.0
#: 万元 in one 亿元 (money is shown in 亿元 in charts, briefs and comparisons).
WAN_PER_YI = 1e4

Quantity = Literal["area", "money", "electricity"]

#: For each quantity: canonical unit, then every accepted spelling → factor to canonical.
UNITS: dict[str, tuple[str, dict[str, float]]] = {
    "area": (
        "mu",
        {
            "mu": 1.0,
            "亩": 1.0,
            "m2": 1.0 / M2_PER_MU,
            "m²": 1.0 / M2_PER_MU,
            "平方米": 1.0 / M2_PER_MU,
            "万平方米": 1e4 / M2_PER_MU,  # 10,000 m² (= 1 ha)
            "ha": 15.0,
            "公顷": 15.0,
            # hm² is how Chinese standards write the hectare (GB 3100-1993, 公顷).
            "hm2": 15.0,
            "hm²": 15.0,
            "km2": 1500.0,
            "km²": 1500.0,
            "平方公里": 1500.0,
            "平方千米": 1500.0,  # the standard name of 平方公里 (GB 3100-1993)
        },
    ),
    "money": (
        "wan_yuan",
        {
            "wan_yuan": 1.0,
            "万元": 1.0,
            "yuan": 1e-4,
            "元": 1e-4,
            "qian_yuan": 0.1,
            "千元": 0.1,
            "百万元": 100.0,  # 1,000,000 yuan, as company accounts state money
            "yi_yuan": 1e4,
            "亿元": 1e4,
        },
    ),
    "electricity": (
        "mwh",
        {
            "mwh": 1.0,
            "兆瓦时": 1.0,  # 兆 = mega (10⁶) in SI prefixes (GB 3100-1993): MWh
            "kwh": 1e-3,
            "千瓦时": 1e-3,
            "度": 1e-3,
            "wan_kwh": 10.0,
            "万千瓦时": 10.0,
            "万度": 10.0,
            "gwh": 1000.0,
            "吉瓦时": 1000.0,  # 吉 = giga (10⁹), GB 3100-1993: GWh
            "亿千瓦时": 1e5,  # 10⁸ kWh, how yearbooks state a district's electricity
        },
    ),
}

#: How each canonical unit is written in tables and on plot axes.
UNIT_LABELS = {
    "mu": {"en": "mu", "zh": "亩"},
    "wan_yuan": {"en": "10k yuan", "zh": "万元"},
    "yi_yuan": {"en": "100m yuan", "zh": "亿元"},
    "mwh": {"en": "MWh", "zh": "兆瓦时"},
}


def factor(quantity: str, unit: str) -> float:
    """Return the factor that converts *unit* to the canonical unit of *quantity*.

    Parameters
    ----------
    quantity
        ``"area"``, ``"money"`` or ``"electricity"``.
    unit
        Any accepted spelling, English or Chinese, case-insensitive (``"ha"``, ``"万元"``).

    Raises
    ------
    KeyError
        If the unit is not known for that quantity.

    Examples
    --------
    >>> factor("area", "ha")
    15.0
    >>> factor("money", "亿元")
    10000.0
    """
    table = UNITS[quantity][1]
    key = unit.strip().lower()
    if key not in table:
        raise KeyError(unit)
    return table[key]


def accepted(quantity: str) -> list[str]:
    """List the unit spellings accepted for *quantity*."""
    return list(UNITS[quantity][1])
