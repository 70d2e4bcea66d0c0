"""Draws as data: every variable of every Monte Carlo draw, as a table, arrays or a file.

A run keeps only quantiles by default; ``landsim.run(..., keep_draws=True)`` (or
``landsim run --draws N --write-draws``) also keeps what it takes to give every draw's
value of every variable (:class:`DrawData`: the economics of the draws, a few MB, not
the parcels). From it:

* :func:`draw_table` — the long table ``draw, variable, platform, unit, year, value``;
* :func:`write_draws` — the same as Parquet, written one variable at a time, so memory
  stays at one variable's worth whatever the number of draws;
* :func:`to_dataset` — an :class:`xarray.Dataset`, one variable each, dims draw ×
  platform × year (xarray is the optional extra ``landsim[xarray]``);
* :func:`read_draws` and :func:`table_to_dataset` — the same from a run folder's
  ``draws.parquet`` (:func:`landsim.load_run`).

:func:`iamc` gives a run's long table in the IAMC format that pyam reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsim.accounting.economics import Outcome
from landsim.accounting.long import DISTRICT, series
from landsim.accounting.variables import BY_NAME, new_use_variable
from landsim.errors import LandsimError
from landsim.model import Model
from landsim.scenario import Scenario

#: Columns of :func:`draw_table` and of ``draws.parquet``.
DRAW_COLUMNS = ["draw", "variable", "platform", "unit", "year", "value"]
#: Columns of the IAMC format (pyam's ``IamDataFrame`` reads them as they are).
IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]


def unit_of(name: str) -> str:
    """Return the unit of the long table's variable *name*."""
    if name in BY_NAME:
        return BY_NAME[name].unit
    return new_use_variable(name.split("|")[0], "x").unit


