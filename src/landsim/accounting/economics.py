"""Yearly output, tax, value added, jobs, money and land, for many draws at once.

Conventions (see ``docs/accounting.md``):

* The inventory describes the base year, ``start − 1``; existing firms grow at their
  industry's rate: a figure in year *y* is ``base × (1 + g) ** (y − base_year)``.
  Jobs of existing firms stay at the base year's.
* A parcel vacated in year *t* produces nothing from year *t* on.
* An upgraded parcel keeps producing; from year ``t + lag`` its output, tax and value
  added are raised by the uplift.
* Land is ready in ``t + prep``; a new use takes it (transfer, 出让) in a year ``τ`` when its
  demand allows; production begins in ``τ + construction`` at the ramp-up shares, then
  full output, which grows at the new industry's rate from the first full year.
* Money is counted in the year it is paid or received, in 万元: compensation and
  subsidies at selection, land revenue at transfer, investment spread evenly over the
  construction years (all in the transfer year when construction takes 0 years).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.axes import DRAW, PLATFORM, USE, YEAR, array
from landsim.engine.bins import Bins
from landsim.model import Model, Params
from landsim.model.uses import ramp_lengths

QUANTITIES = ("output", "tax", "value_added", "jobs")


@dataclass(frozen=True)
class Outcome:
    """Yearly figures by draw, platform and year (each field declares its axes).

    Attributes
    ----------
    baseline, programme
        Per quantity (``output``, ``tax``, ``value_added``, ``jobs``).
    uplift
        Per quantity: the part of ``programme`` due to upgrades in place.
    relocated
        Per quantity: the part of ``programme`` produced by vacated firms that relocated
        in the district.
    new_uses
        Per quantity: the part of ``programme`` produced by each new use.
    base
        Per quantity: the base-year figure.
    area
        Mu by measure: ``vacated``, ``upgraded``, ``reactivated``, ``contiguous`` (flows in
        the year) and land states at the end of the year: ``existing``, ``upgraded_land``,
        ``preparing``, ``reserve``, ``construction``, ``new_production``.
    money
        万元 by flow: ``compensation``, ``subsidy``, ``land_revenue``, ``investment``, ``net``.
    total_area
        Mu of each platform.
    """

    baseline: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="quantity")
    programme: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="quantity")
    uplift: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="quantity")
    relocated: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="quantity")
    new_uses: dict[str, np.ndarray] = array(DRAW, PLATFORM, USE, YEAR, per="quantity")
    base: dict[str, np.ndarray] = array(PLATFORM, per="quantity")
    area: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="measure")
    money: dict[str, np.ndarray] = array(DRAW, PLATFORM, YEAR, per="flow")
    total_area: np.ndarray = array(PLATFORM)


def compute(model: Model, h: Bins) -> Outcome:
    """Compute every yearly figure from the binned events *h* with the model's parameters."""
    c, p = model, model.params
    n_t, n_p, n_i = len(c.years), len(c.platform_ids), len(c.existing_ids)
    steps = np.arange(1, n_t + 1)  # years since the base year
    growth = (1.0 + p.growth_old)[:, :, None] ** steps[None, None, :]  # (D, I, T)
    base_pi = _by_platform_industry(c, n_p, n_i)  # (4, P, I)
    stopped_cum = np.cumsum(h.stopped, axis=-1)  # (D, 4, P, I, T)
    # an upgrade's uplift starts after its lag and stops when the parcel is vacated
    upgraded_cum = _shift_by_lag(np.cumsum(h.upgraded, axis=-1), p.upgrade_lag) - np.cumsum(
        h.uplift_stopped, axis=-1
    )
    # relocated firms restart after their lag, at the share of their figures they keep
    relocated_cum = c.rules.relocation.keep * _shift_by_lag(
        np.cumsum(h.relocated, axis=-1), p.relocation_lag
    )
    baseline, programme, new_uses, uplift, relocated = {}, {}, {}, {}, {}
    new = _new_production(c, p, h)
    for q, name in enumerate(QUANTITIES):
        g = growth if name != "jobs" else np.ones_like(growth)
        baseline[name] = np.einsum("pi,dit->dpt", base_pi[q], g)
        old = np.einsum("dpit,dit->dpt", base_pi[q][None, :, :, None] - stopped_cum[:, q], g)
        uplift[name] = np.zeros_like(old)
        if q < 3:
            uplift[name] = p.upgrade_uplift[:, q, None, None] * np.einsum(
                "dpit,dit->dpt", upgraded_cum[:, q], g
            )
        relocated[name] = np.einsum("dpit,dit->dpt", relocated_cum[:, q], g)
        new_uses[name] = new[name]
        programme[name] = old + uplift[name] + relocated[name] + new[name].sum(axis=2)
    base = {name: base_pi[q].sum(axis=1) for q, name in enumerate(QUANTITIES)}
    return Outcome(
        baseline,
        programme,
        uplift,
        relocated,
        new_uses,
        base,
        _land(c, p, h),
        _money(c, p, h),
        np.bincount(c.platform, c.area, minlength=n_p),
    )


def _by_platform_industry(c: Model, n_p: int, n_i: int) -> np.ndarray:
    key = c.platform * n_i + c.industry
    figures = (c.base_output, c.base_tax, c.base_va, c.base_jobs)
    return np.stack([np.bincount(key, f, minlength=n_p * n_i).reshape(n_p, n_i) for f in figures])


