"""Every assumption behind the synthetic Xiaoshan inventory, as data.

Nothing here is observed data. Figures are chosen to be plausible against the public
figures in ``shared/DOMAIN.md`` (≈ 120,000 mu of industrial land; firms cleared in
phases below 2, 3 and 5 万元/亩 of tax; 规上 亩均税收 benchmarks of ≈ 24–37 万元/亩).
``docs/synthetic-inventory.md`` is rendered from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    """An existing industry's per-mu profile at full operation (medians)."""

    key: str
    zh: str
    output_per_mu: float  # 万元/亩
    tax_rate: float  # tax / output
    va_rate: float  # value added / output
    energy_per_output: float  # tce per 万元
    output_per_worker: float  # 万元 per person
    rd_share: float  # R&D / revenue
    far: tuple[float, float]  # typical FAR range
    traditional: bool


INDUSTRIES: tuple[Industry, ...] = (
    Industry("textiles", "化纤纺织", 380, 0.030, 0.20, 0.12, 90, 0.010, (0.7, 1.5), True),
    Industry("dyeing", "印染", 300, 0.028, 0.22, 0.25, 70, 0.006, (0.6, 1.3), True),
    Industry("auto_parts", "汽车零部件", 520, 0.045, 0.24, 0.04, 110, 0.030, (0.9, 1.8), True),
    Industry("steel_structures", "钢结构", 420, 0.028, 0.18, 0.06, 120, 0.008, (0.5, 1.2), True),
    Industry("building_materials", "建材", 260, 0.032, 0.22, 0.30, 80, 0.005, (0.5, 1.2), True),
    Industry("down", "羽绒", 330, 0.028, 0.18, 0.03, 60, 0.008, (0.8, 1.6), True),
    Industry("machinery", "机械装备", 450, 0.042, 0.25, 0.04, 100, 0.025, (0.8, 1.7), True),
    Industry("hardware", "五金", 280, 0.032, 0.20, 0.05, 70, 0.010, (0.7, 1.5), True),
    Industry("logistics", "仓储物流", 110, 0.045, 0.30, 0.01, 50, 0.002, (0.5, 1.3), True),
    Industry("electronics", "电子信息", 650, 0.050, 0.25, 0.02, 130, 0.050, (1.2, 2.2), False),
    Industry("new_materials", "新材料", 600, 0.048, 0.24, 0.08, 160, 0.040, (1.0, 1.8), False),
    Industry("biomedicine", "生物医药", 500, 0.085, 0.40, 0.03, 140, 0.080, (1.2, 2.0), False),
    Industry("vision_3d", "视觉智能", 580, 0.060, 0.32, 0.02, 120, 0.090, (1.3, 2.4), False),
)


@dataclass(frozen=True)
class Zone:
    """A platform's sub-area or a town: where its blocks sit and what it makes.

    ``share`` is the zone's share of the district's industrial land. The platforms' shares
    are set so that the four platforms hold about 40 % of the district's value added in the
    base year: "八大兵团" held 40.3 % of Xiaoshan's 规上工业增加值 in 2022 (萧山区2023年政府
    工作报告, 2023-02-13). Their share of industrial land is not public (an assumption: about
    31 %, so that their value added per mu is above the towns').
    """

    platform: str  # Chinese platform name as it appears in the inventory
    town: str
    share: float  # share of the district's industrial mu
    centre_km: tuple[float, float]
    old_share: float  # share of blocks that are old, low-yield industrial areas
    mix: dict[str, float]  # industry key → weight


PLATFORM_NAMES = {
    "qianjiang": "钱江世纪城",
    "airport": "临空经济示范区",
    "etdz": "萧山经济技术开发区",
    "xianghu": "湘湖·萧滨合作区",
    "other": "其他镇街",
}
_P = PLATFORM_NAMES
_TOWN_MIX = {
    "textiles": 22,
    "dyeing": 7,
    "down": 6,
    "steel_structures": 10,
    "building_materials": 10,
    "hardware": 12,
    "auto_parts": 11,
    "machinery": 10,
    "logistics": 7,
    "electronics": 3,
    "new_materials": 2,
}
_ETDZ_MIX = {
    "auto_parts": 18,
    "machinery": 14,
    "electronics": 15,
    "new_materials": 15,
    "biomedicine": 7,
    "textiles": 10,
    "steel_structures": 6,
    "hardware": 6,
    "logistics": 5,
    "dyeing": 2,
    "building_materials": 2,
}

