"""The long results table: ``scenario, platform, variable, unit, year, value``.

:func:`series` defines every variable once, for any number of draws; the deterministic
table takes one draw, Monte Carlo tables take quantiles across draws.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from landsim.accounting.economics import QUANTITIES, Outcome
from landsim.accounting.variables import BY_NAME, new_use_variable
from landsim.model import Model
from landsim.model.codes import TREATMENT_LABELS
from landsim.scenario import Scenario
from landsim.scenario.distributions import central

DISTRICT = "district"
COLUMNS = ["scenario", "platform", "variable", "unit", "year", "value"]


def _both(x: np.ndarray) -> np.ndarray:
    """(D, P, T) → (D, P + 1, T): platforms, then the district total."""
    return np.concatenate([x, x.sum(axis=-2, keepdims=True)], axis=-2)


def series(
    scenario: Scenario, c: Model, o: Outcome, quotas: np.ndarray | None
) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(variable, values (D, P + 1, T'))``; the last platform row is the district.

    ``T'`` is the simulated years (programme and run-out), or those plus the base year
    for series that start there. Variables that exist only for the district have NaN
    platform rows; targets and quotas are NaN in run-out years. *quotas* is ``(D, 3, T)``
    (effective quotas by treatment) or ``None``.
    """
    n_p = len(c.platform_ids)

    def district(x: np.ndarray) -> np.ndarray:  # (D, T) → (D, P + 1, T)
        out = np.full((x.shape[0], n_p + 1, x.shape[-1]), np.nan)
        out[:, -1] = x
        return out

    a = {k: _both(v) for k, v in o.area.items()}
    flows = {
        "vacated": a["vacated"],
        "contiguous": a["contiguous"],
        "upgraded": a["upgraded"],
        "reactivated": a["reactivated"],
    }
    flows["revitalized"] = a["vacated"] + a["upgraded"] + a["reactivated"]
    for name, x in flows.items():
        yield f"area|{name}", x
    yield "area|relocation_new_land", a["relocation_new_land"]
    for name in ("vacated", "contiguous", "revitalized"):
        yield f"area|{name}|cumulative", np.cumsum(flows[name], axis=-1)
    for state in (
        "existing",
        "upgraded_land",
        "preparing",
        "reserve",
        "construction",
        "new_production",
    ):
        yield f"land|{state.removesuffix('_land')}", a[state]
    yield from _targets(scenario, c, flows, district)
    if quotas is not None:
        programme = np.arange(len(c.years)) < c.rules.programme_years
        for i, name in enumerate(TREATMENT_LABELS):
            if np.isfinite(quotas[:, i, programme]).all():
                yield f"quota|{name}", district(np.where(programme, quotas[:, i], np.nan))
    yield from _economy(c, o)
    yield from _platform_growth(scenario, c, o, district)
    for name, x in o.money.items():
        yield f"money|{name}", _both(x)
    yield "money|net|cumulative", np.cumsum(_both(o.money["net"]), axis=-1)


def _targets(
    scenario: Scenario, c: Model, flows: dict[str, np.ndarray], district
) -> Iterator[tuple[str, np.ndarray]]:
    tg = scenario.targets
    end = scenario.horizon.end
    years = [int(y) for y in c.years]
    for key, value, achieved in (
        ("contiguous", tg.contiguous_vacated_mu, flows["contiguous"][:, -1]),
        ("revitalized", tg.revitalized_mu, flows["revitalized"][:, -1]),
    ):
        target = np.array([central(value.at(y)) if y <= end else np.nan for y in years])
        yield f"target|{key}", district(np.broadcast_to(target, achieved.shape))
        with np.errstate(invalid="ignore", divide="ignore"):
            yield f"target_share|{key}", district(np.where(target > 0, achieved / target, np.nan))


