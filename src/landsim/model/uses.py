"""The numbers of every new use: per-mu figures, lags, ramp-up and demand.

A number is looked up along a chain of scenario sections, most specific first: a major
project's phase, the project, its target industry, then ``pipeline`` defaults. Jobs per mu
are given, or follow from value added per mu ÷ value added per worker (全员劳动生产率).
Relocation land produces nothing itself (relocated firms are booked from their old
figures); it only carries its investment per mu.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from landsim.model.codes import NewUse
from landsim.model.reader import Reader
from landsim.scenario import Scenario

#: Per-use numbers with a (draw, use) shape; ``demand`` is (draw, use, year).
FIELDS = (
    "new_output",
    "new_tax",
    "new_va",
    "new_jobs",
    "new_investment",
    "new_growth",
    "construction",
)

Chain = list[tuple[Any, str]]


def use_numbers(
    scenario: Scenario, uses: tuple[NewUse, ...], years: np.ndarray, r: Reader
) -> dict[str, np.ndarray]:
    """Every per-use array of :class:`~landsim.model.params.Params`, stacked on the use axis."""
    columns = [_one_use(scenario, use, years, r) for use in uses]
    out = {
        k: np.stack([c[k] for c in columns], axis=1) if columns else np.zeros((r.draws, 0))
        for k in FIELDS
    }
    out["demand"] = (
        np.stack([c["demand"] for c in columns], axis=1)
        if columns
        else np.zeros((r.draws, 0, len(years)))
    )
    out["ramp"] = _ramps([c["ramp"] for c in columns], r.draws)
    return out


def _one_use(s: Scenario, use: NewUse, years: np.ndarray, r: Reader) -> dict[str, Any]:
    if use.kind == "relocation":
        return _relocation(s, years, r)
    chain = _chain(s, use)
    industry_path = chain[-1][1]
    industry = chain[-1][0]
    if use.is_project:
        demand = np.zeros((r.draws, len(years)))
    else:
        demand = r.yearly(industry.demand_mu, f"{industry_path}.demand_mu", years, 0.0)
    va = _pick(r, chain, "value_added_per_mu")
    return {
        "new_output": _pick(r, chain, "output_per_mu"),
        "new_tax": _pick(r, chain, "tax_per_mu"),
        "new_va": va,
        "new_jobs": _jobs(s, r, chain, va),
        "new_investment": _pick(r, chain, "investment_per_mu"),
        "new_growth": r.num(industry.growth, f"{industry_path}.growth"),
        "construction": _lag(s, r, chain),
        "demand": demand,
        "ramp": _ramp(s, r, industry, industry_path),
    }


def _chain(s: Scenario, use: NewUse) -> Chain:
    """Scenario sections a use's numbers come from, most specific first."""
    if not use.is_project:
        return [(s.target_industries[use.id], f"target_industries.{use.id}")]
    jid = use.project_id
    proj = s.major_projects[jid]
    chain: Chain = []
    if proj.phases:
        k = int(use.id.split("#")[1]) - 1 if "#" in use.id else 0
        chain.append((proj.phases[k], f"major_projects.{jid}.phases[{k}]"))
    chain.append((proj, f"major_projects.{jid}"))
    chain.append((s.target_industries[proj.industry], f"target_industries.{proj.industry}"))
    return chain


def _pick(r: Reader, chain: Chain, name: str) -> np.ndarray:
    for section, path in chain:
        value = getattr(section, name, None)
        if value is not None:
            return r.num(value, f"{path}.{name}")
    raise KeyError(name)  # pragma: no cover - the industry always has the figure


def _jobs(s: Scenario, r: Reader, chain: Chain, va: np.ndarray) -> np.ndarray:
    """Jobs per mu: given, or value added per mu ÷ value added per worker."""
    for section, path in chain:
        if getattr(section, "jobs_per_mu", None) is not None:
            return r.num(section.jobs_per_mu, f"{path}.jobs_per_mu")
    for section, path in chain:
        if getattr(section, "value_added_per_worker", None) is not None:
            per_worker = r.num(section.value_added_per_worker, f"{path}.value_added_per_worker")
            break
    else:
        per_worker = r.num(s.pipeline.value_added_per_worker, "pipeline.value_added_per_worker")
    return va / np.maximum(per_worker, 1e-9)


def _lag(s: Scenario, r: Reader, chain: Chain) -> np.ndarray:
    for section, path in chain:
        if getattr(section, "construction_years", None) is not None:
            return r.years(section.construction_years, f"{path}.construction_years")
    return r.years(s.pipeline.construction_years, "pipeline.construction_years")


def _ramp(s: Scenario, r: Reader, industry: Any, path: str) -> list[np.ndarray]:
    ramp, rpath = (
        (industry.ramp_up, f"{path}.ramp_up")
        if industry.ramp_up is not None
        else (s.pipeline.ramp_up, "pipeline.ramp_up")
    )
    return [r.num(v, f"{rpath}[{i}]") for i, v in enumerate(ramp)]


def _relocation(s: Scenario, years: np.ndarray, r: Reader) -> dict[str, Any]:
    zero = np.zeros(r.draws)
    return {
        "new_output": zero,
        "new_tax": zero,
        "new_va": zero,
        "new_jobs": zero,
        "new_investment": r.num(s.relocation.investment_per_mu, "relocation.investment_per_mu"),
        "new_growth": zero,
        "construction": np.zeros(r.draws, dtype=np.int64),
        "demand": np.zeros((r.draws, len(years))),
        "ramp": [],
    }


def _ramps(ramps: list[list[np.ndarray]], draws: int) -> np.ndarray:
    """``(draws, use, ramp)`` shares, padded with 1.0 (full output)."""
    width = max((len(x) for x in ramps), default=0)
    out = np.ones((draws, len(ramps), max(width, 1)))
    for k, steps in enumerate(ramps):
        for i, v in enumerate(steps):
            out[:, k, i] = v
    return out if width else out[:, :, :0]


def ramp_lengths(ramp: np.ndarray) -> np.ndarray:
    """Ramp-up years of each new use, from ``(use, ramp)`` shares padded with 1.0.

    The ramp ends after the last share below full output.
    """
    if ramp.shape[1] == 0:
        return np.zeros(ramp.shape[0], dtype=int)
    below = ramp < 1.0
    last = np.where(below.any(axis=1), ramp.shape[1] - np.argmax(below[:, ::-1], axis=1), 0)
    return last.astype(int)
