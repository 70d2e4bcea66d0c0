"""Rules that flag inefficient land (低效用地) and parcels that may never be selected."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.axes import PARCEL, array
from landsim.evaluation.score import Scores
from landsim.scenario.schema.evaluation import Candidates, Restrictions


@dataclass(frozen=True)
class StaticFlags:
    """Candidate rules that do not change over the years, one boolean array per rule."""

    by_class: np.ndarray = array(PARCEL)
    low_far: np.ndarray = array(PARCEL)
    idle: np.ndarray = array(PARCEL)
    exit_industry: np.ndarray = array(PARCEL)

    @property
    def any(self) -> np.ndarray:
        """Parcels flagged by at least one static rule."""
        return self.by_class | self.low_far | self.idle | self.exit_industry


def static_flags(
    parcels: pd.DataFrame, scores: Scores, spec: Candidates, exit_mask: np.ndarray
) -> StaticFlags:
    """Evaluate the rules that do not depend on the year.

    The tax-per-mu rule depends on projected tax and on the year's threshold; the engine
    applies it year by year.
    """
    operating = parcels["status"].eq("operating").to_numpy()
    far = parcels["far"].to_numpy(dtype=float)
    by_class = np.isin(scores.klass, spec.classes) & operating
    low_far = (far < spec.far_below) if spec.far_below is not None else np.zeros(len(far), bool)
    idle = parcels["status"].eq("idle").to_numpy() & spec.idle
    return StaticFlags(by_class, low_far & operating, idle, exit_mask & operating)


def restricted(parcels: pd.DataFrame, spec: Restrictions, industry_ids: np.ndarray) -> np.ndarray:
    """Parcels that must never be selected.

    Parameters
    ----------
    parcels
        The inventory.
    spec
        The scenario's ``restrictions``.
    industry_ids
        Each parcel's existing-industry id (as matched by the engine).
    """
    out = parcels["status"].isin(spec.statuses).to_numpy()
    for values, listed in ((parcels["parcel_id"], spec.parcel_ids), (parcels["town"], spec.towns)):
        if listed:
            out = out | values.isin(listed).to_numpy()
    if spec.industries:
        out = out | np.isin(industry_ids, spec.industries)
    if spec.use_restricted_column:
        out = out | parcels["restricted"].fillna(False).astype(bool).to_numpy()
    return out


def industrial_land(parcels: pd.DataFrame, listed: Iterable[str]) -> np.ndarray:
    """Parcels on industrial land: the programme's land (腾笼换鸟 and the 亩均 evaluation).

    Parameters
    ----------
    parcels
        The inventory (its ``land_use`` column).
    listed
        The scenario's ``inventory.industrial_land_uses``.

    Returns
    -------
    numpy.ndarray
        True where the land use is listed (ignoring case, surrounding spaces and
        full-width forms) or not given (no column, or an empty cell).
    """
    if "land_use" not in parcels:
        return np.ones(len(parcels), dtype=bool)
    accepted = {_plain(s) for s in listed}
    codes, uniques = pd.factorize(parcels["land_use"])  # missing → −1
    keep = [_plain(u) in accepted or not _plain(u) for u in uniques]
    return np.array([*keep, True], dtype=bool)[codes]


def _plain(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()
