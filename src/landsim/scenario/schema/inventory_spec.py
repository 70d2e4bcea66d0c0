"""How the scenario points at and reads its parcel inventory."""

from __future__ import annotations

import warnings
from typing import Any, Literal

from pydantic import Field, create_model, field_validator, model_validator

import landsim.units as units
from landsim.errors import LandsimWarning
from landsim.scenario.columns import COLUMNS
from landsim.scenario.schema.base import Model

#: ``inventory.columns``: one optional key per canonical column, value = the user's header.
ColumnMap = create_model(  # type: ignore[call-overload]
    "ColumnMap",
    __base__=Model,
    __doc__="Map canonical column names (keys) to the headers in your file (values).",
    **{c.name: (str | None, Field(default=None, description=c.meaning)) for c in COLUMNS},
)


class Units(Model):
    """Units of the numbers in your file. They are converted once, on load."""

    area: str = "mu"
    """Unit of areas: `mu`/`亩`, `m2`/`平方米`, `万平方米`, `ha`/`hm2`/`公顷` or
    `km2`/`平方公里`/`平方千米`."""
    money: str = "wan_yuan"
    """Unit of money columns: `yuan`/`元`, `wan_yuan`/`万元`, `qian_yuan`/`千元`, `百万元` or
    `yi_yuan`/`亿元`."""
    electricity: str = "mwh"
    """Unit of electricity: `kwh`/`千瓦时`/`度`, `mwh`/`兆瓦时`, `wan_kwh`/`万千瓦时`/`万度`,
    `gwh`/`吉瓦时` or `亿千瓦时`."""
    columns: dict[str, str] = {}
    """Per-column override, e.g. `{output: 亿元}` when output is in 亿元 but tax in 万元."""

    @model_validator(mode="after")
    def _known(self) -> Units:
        for quantity in ("area", "money", "electricity"):
            _check_unit(quantity, getattr(self, quantity))
        by_name = {c.name: c for c in COLUMNS}
        for name, unit in self.columns.items():
            col = by_name.get(name)
            if col is None or col.quantity is None:
                convertible = [c.name for c in COLUMNS if c.quantity]
                raise ValueError(
                    f"columns.{name}: no unit to set; use one of {', '.join(convertible)}"
                )
            _check_unit(col.quantity, unit)
        return self


def _check_unit(quantity: str, unit: str) -> None:
    try:
        units.factor(quantity, unit)
    except KeyError:
        raise ValueError(
            f"unknown {quantity} unit {unit!r}; use one of {', '.join(units.accepted(quantity))}"
        ) from None


class RenamedKeyWarning(LandsimWarning):
    """A scenario key written under an old name, still read."""


