"""The parcel column reference (地块表字段): one definition per canonical column.

This table is the single source of truth for inventory columns. The loader uses it to
cast types, convert units and fill defaults; validation uses it for required columns and
allowed values; ``docs/columns.md`` is rendered from it (:func:`render_markdown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Dtype = Literal["str", "float", "int", "bool", "category"]


@dataclass(frozen=True)
class Column:
    """One canonical inventory column.

    Attributes
    ----------
    name
        Canonical name used in scenarios and code.
    dtype
        ``str``, ``float``, ``int``, ``bool`` or ``category``.
    unit
        Canonical unit after loading ("" if none).
    quantity
        ``"area"``, ``"money"`` or ``"electricity"`` if the column is converted from the
        user's declared unit, else ``None``.
    required
        Whether the file must have the column.
    default
        Value used when an optional column is absent or a cell is empty.
    meaning
        What the column holds.
    zh
        Usual Chinese headers; used only to suggest a mapping (``landsim init``, ``landsim
        validate``), never to map silently.
    choices
        For ``category`` columns: canonical values and their accepted spellings.
    minimum
        Smallest allowed value and whether it is exclusive (e.g. area > 0).
    en
        Usual English headers besides the canonical name; used like *zh*.
    """

    name: str
    dtype: Dtype
    unit: str
    quantity: str | None
    required: bool
    default: object
    meaning: str
    zh: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    minimum: tuple[float, bool] | None = None
    en: tuple[str, ...] = ()


STATUS = {
    "operating": ("operating", "在产", "正常生产", "生产", "运营"),
    "idle": ("idle", "闲置", "停产", "空置", "批而未用"),
    "under_construction": ("under_construction", "在建", "建设中"),
}
SIZE = {
    "above": ("above", "规上", "规模以上", "yes", "是"),
    "below": ("below", "规下", "规模以下", "no", "否"),
}
BOOL = {
    "true": ("true", "yes", "1", "是", "y", "t"),
    "false": ("false", "no", "0", "否", "n", "f"),
}

#: Output above which a firm with no size class given counts as 规上 (2,000 万元 of revenue
#: is the statistical threshold for 规模以上工业企业).
ABOVE_SIZE_REVENUE = 2000.0

COLUMNS: tuple[Column, ...] = (
    # identity
    Column(
        "parcel_id",
        "str",
        "",
        None,
        True,
        None,
        "Unique parcel id.",
        ("地块编号", "宗地编号", "地块代码", "宗地代码", "地块号", "宗地号"),
        en=("parcel id", "parcel no", "plot id", "id"),
    ),
    Column(
        "platform",
        "str",
        "",
        None,
        True,
        None,
        "Platform (平台) id, name or alias from the scenario's `platforms`; parcels outside "
        "the four platforms belong to the scenario's non-platform entry (e.g. `other`).",
        ("所属平台", "平台", "所属园区", "园区", "功能区"),
        en=("zone", "park"),
    ),
    Column(
        "town",
        "str",
        "",
        None,
        False,
        "",
        "Town or sub-district (镇街), or a named area in a platform.",
        ("镇街", "所属镇街", "街道", "乡镇", "所在镇街"),
        en=("township", "street"),
    ),
    # land
    Column(
        "area_mu",
        "float",
        "mu",
        "area",
        True,
        None,
        "Land area of the parcel.",
        ("用地面积", "占地面积", "宗地面积", "土地面积", "地块面积", "面积"),
        minimum=(0.0, True),
        en=("area", "land area", "site area"),
    ),
    Column(
        "land_use",
        "str",
        "",
        None,
        False,
        "industrial",
        "Land use class (用地性质). A parcel whose land use is not one of the scenario's "
        "`inventory.industrial_land_uses` (by default industrial, 工业用地, M1, 0601 and other "
        "spellings of industrial land) is left out of the programme: never selected, not "
        "scored; an empty cell is industrial.",
        ("用地性质", "用途", "土地用途", "用地类型"),
        en=("land use", "landuse"),
    ),
    Column(
        "far",
        "float",
        "",
        None,
        False,
        float("nan"),
        "Floor-area ratio (容积率).",
        ("容积率",),
        minimum=(0.0, True),
        en=("floor area ratio", "plot ratio"),
    ),
    Column(
        "status",
        "category",
        "",
        None,
        False,
        "operating",
        "Operating, idle (闲置/停产) or under construction (在建).",
        ("状态", "生产状态", "使用状态", "经营状态", "企业状态"),
        choices=STATUS,
        en=("state",),
    ),
    Column(
        "lease_end_year",
        "int",
        "year",
        None,
        False,
        None,
        "Year the land-use right ends.",
        ("出让到期年份", "土地到期年份", "到期年份"),
        en=("lease end", "lease end year"),
    ),
    # industry
    Column(
        "industry",
        "str",
        "",
        None,
        True,
        None,
        "Current industry; matched to the scenario's `existing_industries` by id, name or alias.",
        ("行业", "所属行业", "行业类别", "行业名称", "产业", "产业类别"),
        en=("sector",),
    ),
    Column(
        "size_class",
        "category",
        "",
        None,
        False,
        None,
        "规上 (above) or 规下 (below) statistical size. "
        "If absent: above when revenue ≥ 2,000 万元.",
        ("规上规下", "企业规模", "是否规上", "规模"),
        choices=SIZE,
        en=("size", "size class"),
    ),
    # money and activity (per year, base year)
    Column(
        "output",
        "float",
        "wan_yuan",
        "money",
        True,
        None,
        "Annual output (产值). May be empty for idle or building parcels (read as 0).",
        ("产值", "工业总产值", "总产值"),
        minimum=(0.0, False),
        en=("output value", "gross output"),
    ),
    Column(
        "tax",
        "float",
        "wan_yuan",
        "money",
        True,
        None,
        "Annual tax paid (税收). May be empty for idle or building parcels (read as 0).",
        ("税收", "实缴税金", "税收收入", "税收总额", "实缴税收", "入库税收", "纳税额"),
        minimum=(0.0, False),
        en=("taxes", "tax paid"),
    ),
    Column(
        "value_added",
        "float",
        "wan_yuan",
        "money",
        False,
        float("nan"),
        "Annual value added (增加值).",
        ("增加值", "工业增加值"),
        minimum=(0.0, False),
        en=("value added", "va"),
    ),
    Column(
        "revenue",
        "float",
        "wan_yuan",
        "money",
        False,
        float("nan"),
        "Annual revenue (营业收入); defaults to output.",
        ("营业收入", "主营业务收入", "销售收入"),
        minimum=(0.0, False),
        en=("sales", "turnover"),
    ),
    Column(
        "rd_spending",
        "float",
        "wan_yuan",
        "money",
        False,
        float("nan"),
        "R&D spending (研发经费).",
        ("研发经费", "研发投入", "R&D经费", "研发费用"),
        minimum=(0.0, False),
        en=("r&d", "rd", "r&d spending"),
    ),
    Column(
        "energy_tce",
        "float",
        "tce",
        None,
        False,
        float("nan"),
        "Energy use in tonnes of coal equivalent.",
        ("综合能耗", "能耗", "总能耗"),
        minimum=(0.0, False),
        en=("energy", "energy use"),
    ),
    Column(
        "electricity",
        "float",
        "mwh",
        "electricity",
        False,
        float("nan"),
        "Electricity use (用电量).",
        ("用电量", "总用电量", "电耗"),
        minimum=(0.0, False),
        en=("power use", "electricity use"),
    ),
    Column(
        "emissions_t",
        "float",
        "t",
        None,
        False,
        float("nan"),
        "Main pollutant emissions (排放当量), tonnes.",
        ("排放量", "主要污染物排放量", "排污当量", "排放当量"),
        minimum=(0.0, False),
        en=("emissions",),
    ),
    Column(
        "employees",
        "float",
        "persons",
        None,
        False,
        float("nan"),
        "Average employees (从业人员).",
        ("从业人员", "员工人数", "就业人数", "职工人数", "从业人数"),
        minimum=(0.0, False),
        en=("staff", "workers", "jobs"),
    ),
    # location and restrictions
    Column(
        "x",
        "float",
        "m",
        None,
        False,
        float("nan"),
        "Easting of the parcel centroid (projected metres).",
        ("X坐标", "x坐标", "横坐标", "经度"),
        en=("easting", "lon", "longitude", "x coordinate"),
    ),
    Column(
        "y",
        "float",
        "m",
        None,
        False,
        float("nan"),
        "Northing of the parcel centroid (projected metres).",
        ("Y坐标", "y坐标", "纵坐标", "纬度"),
        en=("northing", "lat", "latitude", "y coordinate"),
    ),
    Column(
        "restricted",
        "bool",
        "",
        None,
        False,
        False,
        "True for protected or already committed parcels that must never be selected.",
        ("保护", "限制", "是否保护"),
        choices=BOOL,
        en=("protected",),
    ),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
MONEY_COLUMNS = tuple(c.name for c in COLUMNS if c.quantity == "money")


def render_markdown() -> str:
    """Render the column reference as a Markdown table (for ``docs/columns.md``)."""
    rows = [
        "| column | type | unit | required | default | meaning | usual headers |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in COLUMNS:
        unit = c.unit + (f" (converted from `units.{c.quantity}`)" if c.quantity else "")
        default = "" if c.required else _fmt_default(c.default)
        meaning = c.meaning
        if c.choices:
            meaning += (
                " Values: "
                + "; ".join(f"`{k}` ({', '.join(v[1:])})" for k, v in c.choices.items())
                + "."
            )
        if c.minimum is not None:
            meaning += f" Must be {'>' if c.minimum[1] else '≥'} {c.minimum[0]:g}."
        rows.append(
            f"| `{c.name}` | {c.dtype} | {unit} | {'yes' if c.required else 'no'} | {default} "
            f"| {meaning} | {', '.join((*c.zh, *c.en))} |"
        )
    return "\n".join(rows) + "\n"


def _fmt_default(value: object) -> str:
    if value is None or value == "":
        return "empty (missing)" if value is None else "empty"
    if isinstance(value, float) and value != value:
        return "empty (missing)"
    return f"`{value}`"
