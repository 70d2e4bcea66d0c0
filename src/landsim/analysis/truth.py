"""What really happened, on the model's axes: the truth a back-test scores against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.inventory.history import History
from landsim.model import TREATED, Model
from landsim.model.graph import components

#: The treatments scored, ``any`` being the first treatment of a parcel.
KINDS = ("any", "vacate", "upgrade", "reactivate")
NONE = -1


@dataclass(frozen=True)
class Truth:
    """The history as year indices on the model's years (−1: not in them).

    Attributes
    ----------
    years
        ``(parcels,)`` year index of each of :data:`KINDS`, and of ``transfer`` and
        ``production`` (vacated or reactivated land sold, and producing).
    contiguous
        Whether each vacated parcel lies in a cluster of parcels vacated in reality that
        meets the scenario's 连片 rule (``contiguity.min_cluster_mu``, ``scope``).
    paid
        ``(treatment, platform, year)`` 万元 paid, or None when the history has no
        compensation column.
    known
        Which of ``transfer``, ``production`` and ``paid`` the history records.
    """

    years: dict[str, np.ndarray]
    contiguous: np.ndarray
    paid: np.ndarray | None
    known: frozenset[str]


def truth_of(history: History, model: Model) -> Truth:
    """Put *history* on the axes of *model* (whose years are the back-test's)."""
    n, first = model.n, int(model.years[0])
    n_t = len(model.years)

    def index(years: np.ndarray) -> np.ndarray:
        idx = np.where(years >= 0, years - first, NONE)
        return np.where(idx < n_t, idx, NONE).astype(np.int8)

    years = {t.label: index(history.years(t.label, n)) for t in TREATED}
    stacked = np.stack([years[t.label] for t in TREATED])
    big = np.iinfo(np.int8).max
    any_year = np.where(stacked >= 0, stacked, big).min(axis=0)
    years["any"] = np.where(any_year == big, NONE, any_year).astype(np.int8)
    known = set()
    for column, name in (("year_transfer", "transfer"), ("year_production", "production")):
        years[name] = index(history.land_years(column, n))
        if history.has(column):
            known.add(name)
    paid = None
    if history.has("compensation"):
        known.add("paid")
        paid = _paid(history, model)
    return Truth(years, contiguous_in_reality(model, years["vacate"]), paid, frozenset(known))


def contiguous_in_reality(model: Model, vacated: np.ndarray) -> np.ndarray:
    """Which parcels vacated in year index *vacated* count as contiguous, by the engine's rule.

    With ``contiguity.scope: year`` clusters are formed by the parcels vacated in the same
    year; with ``cumulative`` a year's parcels also join those vacated before.
    """
    out = np.zeros(model.n, dtype=bool)
    cumulative = model.rules.contiguity_scope == "cumulative"
    for t in range(len(model.years)):
        now = vacated == t
        if not now.any():
            continue
        members = (vacated >= 0) & (vacated <= t) if cumulative else now
        labels, count = components(model.graph, members)
        area = np.bincount(labels[members], model.area[members], minlength=count)
        out[now] = area[labels[now]] >= model.rules.min_cluster_mu - 1e-9
    return out


def _paid(history: History, model: Model) -> np.ndarray:
    n_t, n_p = len(model.years), len(model.platform_ids)
    ev = history.events
    money = ev["compensation"].to_numpy(dtype=float, na_value=np.nan)
    parcel = ev["parcel"].to_numpy(dtype=np.int64)
    t = ev["year"].to_numpy(dtype=np.int64) - int(model.years[0])
    out = np.zeros((len(TREATED), n_p, n_t))
    for k, treatment in enumerate(TREATED):
        rows = (ev["treatment"] == treatment.label).to_numpy() & (t >= 0) & (t < n_t)
        key = model.platform[parcel[rows]] * n_t + t[rows]
        out[k] = np.bincount(key, np.nan_to_num(money[rows]), minlength=n_p * n_t).reshape(n_p, n_t)
    return out