class Adjacency(Model):
    """Which parcels touch, for contiguity (连片).

    Polygons touch when their boundaries come within `tolerance_m` of each other, so a
    survey gap or a thin road does not break a block. Points (centroids, no geometry)
    touch when their distance is at most `scale × (s_i + s_j) / 2 + distance_m`, where
    `s` is the side of a square of the parcel's area: neighbouring parcels of any size
    are caught, distant ones are not. Set `scale: 0` for a plain distance rule.
    """

    method: Literal["auto", "polygons", "points", "table", "none"] = "auto"
    """`auto` uses polygons when the inventory has them, else points. `table` reads a list of
    touching pairs from `path` (as GIS tools export it, e.g. ArcGIS "Polygon Neighbors").
    `none`: no parcel touches another, so contiguity targets cannot be met."""
    path: str | None = None
    """`table`: CSV of touching pairs, relative to the scenario file that names it."""
    columns: tuple[str, str] = ("parcel_id", "neighbour_id")
    """`table`: the two columns holding the parcel ids of each pair."""
    tolerance_m: float = Field(default=15.0, ge=0)
    """Polygons: largest gap, in metres, still counted as touching."""
    distance_m: float = Field(default=15.0, ge=0)
    """Points: gap in metres added to the size-scaled reach."""
    scale: float = Field(default=1.0, ge=0)
    """Points: multiple of the half-sides of the two parcels' equivalent squares."""
    bridges_path: str | None = None
    """CSV of pairs of parcels that face each other across a road or gap (same columns as
    `path`), which major projects with `bridge_gaps` may join into one block."""
    bridge_gap_m: float | None = Field(default=None, gt=0)
    """Without `bridges_path`: parcels whose boundaries (polygons) or equivalent squares
    (points) come within this many metres, but do not touch, may be bridged. A typical
    arterial road is 35–60 m wide (the synthetic inventory's roads)."""

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        """Read the key's old name, ``road_gap_m`` (renamed ``bridge_gap_m``), with a warning."""
        if isinstance(data, dict) and "road_gap_m" in data:
            data = dict(data)
            old = data.pop("road_gap_m")
            if "bridge_gap_m" not in data:
                data["bridge_gap_m"] = old
            warnings.warn(
                "inventory.adjacency.road_gap_m is now called bridge_gap_m; rename it in "
                "the scenario (the old name is read for now)",
                RenamedKeyWarning,
                stacklevel=2,
            )
        return data

    @model_validator(mode="after")
    def _table_has_path(self) -> Adjacency:
        if self.method == "table" and not self.path:
            raise ValueError("method: table needs path: the CSV of touching pairs")
        if self.bridge_gap_m is not None and self.bridge_gap_m <= self.tolerance_m:
            raise ValueError(
                f"bridge_gap_m ({self.bridge_gap_m:g}) must be larger than tolerance_m "
                f"({self.tolerance_m:g}): gaps up to tolerance_m already count as touching"
            )
        return self


class Plausible(Model):
    """Largest values a parcel may plausibly have.

    A value above one is refused with its row, as a likely unit or typing error; raise the
    limit here when the value is truly meant.
    """

    max_area_mu: float = Field(default=15_000.0, gt=0)
    """Mu. One parcel of more than 10 km² is not one industrial land-use right (assumption:
    the largest single sites in the sources are 600 mu, 零跑's second plant, 2021, and the
    钱塘湾 start-up area of many parcels is 5,310 mu; DOMAIN.md, DOMAIN-figures.md)."""
    max_far: float = Field(default=20.0, gt=0)
    """Floor-area ratio. Industrial buildings rarely exceed 4–6 (Xiaoshan's renovation rule
    asks for ≥ 1.5, 2018); 20 leaves room for headquarters towers (assumption)."""
    max_output_per_mu: float = Field(default=100_000.0, gt=0)
    """万元/亩 of output (10 亿元 per mu). The densest figure in the sources is 4,000 万元/亩
    (国工新材料, 义乌, 2023); a value 25 times that is a unit error (assumption)."""
    max_tax_per_mu: float = Field(default=10_000.0, gt=0)
    """万元/亩 of tax. The densest figure in the sources is 300 万元/亩 (国工新材料, 2023);
    Zhejiang's 2023 target for 规上 industry is 37 (assumption: 30 times the densest)."""
    max_employees_per_mu: float = Field(default=1_000.0, gt=0)
    """Employees per mu. A garment workshop at one worker per 10 m² of floor, built at a
    floor-area ratio of 4, has about 270 per mu (assumption: 1,000 is beyond any plant)."""
    max_energy_tce_per_mu: float = Field(default=10_000.0, gt=0)
    """Tonnes of standard coal per mu and year. A steel works of 1 Mt a year uses about
    0.55 Mt tce on some 2,000 mu, under 300 per mu (assumption: 30 times that)."""
    max_coordinate: float = Field(default=1e8, gt=0)
    """Largest absolute coordinate, metres (degrees are projected first). Gauss-Krüger
    eastings with their zone number (EPSG:4528) are about 4 × 10⁷; a larger one is a unit
    or column error (assumption: 100,000 km is beyond any projection of the Earth)."""