def _economy(c: Model, o: Outcome) -> Iterator[tuple[str, np.ndarray]]:
    """Economic variables; baseline, programme and difference start at the base year."""
    for q in QUANTITIES:
        base, prog = _both(o.baseline[q]), _both(o.programme[q])
        start = np.broadcast_to(
            np.append(o.base[q], o.base[q].sum())[None, :, None], (prog.shape[0], prog.shape[1], 1)
        )
        new = o.new_uses[q]  # (D, P, K, T)
        yield f"{q}|baseline", np.concatenate([start, base], axis=-1)
        yield f"{q}|programme", np.concatenate([start, prog], axis=-1)
        yield f"{q}|difference", np.concatenate([start * 0, prog - base], axis=-1)
        relocated = _both(o.relocated[q])
        yield f"{q}|programme|existing", prog - _both(new.sum(axis=2)) - relocated
        if q != "jobs":
            yield f"{q}|programme|uplift", _both(o.uplift[q])
        yield f"{q}|programme|relocated", relocated
        yield (
            f"{q}|difference|excluding_relocation",
            np.concatenate([start * 0, prog - base - relocated], axis=-1),
        )
        for k, use in enumerate(c.uses):
            if use.kind != "relocation":
                yield new_use_variable(q, str(use)).name, _both(new[:, :, k])
    area = np.append(o.total_area, o.total_area.sum())[None, :, None]
    area = np.where(area > 0, area, np.nan)  # a platform without land has no tax per mu
    for path, data in (("baseline", o.baseline), ("programme", o.programme)):
        yield f"tax_per_mu|{path}", _both(data["tax"]) / area
        yield f"output_per_mu|{path}", _both(data["output"]) / area
    base_out = np.append(o.base["output"], o.base["output"].sum())[None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        for path, data in (("baseline", o.baseline), ("programme", o.programme)):
            growth = _both(data["output"]) / base_out - 1.0
            yield f"growth|output|{path}", growth
        district = growth[:, -1:, :]
        yield "growth_ratio|output|programme", np.where(district > 1e-12, growth / district, np.nan)


def _platform_growth(
    scenario: Scenario, c: Model, o: Outcome, district
) -> Iterator[tuple[str, np.ndarray]]:
    """Yield the seed's growth target: the platforms together, year on year, vs the district."""
    tg = scenario.targets
    member = np.array([scenario.platforms[p].is_platform for p in c.platform_ids])
    ratios = []
    for q in QUANTITIES[:3]:
        prog = o.programme[q]
        series_ = {
            "platforms": prog[:, member].sum(axis=1),
            "district": prog.sum(axis=1),
        }
        start = {"platforms": o.base[q][member].sum(), "district": o.base[q].sum()}
        growth = {}
        for who, x in series_.items():
            before = np.concatenate([np.full((x.shape[0], 1), start[who]), x[:, :-1]], axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                growth[who] = np.where(before > 0, x / before - 1.0, np.nan)
            yield f"growth_yoy|{q}|{who}", district(growth[who])
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(
                growth["district"] > 1e-12, growth["platforms"] / growth["district"], np.nan
            )
        yield f"growth_yoy_ratio|{q}", district(ratio)
        if q in tg.platform_growth_indicators:
            ratios.append(ratio)
    programme = np.asarray(c.years) <= scenario.horizon.end
    target = np.where(programme, tg.platform_growth_ratio, np.nan)
    yield "target|platform_growth", district(np.broadcast_to(target, ratios[0].shape))
    share = np.minimum.reduce(ratios) / tg.platform_growth_ratio
    yield "target_share|platform_growth", district(np.where(programme, share, np.nan))


def _frame(c: Model, name: str, values: np.ndarray, extra: dict | None = None) -> pd.DataFrame:
    """Rows of one variable from ``values (P + 1, T')``; NaN cells are left out."""
    platforms = np.asarray([*c.platform_ids, DISTRICT], dtype=object)
    last = int(c.years[-1])
    years = np.arange(last - values.shape[-1] + 1, last + 1)
    plat, yr = np.meshgrid(np.arange(len(platforms)), np.arange(len(years)), indexing="ij")
    ok = ~np.isnan(values)
    unit = BY_NAME[name].unit if name in BY_NAME else new_use_variable(name.split("|")[0], "x").unit
    frame = pd.DataFrame(
        {
            "platform": platforms[plat[ok]],
            "variable": name,
            "unit": unit,
            "year": years[yr[ok]],
            "value": values[ok],
        }
    )
    for key, val in (extra or {}).items():
        frame.insert(4, key, val)
    return frame


def long_table(
    scenario: Scenario, c: Model, o: Outcome, quotas: np.ndarray | None, draw: int = 0
) -> pd.DataFrame:
    """Build the long table of one draw (rows with no value are left out)."""
    frames = [_frame(c, name, values[draw]) for name, values in series(scenario, c, o, quotas)]
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", scenario.name)
    return out[COLUMNS]


def quantile_table(
    scenario: Scenario,
    c: Model,
    o: Outcome,
    quotas: np.ndarray | None,
    quantiles: Sequence[float],
) -> pd.DataFrame:
    """Quantiles and mean of every variable across draws.

    Columns: ``scenario, platform, variable, unit, statistic, year, value``, with
    ``statistic`` like ``p10``, ``p50``, ``p90`` and ``mean``.
    """
    frames = []
    labels = [f"p{round(q * 100):02d}" for q in quantiles]
    for name, values in series(scenario, c, o, quotas):
        cells = ~np.isnan(values).all(axis=0)  # district-only variables: platform rows are empty
        if not cells.any():
            continue
        stats = np.full((len(quantiles) + 1, *values.shape[1:]), np.nan)
        data = values[:, cells]
        exact = not np.isnan(data).any()  # np.quantile is much faster than np.nanquantile
        stats[:-1, cells] = (np.quantile if exact else np.nanquantile)(data, quantiles, axis=0)
        stats[-1, cells] = data.mean(axis=0) if exact else np.nanmean(data, axis=0)
        for label, v in zip([*labels, "mean"], stats, strict=True):
            frames.append(_frame(c, name, v, {"statistic": label}))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", scenario.name)
    return out[["scenario", "platform", "variable", "unit", "statistic", "year", "value"]]


def target_probabilities(scenario: Scenario, c: Model, o: Outcome) -> pd.DataFrame:
    """For each year, the share of draws that meet each target (district)."""
    rows = []
    for name, values in series(scenario, c, o, None):
        if name.startswith("target_share|"):
            met = values[:, -1] >= 1 - 1e-9  # (D, T); NaN (not measurable) is not met
            for t, year in enumerate(c.years[: c.rules.programme_years].astype(int)):
                rows.append(
                    {
                        "scenario": scenario.name,
                        "target": name.split("|")[1],
                        "year": year,
                        "probability": float(met[:, t].mean()),
                        "draws": values.shape[0],
                    }
                )
    return pd.DataFrame(rows)