def _shift_by_lag(cum: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """``out[d, ..., t] = cum[d, ..., t − lag[d]]`` (0 before the first year)."""
    n_t = cum.shape[-1]
    t = np.arange(n_t)[None, :] - lag[:, None]  # (D, T)
    padded = np.concatenate([np.zeros((*cum.shape[:-1], 1)), cum], axis=-1)
    idx = np.where(t < 0, 0, t + 1)
    shape = (cum.shape[0],) + (1,) * (cum.ndim - 2) + (n_t,)
    return np.take_along_axis(padded, idx.reshape(shape), axis=-1)


def _profiles(p: Params, n_t: int) -> tuple[np.ndarray, np.ndarray]:
    """Output and jobs shares ``(D, K, T)`` in the j-th year after production begins."""
    d, k, _ = p.ramp.shape
    j = np.arange(n_t)
    out = np.ones((d, k, n_t))
    jobs = np.ones((d, k, n_t))
    length = ramp_lengths(p.ramp[0])  # (K,)
    for kk in range(k):
        steps = min(length[kk], n_t)
        out[:, kk, :steps] = p.ramp[:, kk, :steps]
        jobs[:, kk, :steps] = p.ramp[:, kk, :steps]
        full = j >= length[kk]
        out[:, kk, full] = (1.0 + p.new_growth[:, kk, None]) ** (j[full] - length[kk])
    return out, jobs


def _new_production(c: Model, p: Params, h: Bins) -> dict[str, np.ndarray]:
    """Output, tax, value added and jobs of new uses, ``(D, P, K, T)`` each."""
    d, n_p, k, n_t = h.transferred.shape
    prof_out, prof_jobs = _profiles(p, n_t)
    per_mu = {"output": p.new_output, "tax": p.new_tax, "value_added": p.new_va, "jobs": p.new_jobs}
    out = {name: np.zeros((d, n_p, k, n_t)) for name in QUANTITIES}
    t = np.arange(n_t)
    for tau in range(n_t):
        area = h.transferred[..., tau]  # (D, P, K)
        if not area.any():
            continue
        j = t[None, None, :] - tau - p.construction[:, :, None]  # (D, K, T)
        jj = np.clip(j, 0, n_t - 1)
        on = j >= 0
        share_out = np.where(on, np.take_along_axis(prof_out, jj, axis=2), 0.0)
        share_jobs = np.where(on, np.take_along_axis(prof_jobs, jj, axis=2), 0.0)
        for name in QUANTITIES:
            share = share_jobs if name == "jobs" else share_out
            out[name] += area[..., None] * (per_mu[name][:, None, :, None] * share[:, None, :, :])
    return out


def _land(c: Model, p: Params, h: Bins) -> dict[str, np.ndarray]:
    sel = h.selected
    total = np.bincount(c.platform, c.area, minlength=len(c.platform_ids))[None, :, None]
    land_cum = np.cumsum(sel[:, 0] + sel[:, 2], axis=-1)
    ready_cum = np.cumsum(h.ready, axis=-1)
    moved_cum = np.cumsum(h.transferred.sum(axis=2), axis=-1)
    producing = _producing(p, h)
    states = {
        "upgraded_land": np.cumsum(sel[:, 1] - h.upgrade_ended, axis=-1),
        "preparing": land_cum - ready_cum,
        "reserve": ready_cum - moved_cum,
        "construction": moved_cum - producing,
        "new_production": producing,
    }
    states["existing"] = total - sum(states.values())
    states = {k: np.where(np.abs(v) < 1e-6, 0.0, v) for k, v in states.items()}  # float noise
    flows = {
        "vacated": sel[:, 0],
        "upgraded": sel[:, 1],
        "reactivated": sel[:, 2],
        "contiguous": h.contiguous,
        "relocation_new_land": h.relocation_new_land,
    }
    return {**flows, **states}


def _producing(p: Params, h: Bins) -> np.ndarray:
    """``(D, P, T)`` mu of new uses in production (year ≥ transfer + construction)."""
    d, n_p, _, n_t = h.transferred.shape
    start = np.arange(n_t)[None, :, None] + p.construction[:, None, :]  # (D, τ, K)
    out = np.zeros((d, n_p, n_t))
    for t in range(n_t):
        on = (start <= t).transpose(0, 2, 1)  # (D, K, τ)
        out[:, :, t] = np.einsum("dpkt,dkt->dp", h.transferred, on)
    return out


def _money(c: Model, p: Params, h: Bins) -> dict[str, np.ndarray]:
    d, n_p, _, n_t = h.transferred.shape
    compensation = h.paid[:, 0] + h.paid[:, 2]
    subsidy = h.paid[:, 1]
    land_revenue = h.transferred.sum(axis=2) * p.land_price[:, :, None]
    spend = h.transferred * p.new_investment[:, None, :, None]  # (D, P, K, τ)
    investment = np.zeros((d, n_p, n_t))
    b = p.construction  # (D, K)
    for tau in range(n_t):
        for s in range(n_t - tau):
            share = np.where(b == 0, s == 0, (s < b) / np.maximum(b, 1))  # (D, K)
            investment[:, :, tau + s] += np.einsum("dpk,dk->dp", spend[..., tau], share)
    net = land_revenue - compensation - subsidy
    return {
        "compensation": compensation,
        "subsidy": subsidy,
        "land_revenue": land_revenue,
        "investment": investment,
        "net": net,
    }
