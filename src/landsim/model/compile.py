"""Compile a prepared scenario into the :class:`Model` the engine reads.

Everything here is computed once per run, before the yearly loop: the labels of every
axis, per-parcel arrays (platform and industry indices, base-year figures, 亩均 scores and
classes, the candidate rules that do not change with the year, restrictions), the
adjacency graph, the switches (:class:`~landsim.model.rules.Rules`) and the numbers
(:class:`~landsim.model.params.Params`).
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from landsim.evaluation import evaluate
from landsim.evaluation.candidates import industrial_land, restricted, static_flags
from landsim.evaluation.indicators import figures_matrix
from landsim.evaluation.score import Table, scoring_groups
from landsim.inventory.prepare import Prepared
from landsim.memory import give_back
from landsim.model.codes import NewUse, new_uses
from landsim.model.graph import Neighbours
from landsim.model.params import Reader, build_params
from landsim.model.record import Model, by_area
from landsim.model.rules import build_rules
from landsim.scenario import Scenario
from landsim.units import M2_PER_MU

#: Existing-industry id of firms whose industry the scenario does not list.
UNLISTED = "(unlisted)"


def compile_model(prepared: Prepared, reader: Reader | None = None) -> Model:
    """Build the engine's inputs from a prepared scenario.

    Parameters
    ----------
    prepared
        The scenario with its inventory and adjacency graph.
    reader
        How the scenario's numbers are read (central values by default; Monte Carlo
        and sensitivity runs pass a sampler, see :mod:`landsim.model.params`).
    """
    scn = prepared.scenario
    parcels = prepared.inventory.parcels
    platform_ids = tuple(scn.platforms)
    codes, uniques = pd.factorize(parcels["platform"])
    platform = np.array([platform_ids.index(u) for u in uniques], dtype=np.int64)[codes]
    # the graph and the keys first: their scratch memory is freed (and reused) before
    # the larger tables are built
    graph = Neighbours.from_adjacency(
        prepared.adjacency, None if scn.contiguity.cross_platform else platform
    )
    parcel_key = parcel_keys(parcels["parcel_id"])
    existing_ids = (*scn.existing_industries, UNLISTED)
    industry = match_industries(parcels["industry"], scn)
    industry_id = np.asarray(existing_ids, dtype=object)[industry]
    # land that is not industrial is left out of the programme: not scored, never selected
    industrial = industrial_land(parcels, scn.inventory.industrial_land_uses)
    groups = scoring_groups(parcels, industrial)
    indicators = Table.of(figures_matrix(parcels), groups, industry)
    scores = evaluate(parcels, scn.evaluation, indicators)
    exit_mask = np.isin(industry_id, scn.candidates.exit_industries)
    flags = static_flags(parcels, scores, scn.candidates, exit_mask)
    area = parcels["area_mu"].to_numpy(float)
    operating = parcels["status"].eq("operating").to_numpy()
    tax = parcels["tax"].to_numpy(float)
    when = scn.treatments.vacate_when
    uses = new_uses(scn)
    far = parcels["far"].to_numpy(float)
    idle = parcels["status"].eq("idle").to_numpy()
    default_far = scn.treatments.vacate.default_far
    give_back()  # the scratch memory of the graph, the keys and the indicator table
    return Model(
        years=np.asarray(scn.horizon.all_years),
        platform_ids=platform_ids,
        existing_ids=existing_ids,
        uses=uses,
        parcel_key=parcel_key,
        platform=platform,
        town=_as_objects(parcels["town"]),
        industry=industry,
        area=area,
        far=far,
        floor_m2=np.nan_to_num(far, nan=default_far) * area * M2_PER_MU,
        operating=operating,
        idle=idle,
        base_output=parcels["output"].to_numpy(float),
        base_tax=tax,
        base_va=np.nan_to_num(parcels["value_added"].to_numpy(float)),
        base_jobs=np.nan_to_num(parcels["employees"].to_numpy(float)),
        tax_per_mu=tax / area,
        indicators=indicators,
        base_sums=indicators.sums(len(existing_ids)),
        scores=scores,
        flags=flags,
        exit_vacate=operating & exit_mask & when.exit_industry,
        restricted=restricted(parcels, scn.restrictions, industry_id) | ~industrial,
        idle_by_area=by_area(np.flatnonzero(idle), area),
        graph=graph,
        bridges=None if prepared.bridges is None else Neighbours.from_adjacency(prepared.bridges),
        eligible=_eligibility(scn, uses, platform_ids),
        rules=build_rules(scn, platform_ids, existing_ids, uses),
        params=build_params(scn, reader),
    )


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def match_industries(values: pd.Series | np.ndarray, scn: Scenario) -> np.ndarray:
    """Index of each parcel's existing industry; unmatched values get :data:`UNLISTED`.

    Distinct values are matched once (an empty cell is unlisted).
    """
    lookup: dict[str, int] = {}
    for i, (iid, ind) in enumerate(scn.existing_industries.items()):
        names = [iid, *ind.aliases] + ([ind.name.zh, ind.name.en] if ind.name else [])
        lookup.update({_norm(s): i for s in names})
    unlisted = len(scn.existing_industries)
    inverse, uniques = pd.factorize(pd.Series(values))  # missing → −1
    codes = np.array([lookup.get(_norm(u), unlisted) for u in uniques] + [unlisted])
    return codes.astype(np.int64)[inverse]


def _as_objects(values: pd.Series) -> np.ndarray:
    """Return the column as Python objects (missing: None), made once per distinct value."""
    inverse, uniques = pd.factorize(values)
    return np.append(np.asarray(uniques, dtype=object), None)[inverse]


def _eligibility(
    scn: Scenario, uses: tuple[NewUse, ...], platform_ids: tuple[str, ...]
) -> np.ndarray:
    out = np.zeros((len(uses), len(platform_ids)), dtype=bool)
    for k, use in enumerate(uses):
        if use.is_project:
            out[k, platform_ids.index(scn.major_projects[use.project_id].platform)] = True
            continue
        if use.kind == "relocation":
            target = scn.relocation.platform
            out[k] = [target is None or pid == target for pid in platform_ids]
            continue
        allowed = scn.target_industries[use.id].platforms
        out[k] = [not allowed or pid in allowed for pid in platform_ids]
    return out


def parcel_keys(ids: pd.Series) -> np.ndarray:
    """Hash each parcel id to a stable 64-bit key (the same on every machine and run).

    Ids are hashed as text; a text column is hashed as it is (the same keys as its
    Python strings, without making them). Ids are unique, so they are hashed one by one
    (``categorize=False`` gives the same keys without first finding the distinct ids).
    """
    if not isinstance(ids.dtype, pd.StringDtype):
        ids = ids.astype(str)
    return pd.util.hash_pandas_object(ids, index=False, categorize=False).to_numpy(np.uint64)
