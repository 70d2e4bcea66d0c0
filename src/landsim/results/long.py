"""The long results table: ``scenario, platform, variable, unit, year, value``."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from landsim.compile import Compiled
from landsim.pipeline.economics import QUANTITIES, Outcome
from landsim.pipeline.state import YearLog
from landsim.results.variables import BY_NAME, new_use_variable

DISTRICT = "district"
COLUMNS = ["scenario", "platform", "variable", "unit", "year", "value"]


def series(
    c: Compiled, o: Outcome, logs: list[YearLog] | None, draw: int = 0
) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(variable, values (P + 1, T))`` for one draw; the last row is the district.

    Variables that exist only for the district have NaN platform rows.
    """

    def both(x: np.ndarray) -> np.ndarray:  # (P, T) → (P + 1, T)
        return np.vstack([x, x.sum(axis=0, keepdims=True)])

    def district(x: np.ndarray) -> np.ndarray:  # (T,) → (P + 1, T)
        out = np.full((len(c.platform_ids) + 1, len(x)), np.nan)
        out[-1] = x
        return out

    a = {k: both(v[draw]) for k, v in o.area.items()}
    revitalized = a["vacated"] + a["upgraded"] + a["reactivated"]
    flows = {
        "vacated": a["vacated"],
        "contiguous": a["contiguous"],
        "upgraded": a["upgraded"],
        "reactivated": a["reactivated"],
        "revitalized": revitalized,
    }
    for name, x in flows.items():
        yield f"area|{name}", x
    for name in ("vacated", "contiguous", "revitalized"):
        yield f"area|{name}|cumulative", np.cumsum(flows[name], axis=1)
    for state in (
        "existing",
        "upgraded_land",
        "preparing",
        "reserve",
        "construction",
        "new_production",
    ):
        yield f"land|{state.removesuffix('_land')}", a[state]
    yield from _targets(c, flows, district)
    if logs is not None:
        for i, name in enumerate(("vacate", "upgrade", "reactivate")):
            q = np.array([log.quota[i] for log in logs])
            if np.isfinite(q).all():
                yield f"quota|{name}", district(q)
    yield from _economy(c, o, draw, both)
    yield from _money(o, draw, both)


def _targets(
    c: Compiled, flows: dict[str, np.ndarray], district
) -> Iterator[tuple[str, np.ndarray]]:
    tg = c.scenario.targets
    years = [int(y) for y in c.years]
    for key, value, achieved in (
        ("contiguous", tg.contiguous_vacated_mu, flows["contiguous"][-1]),
        ("revitalized", tg.revitalized_mu, flows["revitalized"][-1]),
    ):
        target = np.array([float(value.at(y)) for y in years])
        yield f"target|{key}", district(target)
        with np.errstate(invalid="ignore", divide="ignore"):
            yield f"target_share|{key}", district(np.where(target > 0, achieved / target, np.nan))


def _economy(c: Compiled, o: Outcome, d: int, both) -> Iterator[tuple[str, np.ndarray]]:
    """Economic variables; baseline, programme and difference start at the base year."""
    for q in QUANTITIES:
        start = np.append(o.base[q], o.base[q].sum())[:, None]
        base, prog = both(o.baseline[q][d]), both(o.programme[q][d])
        new = o.new_uses[q][d]  # (P, K, T)
        yield f"{q}|baseline", np.hstack([start, base])
        yield f"{q}|programme", np.hstack([start, prog])
        yield f"{q}|difference", np.hstack([start * 0, prog - base])
        yield f"{q}|programme|existing", prog - both(new.sum(axis=1))
        if q != "jobs":
            yield f"{q}|programme|uplift", both(o.uplift[q][d])
        for k, use in enumerate(c.target_ids):
            yield new_use_variable(q, use).name, both(new[:, k])
    area = np.append(o.total_area, o.total_area.sum())[:, None]
    area = np.where(area > 0, area, np.nan)  # a platform without land has no tax per mu
    for path, data in (("baseline", o.baseline), ("programme", o.programme)):
        yield f"tax_per_mu|{path}", both(data["tax"][d]) / area
    base_out = np.append(o.base["output"], o.base["output"].sum())[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        for path, data in (("baseline", o.baseline), ("programme", o.programme)):
            growth = both(data["output"][d]) / base_out - 1.0
            yield f"growth|output|{path}", growth
        ratio = np.where(growth[-1] > 1e-12, growth / growth[-1], np.nan)
    yield "growth_ratio|output|programme", ratio


def _money(o: Outcome, d: int, both) -> Iterator[tuple[str, np.ndarray]]:
    for name, x in o.money.items():
        yield f"money|{name}", both(x[d])
    yield "money|net|cumulative", np.cumsum(both(o.money["net"][d]), axis=1)


def long_table(c: Compiled, o: Outcome, logs: list[YearLog] | None, draw: int = 0) -> pd.DataFrame:
    """Build the long table of one draw (rows with no value are left out)."""
    platforms = [*c.platform_ids, DISTRICT]
    frames = []
    for name, values in series(c, o, logs, draw):
        # a column more than the horizon means the series starts at the base year
        years = np.arange(int(c.years[-1]) - values.shape[1] + 1, int(c.years[-1]) + 1)
        unit = BY_NAME[name].unit if name in BY_NAME else _unit_of(name)
        plat, yr = np.meshgrid(np.arange(len(platforms)), np.arange(len(years)), indexing="ij")
        ok = ~np.isnan(values)
        frames.append(
            pd.DataFrame(
                {
                    "platform": np.asarray(platforms, dtype=object)[plat[ok]],
                    "variable": name,
                    "unit": unit,
                    "year": years[yr[ok]],
                    "value": values[ok],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", c.scenario.name)
    return out[COLUMNS]


def _unit_of(name: str) -> str:
    quantity = name.split("|")[0]
    return new_use_variable(quantity, "x").unit