ZONES: tuple[Zone, ...] = (
    Zone(
        _P["qianjiang"],
        "宁围街道",
        0.005,
        (0.0, 11.0),
        0.2,
        {
            "electronics": 40,
            "biomedicine": 20,
            "machinery": 10,
            "logistics": 10,
            "hardware": 10,
            "textiles": 10,
        },
    ),
    Zone(
        _P["qianjiang"],
        "盈丰街道",
        0.003,
        (-3.0, 12.0),
        0.2,
        {"electronics": 40, "biomedicine": 20, "machinery": 10, "logistics": 15, "hardware": 15},
    ),
    Zone(
        _P["airport"],
        "靖江街道",
        0.017,
        (16.0, 7.0),
        0.35,
        {
            "logistics": 30,
            "machinery": 15,
            "auto_parts": 15,
            "textiles": 10,
            "down": 8,
            "electronics": 12,
            "new_materials": 10,
        },
    ),
    Zone(
        _P["airport"],
        "南阳街道",
        0.017,
        (12.0, 9.0),
        0.40,
        {
            "logistics": 20,
            "machinery": 15,
            "auto_parts": 15,
            "textiles": 15,
            "down": 10,
            "electronics": 10,
            "new_materials": 8,
            "hardware": 7,
        },
    ),
    Zone(_P["etdz"], "江南科技城", 0.026, (-1.0, 6.0), 0.30, _ETDZ_MIX),
    Zone(
        _P["etdz"],
        "信息港小镇",
        0.014,
        (3.0, 8.0),
        0.15,
        {
            "electronics": 45,
            "biomedicine": 10,
            "machinery": 15,
            "new_materials": 15,
            "auto_parts": 15,
        },
    ),
    Zone(
        _P["etdz"],
        "机器人小镇",
        0.020,
        (7.0, 6.0),
        0.25,
        {
            "machinery": 35,
            "auto_parts": 25,
            "electronics": 15,
            "hardware": 10,
            "steel_structures": 15,
        },
    ),
    Zone(
        _P["etdz"],
        "绿色智造产业新城",
        0.039,
        (22.0, 9.0),
        0.35,
        {**_ETDZ_MIX, "textiles": 22, "dyeing": 6},
    ),
    Zone(
        _P["xianghu"],
        "湘湖未来产业社区",
        0.011,
        (-7.0, 3.0),
        0.35,
        {
            "vision_3d": 30,
            "electronics": 15,
            "machinery": 15,
            "new_materials": 10,
            "textiles": 10,
            "hardware": 10,
            "logistics": 10,
        },
    ),
    Zone(
        _P["xianghu"],
        "萧滨区块",
        0.011,
        (-10.0, 6.0),
        0.45,
        {
            "vision_3d": 10,
            "electronics": 10,
            "machinery": 15,
            "textiles": 20,
            "hardware": 20,
            "building_materials": 10,
            "logistics": 15,
        },
    ),
    Zone(_P["other"], "瓜沥镇", 0.065, (16.0, 1.0), 0.55, _TOWN_MIX),
    Zone(_P["other"], "衙前镇", 0.040, (8.0, 1.0), 0.55, {**_TOWN_MIX, "textiles": 45}),
    Zone(_P["other"], "党湾镇", 0.035, (21.0, 3.0), 0.55, _TOWN_MIX),
    Zone(_P["other"], "新塘街道", 0.030, (4.0, -1.0), 0.55, {**_TOWN_MIX, "down": 40}),
    Zone(_P["other"], "义桥镇", 0.030, (-9.0, -6.0), 0.55, _TOWN_MIX),
    Zone(
        _P["other"], "临浦镇", 0.040, (-2.0, -12.0), 0.55, {**_TOWN_MIX, "building_materials": 20}
    ),
    Zone(_P["other"], "所前镇", 0.025, (-4.0, -6.0), 0.55, _TOWN_MIX),
    Zone(_P["other"], "进化镇", 0.020, (0.0, -18.0), 0.60, _TOWN_MIX),
    Zone(_P["other"], "戴村镇", 0.020, (-8.0, -14.0), 0.60, _TOWN_MIX),
    Zone(_P["other"], "河上镇", 0.015, (-12.0, -17.0), 0.60, _TOWN_MIX),
    Zone(_P["other"], "浦阳镇", 0.015, (-6.0, -19.0), 0.60, _TOWN_MIX),
    Zone(_P["other"], "楼塔镇", 0.010, (-12.0, -22.0), 0.60, _TOWN_MIX),
    Zone(_P["other"], "闻堰街道", 0.015, (-12.0, 1.0), 0.50, _TOWN_MIX),
)