class Boundaries(Model):
    """A polygon layer of platform boundaries (平台范围线) for maps.

    Maps draw it instead of outlines dissolved from the parcels.
    """

    path: str
    """Shapefile, GeoPackage, File Geodatabase or GeoJSON, relative to the scenario file."""
    layer: str | int | None = None
    """The layer, when the file holds several."""
    column: str = "platform"
    """The attribute naming each feature's platform (its id, Chinese or English name, or an
    alias)."""
    crs: str | None = None
    """The layer's coordinate system when the file does not say (see `inventory.crs`)."""
    encoding: Literal["auto", "utf-8", "gb18030", "gbk"] = "auto"
    """Text encoding of a Shapefile's attributes without a `.cpg` file."""


#: Land uses (the inventory's `land_use`) that count as industrial land by default: the
#: common spellings, the GB 50137-2011 城市用地分类与规划建设用地标准 codes of 工业用地
#: (M; M1–M3 by nuisance class), M0 (新型产业用地, a class that local planning standards add
#: to GB 50137, e.g. Shenzhen's 2013 城市规划标准与准则), the GB/T 21010-2017 土地利用现状分类
#: code of 工业用地 (0601), and the codes and names of 工业用地 in the 国土空间调查、规划、
#: 用途管制用地用海分类指南（试行） (自然资源部, November 2020; used by the territorial
#: spatial plans since 2021): 1001, and 100101–100103 for 一类、二类、三类工业用地.
INDUSTRIAL_LAND_USES = (
    "industrial",
    "工业用地",
    "工业",
    "新型产业用地",
    "一类工业用地",
    "二类工业用地",
    "三类工业用地",
    "M",
    "M0",
    "M1",
    "M2",
    "M3",
    "0601",
    "1001",
    "100101",
    "100102",
    "100103",
)


