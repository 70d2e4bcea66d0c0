"""Areas, contiguous areas, land sold and money of a back-test, simulated against actual."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from landsim.analysis.replay import Paths
from landsim.analysis.truth import Truth
from landsim.model import TREATED, Model

#: Each quantity: what it sums, and its unit.
QUANTITIES = {
    "area_any": "mu",
    **{f"area_{t.label}": "mu" for t in TREATED},
    "contiguous": "mu",
    "transferred": "mu",
    "production": "mu",
    **{f"paid_{t.label}": "万元" for t in TREATED},
    "paid_total": "万元",
}


def sums_by_year(
    years: np.ndarray, weights: np.ndarray, platform: np.ndarray, n_p: int, n_t: int
) -> np.ndarray:
    """Sum *weights* of parcels by year and platform: ``(D, Y, P + 1)``.

    *years* are ``(D, N)`` year indices (−1: not counted); the last column is the district.
    """
    years = np.atleast_2d(years)
    d = years.shape[0]
    draw, parcel = np.nonzero(years >= 0)
    key = (draw * n_p + platform[parcel]) * n_t + years[draw, parcel]
    sums = np.bincount(key, weights[parcel], minlength=d * n_p * n_t).reshape(d, n_p, n_t)
    sums = sums.transpose(0, 2, 1)
    return np.concatenate([sums, sums.sum(axis=2, keepdims=True)], axis=2)


def _quantities(years: dict[str, np.ndarray], contiguous: np.ndarray, model: Model) -> dict:
    """Area quantities ``(D, Y, G)`` from per-draw year arrays."""
    n_p, n_t = len(model.platform_ids), len(model.years)

    def total(when: np.ndarray) -> np.ndarray:
        return sums_by_year(when, model.area, model.platform, n_p, n_t)

    out = {"area_any": total(years["any"])}
    for t in TREATED:
        out[f"area_{t.label}"] = total(years[t.label])
    out["contiguous"] = total(np.where(contiguous, years["vacate"], -1))
    out["transferred"] = total(years["transfer"])
    out["production"] = total(years["production"])
    return out


def _money(paid: np.ndarray) -> dict[str, np.ndarray]:
    """``(D, Y, G)`` money per treatment and in all, from ``(D, treatment, P, Y)``."""
    by_t = paid.transpose(0, 1, 3, 2)  # (D, k, Y, P)
    by_t = np.concatenate([by_t, by_t.sum(axis=3, keepdims=True)], axis=3)
    out = {f"paid_{t.label}": by_t[:, k] for k, t in enumerate(TREATED)}
    out["paid_total"] = by_t.sum(axis=1)
    return out


def totals_table(truth: Truth, sources: dict[str, Paths], model: Model) -> pd.DataFrame:
    """``year, platform, quantity, unit, actual, model, model_draws, baseline``.

    ``actual`` is empty for what the history does not record (land sold, production,
    money).
    """
    real = _quantities(truth.years, truth.contiguous, model)
    if truth.paid is not None:
        real |= _money(truth.paid[None])
    sims = {}
    for name, paths in sources.items():
        years = {k: paths.of(k) for k in ("any", *(t.label for t in TREATED))}
        years |= {"transfer": paths.transfer, "production": paths.production}
        sims[name] = _quantities(years, paths.contiguous, model) | _money(paths.paid)
    groups = [*model.platform_ids, "district"]
    n_t, n_g = len(model.years), len(groups)
    frames = []
    for quantity, unit in QUANTITIES.items():
        recorded = {"transferred": "transfer", "production": "production"}.get(quantity, "paid")
        missing = quantity.startswith("paid") or quantity in ("transferred", "production")
        actual = (
            np.full((n_t, n_g), np.nan)
            if missing and recorded not in truth.known
            else real[quantity][0]
        )
        frame = pd.DataFrame(
            {
                "year": np.repeat(model.years.astype(int), n_g),
                "platform": np.tile(groups, n_t),
                "quantity": quantity,
                "unit": unit,
                "actual": np.ravel(actual),
            }
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for name in ("model", "model_draws", "baseline"):
                values = sims[name][quantity] if name in sims else None
                frame[name] = (
                    np.nan
                    if values is None
                    else np.ravel(values[0] if name == "model" else values.mean(axis=0))
                )
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