@dataclass(frozen=True)
class Layout:
    """Street grid and plot subdivision."""

    block_w: tuple[float, float] = (260.0, 620.0)  # block width range, m
    block_h: tuple[float, float] = (240.0, 560.0)  # block height range, m
    road: tuple[float, float] = (35.0, 60.0)  # arterial roads between blocks: break contiguity
    skip_block: float = 0.12  # share of grid cells that are not industrial (parks, housing)
    lane_width: float = 8.0  # internal lanes inside a block: bridged by the tolerance
    lane_prob: float = 0.25  # chance a split of a plot above 60 mu leaves a lane
    inset: tuple[float, float] = (0.5, 2.5)  # survey gap per side, m
    plot_median_mu: float = 22.5
    plot_sigma: float = 0.85
    min_plot_mu: float = 1.5
    split_fraction: tuple[float, float] = (0.35, 0.65)


@dataclass(frozen=True)
class Firms:
    """Firm-level variation around the industry profiles."""

    firm_sigma: float = 0.75  # log-sd of output per mu between firms of one industry
    block_sigma: float = 0.35  # log-sd of a block's common factor
    old_block_factor: float = 0.55  # old industrial blocks yield less
    old_block_far: float = 0.85  # ... and are built lower
    small_plot_mu: float = 8.0  # plots below this yield less
    small_plot_factor: float = 0.75
    tax_sigma: float = 0.35
    zero_tax_share: float = 0.04  # loss-making or exempt firms paying almost no tax
    idle_share: tuple[float, float] = (0.02, 0.07)  # new blocks, old blocks
    construction_share: float = 0.015  # parcels under construction (new industries only)
    restricted_share: float = 0.02  # protected or committed parcels
    missing_below: dict[str, float] | None = None  # share of 规下 firms missing a field
    missing_above_rd: float = 0.02


@dataclass(frozen=True)
class ClearOut:
    """Xiaoshan's 2022–2024 clear-out of low-yield firms, as it stands in the base year 2023.

    Xiaoshan cleared out firms whose tax per mu was below 2, then 3, then 5 万元/亩
    (Zhejiang Daily, 2022-04-21); the base year 2023 lies after the first two phases. Most
    firms below the second threshold are gone: their land waits in the government's
    reserve (idle), is already under construction for new projects, or the firm was
    rectified in place and now pays more. The shares are assumptions (no public count of
    firms left below each threshold was found).
    """

    threshold: float = 3.0  # 万元/亩 of tax: the 2023 phase
    cleared_share: float = 0.9  # of operating firms below it, cleared by the base year
    idle: float = 0.4  # of those: land in reserve, awaiting a new user
    building: float = 0.35  # of those: already under construction for a new project
    # the rest were rectified: their tax per mu now lies 0–60 % above the threshold
    rectified_margin: tuple[float, float] = (1.0, 1.6)


MISSING_BELOW = {
    "energy_tce": 0.12,
    "emissions_t": 0.10,
    "rd_spending": 0.35,
    "value_added": 0.05,
    "employees": 0.08,
    "electricity": 0.06,
}