@dataclass(frozen=True)
class DrawData:
    """What every draw's value of every variable is computed from.

    Attributes
    ----------
    scenario
        The scenario.
    model
        The model with every draw's parameters.
    outcome
        The economics of every draw.
    quotas
        The effective quotas of every draw ``(draw, treatment, year)``.
    """

    scenario: Scenario
    model: Model
    outcome: Outcome
    quotas: np.ndarray

    @property
    def draws(self) -> int:
        """Return the number of draws."""
        return int(self.model.params.draws)

    @property
    def platforms(self) -> list[str]:
        """Return the platform ids, then ``district``."""
        return [*self.model.platform_ids, DISTRICT]

    def series(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Yield ``(variable, years, values (draw, platform + district, year))``."""
        last = int(self.model.years[-1])
        for name, values in series(self.scenario, self.model, self.outcome, self.quotas):
            years = np.arange(last - values.shape[-1] + 1, last + 1)
            yield name, years, values


def _frame(data: DrawData, name: str, years: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """Rows of one variable, every draw; cells without a value are left out."""
    ok = ~np.isnan(values)
    d, p, t = np.nonzero(ok)
    platforms = np.asarray(data.platforms, dtype=object)
    return pd.DataFrame(
        {
            "draw": d.astype(np.int32),
            "variable": name,
            "platform": platforms[p],
            "unit": unit_of(name),
            "year": years[t].astype(np.int16),
            "value": values[ok],
        }
    )


def draw_table(data: DrawData) -> pd.DataFrame:
    """Every draw's value of every variable: ``draw, variable, platform, unit, year, value``."""
    frames = [_frame(data, name, years, values) for name, years, values in data.series()]
    out = pd.concat(frames, ignore_index=True)
    for col in ("variable", "platform", "unit"):
        out[col] = out[col].astype("category")
    return out[DRAW_COLUMNS]


def write_draws(data: DrawData, path: Path) -> None:
    """Write :func:`draw_table` to *path* as Parquet, one row group per variable.

    Raises
    ------
    LandsimError
        When pyarrow (the ``parquet`` extra) is not installed.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise LandsimError("writing draws needs pyarrow: pip install 'landsim[parquet]'") from None
    schema = pa.schema(
        [
            ("draw", pa.int32()),
            ("variable", pa.string()),
            ("platform", pa.string()),
            ("unit", pa.string()),
            ("year", pa.int16()),
            ("value", pa.float64()),
        ]
    )
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for name, years, values in data.series():
            frame = _frame(data, name, years, values)
            writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))


def _xarray() -> Any:
    try:
        import xarray
    except ImportError:
        raise LandsimError("to_xarray needs xarray: pip install 'landsim[xarray]'") from None
    return xarray


def to_dataset(data: DrawData) -> Any:
    """Every variable of every draw as an :class:`xarray.Dataset` (draw × platform × year).

    Years span the base year to the last simulated year; a variable has NaN in the years
    it does not cover (most start in the first simulated year) and, for district-only
    variables, in the platforms' rows. Each variable's ``unit`` is in its attributes.
    """
    xr = _xarray()
    arrays = list(data.series())
    years = np.arange(min(y[0] for _, y, _ in arrays), int(data.model.years[-1]) + 1)
    variables = {}
    for name, span, values in arrays:
        full = np.full((values.shape[0], values.shape[1], len(years)), np.nan)
        full[:, :, span[0] - years[0] :] = values
        variables[name] = (("draw", "platform", "year"), full, {"unit": unit_of(name)})
    coords = {"draw": np.arange(data.draws), "platform": data.platforms, "year": years}
    attrs = {"scenario": data.scenario.name, "draws": data.draws}
    return xr.Dataset(variables, coords=coords, attrs=attrs)


def read_draws(path: Path) -> pd.DataFrame:
    """Read ``draws.parquet`` back as :func:`draw_table` gives it.

    Raises
    ------
    LandsimError
        When pyarrow (the ``parquet`` extra) is not installed.
    """
    try:
        table = pd.read_parquet(path)
    except ImportError:
        raise LandsimError("reading draws needs pyarrow: pip install 'landsim[parquet]'") from None
    for col in ("variable", "platform", "unit"):
        table[col] = table[col].astype("category")
    return table[DRAW_COLUMNS]


def table_to_dataset(table: pd.DataFrame, scenario: Scenario) -> Any:
    """Turn a :func:`draw_table` (e.g. from ``draws.parquet``) into :func:`to_dataset`'s form.

    Platforms are the scenario's, then ``district``, as :attr:`DrawData.platforms`.
    """
    xr = _xarray()
    platforms = [*scenario.platforms, DISTRICT]
    draws = int(table["draw"].max()) + 1
    years = np.arange(int(table["year"].min()), int(table["year"].max()) + 1)
    variables = {}
    for name, rows in table.groupby("variable", sort=False, observed=True):
        full = np.full((draws, len(platforms), len(years)), np.nan)
        where = pd.Index(platforms).get_indexer(rows["platform"].astype(str))
        full[rows["draw"].to_numpy(), where, rows["year"].to_numpy(int) - years[0]] = rows["value"]
        variables[str(name)] = (("draw", "platform", "year"), full, {"unit": unit_of(str(name))})
    coords = {"draw": np.arange(draws), "platform": platforms, "year": years}
    return xr.Dataset(variables, coords=coords, attrs={"scenario": scenario.name, "draws": draws})


def long_to_dataset(long: pd.DataFrame, scenario: str) -> Any:
    """One run's long table as an :class:`xarray.Dataset` with a single draw, ``central``."""
    xr = _xarray()
    platforms = list(dict.fromkeys(long["platform"]))
    years = np.arange(int(long["year"].min()), int(long["year"].max()) + 1)
    variables = {}
    for name, rows in long.groupby("variable", sort=False):
        wide = rows.pivot(index="platform", columns="year", values="value")
        grid = wide.reindex(index=platforms, columns=years).to_numpy(float)[None]
        variables[name] = (("draw", "platform", "year"), grid, {"unit": rows["unit"].iloc[0]})
    coords = {"draw": ["central"], "platform": platforms, "year": years}
    return xr.Dataset(variables, coords=coords, attrs={"scenario": scenario, "draws": 0})


def iamc(table: pd.DataFrame, model: str) -> pd.DataFrame:
    """Turn a long table (``scenario, platform, variable, unit, year, value``) into IAMC.

    The region is the platform id, or ``district``; variable names keep landsim's
    ``a|b|c`` form, which IAMC uses too.
    """
    out = table.rename(columns={"platform": "region"}).assign(model=model)
    out = out[out["value"].notna()]
    return out[IAMC_COLUMNS].reset_index(drop=True)
