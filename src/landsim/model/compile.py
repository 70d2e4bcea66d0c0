"""Turn a prepared scenario into the static arrays the engine works on.

Everything here is computed once per run, before the yearly loop: platform and industry
indices, base-year figures, 亩均 scores and classes, the candidate rules that do not
change with the year, restrictions, and the adjacency graph as an edge list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.evaluation import Scores, evaluate
from landsim.evaluation.candidates import StaticFlags, restricted, static_flags
from landsim.inventory.prepare import Prepared
from landsim.model.graph import Neighbours
from landsim.scenario import Scenario
from landsim.units import M2_PER_MU

#: Treatment codes used in engine arrays.
NONE, VACATE, UPGRADE, REACTIVATE = 0, 1, 2, 3
TREATMENTS = ("vacate", "upgrade", "reactivate")
#: Existing-industry id of firms whose industry the scenario does not list.
UNLISTED = "(unlisted)"


@dataclass(frozen=True)
class Compiled:
    """Static inputs of the engine (parcels in inventory order).

    Attributes
    ----------
    scenario, prepared
        Where it came from.
    years
        Simulated years; ``base_year = years[0] - 1``.
    platform_ids, existing_ids, target_ids
        Index → id of platforms (scenario order), existing industries (scenario order,
        then :data:`UNLISTED`) and new uses (target industries in assignment order, then
        one entry per major project).
    platform, industry
        Each parcel's platform and existing-industry index.
    town
        Each parcel's town (text).
    area, floor_m2
        Area in mu; floor area in m² (FAR × area; FAR missing → 1.0).
    operating, idle
        Status masks.
    base_output, base_tax, base_va, base_jobs
        Base-year figures (万元, persons; missing value added or employees count as 0 in
        totals, see the accounting conventions).
    tax_per_mu
        Base-year tax per mu.
    scores, flags
        Evaluation and static candidate rules.
    vacate_static
        Operating candidates vacated whatever the year (class or exit-list rule).
    restricted
        Parcels never selected.
    edges
        ``(2, E)`` undirected edges ``i < j`` of the adjacency graph (cross-platform edges
        removed unless clusters may span platforms).
    graph
        The same graph as a CSR neighbour list, for subgraphs of small subsets.
    worst_order
        Parcel indices, worst first: by score ascending, unrated after rated, then by base
        tax per mu, then inventory order.
    eligible
        ``(len(target_ids), n_platforms)``: where each new use may locate.
    """

    scenario: Scenario
    prepared: Prepared
    years: np.ndarray
    platform_ids: list[str]
    existing_ids: list[str]
    target_ids: list[str]
    platform: np.ndarray
    industry: np.ndarray
    town: np.ndarray
    area: np.ndarray
    floor_m2: np.ndarray
    operating: np.ndarray
    idle: np.ndarray
    base_output: np.ndarray
    base_tax: np.ndarray
    base_va: np.ndarray
    base_jobs: np.ndarray
    tax_per_mu: np.ndarray
    scores: Scores
    flags: StaticFlags
    vacate_static: np.ndarray
    restricted: np.ndarray
    edges: np.ndarray
    graph: Neighbours
    worst_order: np.ndarray
    eligible: np.ndarray

    @property
    def n(self) -> int:
        """Number of parcels."""
        return len(self.area)

    @property
    def base_year(self) -> int:
        """The year the inventory describes."""
        return int(self.years[0]) - 1

    @property
    def n_targets(self) -> int:
        """Number of target industries (excluding major projects)."""
        return len(self.scenario.target_industries)


def compile_model(prepared: Prepared) -> Compiled:
    """Build the engine's static arrays from a prepared scenario."""
    scn = prepared.scenario
    p = prepared.inventory.parcels
    platform_ids = list(scn.platforms)
    codes, uniques = pd.factorize(p["platform"])
    platform = np.array([platform_ids.index(u) for u in uniques], dtype=np.int64)[codes]
    existing_ids = [*scn.existing_industries, UNLISTED]
    industry = match_industries(p["industry"].to_numpy(dtype=object), scn)
    industry_id = np.asarray(existing_ids, dtype=object)[industry]
    scores = evaluate(p, scn.evaluation)
    exit_mask = np.isin(industry_id, scn.candidates.exit_industries)
    flags = static_flags(p, scores, scn.candidates, exit_mask)
    area = p["area_mu"].to_numpy(float)
    operating = p["status"].eq("operating").to_numpy()
    tax = p["tax"].to_numpy(float)
    vw = scn.treatments.vacate_when
    vacate_static = operating & (np.isin(scores.klass, vw.classes) | (exit_mask & vw.exit_industry))
    tax_per_mu = tax / area
    return Compiled(
        scenario=scn,
        prepared=prepared,
        years=np.asarray(scn.horizon.years),
        platform_ids=platform_ids,
        existing_ids=existing_ids,
        target_ids=_target_ids(scn),
        platform=platform,
        town=p["town"].to_numpy(dtype=object),
        industry=industry,
        area=area,
        floor_m2=np.nan_to_num(p["far"].to_numpy(float), nan=1.0) * area * M2_PER_MU,
        operating=operating,
        idle=p["status"].eq("idle").to_numpy(),
        base_output=p["output"].to_numpy(float),
        base_tax=tax,
        base_va=np.nan_to_num(p["value_added"].to_numpy(float)),
        base_jobs=np.nan_to_num(p["employees"].to_numpy(float)),
        tax_per_mu=tax_per_mu,
        scores=scores,
        flags=flags,
        vacate_static=vacate_static,
        restricted=restricted(p, scn.restrictions, industry_id),
        edges=(edges := _edges(prepared, platform, scn.contiguity.cross_platform)),
        graph=Neighbours.from_edges(len(area), edges),
        worst_order=np.lexsort(
            (
                np.arange(len(area)),
                tax_per_mu,
                np.isnan(scores.score),
                np.nan_to_num(scores.score, nan=np.inf),
            )
        ),
        eligible=_eligibility(scn, platform_ids),
    )


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def match_industries(values: np.ndarray, scn: Scenario) -> np.ndarray:
    """Index of each parcel's existing industry; unmatched values get :data:`UNLISTED`."""
    lookup: dict[str, int] = {}
    for i, (iid, ind) in enumerate(scn.existing_industries.items()):
        names = [iid, *ind.aliases] + ([ind.name.zh, ind.name.en] if ind.name else [])
        lookup.update({_norm(s): i for s in names})
    unlisted = len(scn.existing_industries)
    inverse, uniques = pd.factorize(pd.Series(values).astype(str))
    codes = np.array([lookup.get(_norm(u), unlisted) for u in uniques], dtype=np.int64)
    return codes[inverse]


def _target_ids(scn: Scenario) -> list[str]:
    order = scn.pipeline.assign_order or list(scn.target_industries)
    rest = [t for t in scn.target_industries if t not in order]
    return [*order, *rest, *(f"project:{j}" for j in scn.major_projects)]


def _eligibility(scn: Scenario, platform_ids: list[str]) -> np.ndarray:
    ids = _target_ids(scn)
    out = np.zeros((len(ids), len(platform_ids)), dtype=bool)
    for k, tid in enumerate(ids):
        if tid.startswith("project:"):
            proj = scn.major_projects[tid.removeprefix("project:")]
            out[k, platform_ids.index(proj.platform)] = True
            continue
        allowed = scn.target_industries[tid].platforms
        out[k] = [not allowed or pid in allowed for pid in platform_ids]
    return out


def _edges(prepared: Prepared, platform: np.ndarray, cross_platform: bool) -> np.ndarray:
    coo = prepared.adjacency.tocoo()
    i, j = coo.row, coo.col
    keep = i < j
    if not cross_platform:
        keep &= platform[i] == platform[j]
    return np.vstack([i[keep], j[keep]]).astype(np.int64)