class InventorySpec(Model):
    """Where the parcel inventory (地块表) is and how to read it."""

    path: str
    """The file: `.csv`, `.xlsx`, `.geojson`/`.json`, `.parquet`, a Shapefile `.shp`, a
    GeoPackage `.gpkg` or a File Geodatabase folder `.gdb` (the last three need the `gis`
    extra). Relative to the scenario file that names it."""
    format: Literal["auto", "csv", "xlsx", "geojson", "parquet", "shapefile", "gpkg", "filegdb"] = (
        "auto"
    )
    """File format; `auto` goes by the file extension."""
    encoding: Literal["auto", "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"] = "auto"
    """Text encoding of a CSV, a GeoJSON or a Shapefile's attributes. `auto` accepts UTF-8
    (with or without BOM), UTF-16 with BOM, and GB18030 (what Chinese Excel saves as CSV);
    headers that look garbled (e.g. a Big5 file read as GB18030) are refused with the
    encoding to declare. A Shapefile's `.cpg` file is obeyed, and without one its
    attributes are read as UTF-8 or GB18030, whichever decodes. A value given here
    overrides the `.cpg`."""
    layer: str | int | None = None
    """GeoPackage or File Geodatabase: the layer to read, by name or 0-based index. Required
    when the file holds more than one layer."""
    delimiter: str | None = None
    """CSV field separator; detected (comma, tab, semicolon) when not given."""
    decimal: Literal[".", ","] = "."
    """Decimal mark of numbers written as text. With `.` (the default) a cell such as
    `12,3` is refused, never read as 123; set `,` for files that write `12,3`."""
    thousands: Literal["none", ",", ".", " ", "'"] = "none"
    """Thousands separator of numbers written as text. `none` (the default) refuses
    `1,234`; with `,` it reads `1,234.5` as 1234.5 and refuses misplaced separators such
    as `12,3`. `" "` also accepts non-breaking spaces."""
    fullwidth_digits: bool = False
    """Read full-width digits and signs (`１２．３`, `－５`) as ordinary ones. Off, such cells
    are refused."""
    sheet: str | int | None = None
    """Excel sheet name or 0-based index; the first sheet by default."""
    header_row: int = Field(default=1, ge=1)
    """Line (CSV) or row (Excel) holding the headers, 1-based; raise it when title rows sit
    above the headers."""
    columns: ColumnMap = ColumnMap()  # type: ignore[valid-type]
    """Your headers for the canonical columns, e.g.
    `{parcel_id: 地块编号, area_mu: 用地面积（亩）}`. Columns named canonically need no entry."""
    units: Units = Units()
    """Units of the numbers in the file."""
    coordinates: Literal["projected", "lonlat"] = "projected"
    """`projected`: coordinates are metres (e.g. CGCS2000 Gauss-Krüger). `lonlat`: longitude
    and latitude in degrees, the same as `crs: EPSG:4490`; they are projected on load (see
    `project_to`; needs the `gis` extra)."""
    crs: str | None = None
    """Coordinate reference system of the coordinates, e.g. `EPSG:4549` (CGCS2000 3-degree
    Gauss-Krüger, central meridian 120°E: Xiaoshan), `EPSG:4528` (the same zone with the
    zone number 40 before the easting), `EPSG:4490` (CGCS2000 degrees), or any WKT or PROJ
    text. The file's own CRS (`.prj`, GeoJSON `crs`, geodatabase) is used when it has one;
    set this when it has none. If both are given and differ, the inventory is refused. Needs
    the `gis` extra. GCJ-02 and BD-09 (web-map offsets) are not supported: see docs/gis.md."""
    project_to: str = "auto"
    """The projected CRS, in metres, that areas and distances are computed in. `auto`:
    coordinates in degrees, or in a CRS that distorts areas by more than 0.5 % (Web
    Mercator), are projected once, on load, to the CGCS2000 3-degree Gauss-Krüger zone of
    the data's centre (EPSG:4534–4554; EPSG:4549 at 120°E); coordinates already in a
    suitable projected CRS stay as they are. A named CRS, e.g. `EPSG:4528`: every
    inventory with a known CRS is projected to it."""
    repair_geometry: bool = False
    """`false`: an invalid polygon (self-intersecting, a ring crossing another) is refused
    with its feature number and parcel id. `true`: it is repaired (GEOS `make_valid`) and
    every repair is reported with the area before and after."""
    boundaries: Boundaries | None = None
    """Platform boundaries for maps; without them maps outline each platform from its
    parcels."""
    adjacency: Adjacency = Adjacency()
    """How parcels are judged to touch."""
    plausible: Plausible = Plausible()
    """Largest plausible values per parcel; larger ones are refused as likely errors."""
    industrial_land_uses: list[str] = Field(default=list(INDUSTRIAL_LAND_USES), min_length=1)
    """Values of the inventory's `land_use` (用地性质) that are industrial land. The programme
    (腾笼换鸟) and the 亩均 evaluation concern industrial land only: a parcel whose land use
    is given and not listed here (e.g. 商服用地, 住宅用地) is left out of the programme: it is
    never selected for any treatment and not scored (so it does not move the benchmarks),
    but it stays in the inventory, its totals and maps, drawn as excluded. Matching ignores
    case, surrounding spaces and full-width forms. Parcels without a land use (no column,
    or an empty cell) are industrial. The default lists the common spellings, the
    GB 50137-2011 codes M, M1, M2 and M3, M0 (新型产业用地), the GB/T 21010-2017 code 0601
    and the 2020 用地用海分类 codes 1001 and 100101–100103; `landsim validate` says which
    land uses are left out (and counts its candidate rules, unlisted industries and
    parcels without a FAR on industrial land only), and
    the run's parcel table gives each parcel's `land_use` and `industrial_land`. A list
    replaces the default: list every land use to include, e.g. `[工业用地, M1, 商服用地]`."""

    @model_validator(mode="after")
    def _separators_differ(self) -> InventorySpec:
        if self.thousands == self.decimal:
            raise ValueError(
                f"thousands and decimal are both {self.decimal!r}; they must differ "
                "(e.g. decimal: ',' with thousands: '.' or ' ')"
            )
        return self

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError("give a single character, e.g. ',' or '\\t'")
        return value
