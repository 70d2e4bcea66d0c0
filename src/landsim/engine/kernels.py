"""Compiled passes: the year's candidates and their owners' refusals; land to its users.

One loop reads each parcel once and decides everything the year's selection needs of it:
whether it may be treated (untreated, or upgraded and past its cool-down), which rules
flag it, its treatment, its tax per mu in the data year, and whether its owner refuses
(a keyed uniform, :func:`landsim.streams.uniform`). The rules are those of
:mod:`landsim.engine.candidates`; see docs/accounting.md.
"""

from __future__ import annotations

import numba
import numpy as np

from landsim.engine.fill import EPS
from landsim.streams import uniform

#: Treatment codes, as in :class:`landsim.model.codes.Treatment`.
NONE, VACATE, UPGRADE, REACTIVATE = 0, 1, 2, 3


@numba.njit(cache=True, nogil=True)
def candidate_kernel(parcels, flags, state, year, rules):  # pragma: no cover - compiled
    """Return each parcel's pool (a treatment code, or 0), refusal and tax per mu, and lists.

    The lists are each treatment's candidates without owners who refused, in inventory
    order: row ``k − 1`` of the ``(3, m)`` array holds treatment ``k``'s first
    ``counts[k − 1]`` entries (what follows is scratch; *m* is one more than the number
    of parcels flagged).

    Parameters
    ----------
    parcels
        ``(restricted, operating, idle, industry, tax_per_mu, parcel_key)``.
    flags
        ``(low_far, idle_flag, exit_industry, exit_vacate)``: the static rules.
    state
        ``(treatment, upgrade_year, code)``: each parcel's latest treatment, the year index
        of its upgrade (−1), and its class code this year.
    year
        ``(t, growth_ind, tax_uplift, lag, wait, candidate_tax, vacate_tax, refusal,
        head)``: the year index, each industry's growth since the base year, the upgrade's
        tax factor and lag, the cool-down, the two tax thresholds, the refusal probability
        and the key of this year's refusals.
    rules
        ``(candidate_classes, vacate_classes, renovated)``: ``(5,)`` masks of class codes,
        and whether an upgrade lifts a parcel out of the low-FAR rule.

    Each flagged parcel's treatment is decided without a branch (the tests are combined
    with ``&`` and ``|``, as in :func:`_flagged`); the lists are as long as the flagged
    parcels, not the inventory (0.1 ms of a 0.8 ms call went to the larger allocation).
    """
    _, operating, idle, _, _, keys = parcels
    exit_vacate = flags[3]
    treatment, _, code = state
    vacate_tax, refusal, head = year[6:]
    _, vacate_classes, _ = rules
    n = operating.size
    tax, flagged = _flagged(parcels, flags, state, year, rules)
    pool = np.zeros(n, dtype=np.int8)
    refused = np.zeros(n, dtype=np.bool_)
    lists = np.empty((3, flagged.size + 1), dtype=np.int64)
    counts = np.zeros(3, dtype=np.int64)
    draws = refusal > 0
    for i in flagged:
        treat = treatment[i]
        fresh = treat == NONE
        works = operating[i] & (treat != VACATE)
        no = draws and uniform(keys[i], head) < refusal
        vacate = works & (vacate_classes[code[i]] | exit_vacate[i] | (tax[i] < vacate_tax))
        upgrade = fresh & works & ~vacate
        reactivate = fresh & idle[i] & ~vacate & ~upgrade
        k = vacate * VACATE + upgrade * UPGRADE + reactivate * REACTIVATE
        pool[i] = k
        refused[i] = no
        if k > 0:
            lists[k - 1, counts[k - 1]] = i
            counts[k - 1] += not no  # a refusal's entry is overwritten by the next
    return pool, refused, tax, lists, counts


@numba.njit(cache=True, nogil=True)
def _flagged(parcels, flags, state, year, rules):  # pragma: no cover - compiled
    """Every parcel's tax per mu, and the parcels that may be treated and are flagged.

    Arguments as :func:`candidate_kernel`'s. One pass without a branch per parcel (its
    tests are combined with ``&`` and ``|``): most parcels are not candidates, and a
    loop that stops early at each test mispredicts (the whole candidate pass took 0.94
    ms on 97,536 parcels that way, 0.84 ms this way).
    """
    restricted, operating, _, industry, tax_per_mu, _ = parcels
    low_far, idle_flag, exit_industry, _ = flags
    treatment, upgrade_year, code = state
    t, growth_ind, tax_uplift, lag, wait, candidate_tax = year[:6]
    candidate_classes, _, renovated = rules
    n = restricted.size
    tax = np.empty(n)
    found = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        treat = treatment[i]
        upgraded = treat == UPGRADE
        lifted = upgraded & (t - 1 >= upgrade_year[i] + lag)
        tax[i] = tax_per_mu[i] * growth_ind[industry[i]] * (tax_uplift if lifted else 1.0)
        may = ~restricted[i] & ((treat == NONE) | (upgraded & (t >= upgrade_year[i] + wait)))
        works = operating[i] & (treat != VACATE)
        far = low_far[i] & ~(upgraded & renovated)
        rule = candidate_classes[code[i]] | far | exit_industry[i] | (tax[i] < candidate_tax)
        found[m] = i
        m += may & ((rule & works) | idle_flag[i])
    return tax, found[:m]


@numba.njit(cache=True, nogil=True)
def industries_take(waiting, parcels, demand, invest, budget, use):  # pragma: no cover
    """Offer the *waiting* parcels (in order) to each target industry in turn.

    Industry *k* takes, greedily, each parcel of a platform it may use
    (``eligible[k, platform]``) that fits its demand left and the investment left
    (``budget``, ``inf`` for none), as :func:`landsim.engine.fill.greedy_fill` would.
    *parcels* is ``(area, platform, eligible)``; *use* (one per waiting parcel, ``-1``:
    none yet) receives the industries. Returns the investment left.
    """
    area, platform, eligible = parcels
    finite = np.isfinite(budget)
    open_left = waiting.size
    for k in range(demand.size):
        d = demand[k]
        if d <= 0 or open_left == 0:
            continue
        offered = False
        b = max(budget, 0.0)
        for j in range(waiting.size):
            i = waiting[j]
            if use[j] >= 0 or not eligible[k, platform[i]]:
                continue
            offered = True
            a = area[i]
            if a > d + EPS:
                continue
            if finite:
                c = a * invest[k]
                if c > b + EPS:
                    continue
                b -= c
            d -= a
            use[j] = k
            open_left -= 1
        if offered and finite:
            budget = b
    return budget


@numba.njit(cache=True, nogil=True)
def land_ready(state, prep, project_use, t):  # pragma: no cover - compiled
    """Mark land ready and give project blocks to their projects; return land and waiting.

    One pass over the parcels does, for each vacated or reactivated parcel, what
    :func:`landsim.engine.assign.assign_year` describes: the year it is ready (its
    treatment's year plus this draw's preparation lag, once), its project's use when it
    belongs to a project block (transferred when ready), and whether it waits for a user
    in year index *t*.

    Parameters
    ----------
    state
        ``(treatment, year, project, use, ready, transfer)`` of every parcel; the last
        three are written.
    prep
        ``(vacate, reactivate)``: this draw's preparation lags, in years.
    project_use
        The new use of each major-project phase.
    t
        The year index.

    Returns
    -------
    land, waiting
        Every vacated or reactivated parcel, in inventory order; and those ready by *t*
        with no user yet, oldest-ready first, then in inventory order.
    """
    treatment, year, project, use, ready, transfer = state
    n = treatment.size
    land = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):  # no branch per parcel (a test that branches mispredicts)
        land[m] = i
        m += (treatment[i] == VACATE) | (treatment[i] == REACTIVATE)
    found = np.empty(m, dtype=np.int64)
    starts = np.zeros(t + 2, dtype=np.int64)  # a counting sort by ready year (stable)
    w = 0
    for i in land[:m]:
        k = treatment[i]
        if ready[i] < 0:
            ready[i] = year[i] + (prep[0] if k == VACATE else prep[1])
        if project[i] >= 0 and use[i] < 0:
            use[i] = project_use[project[i]]
            transfer[i] = ready[i]
        if use[i] < 0 and ready[i] >= 0 and ready[i] <= t:
            found[w] = i
            w += 1
            starts[ready[i] + 1] += 1
    starts = np.cumsum(starts)
    waiting = np.empty(w, dtype=np.int64)
    for j in range(w):
        i = found[j]
        waiting[starts[ready[i]]] = i
        starts[ready[i]] += 1
    return land[:m], waiting


@numba.njit(cache=True, nogil=True)
def treated_in(treatment, year, upgrade_year, t):  # pragma: no cover - compiled
    """Parcels vacated in year index *t*, and parcels upgraded in it, in inventory order.

    One pass over the parcels for both lists, without a branch per parcel.
    """
    n = treatment.size
    vacated = np.empty(n, dtype=np.int64)
    upgraded = np.empty(n, dtype=np.int64)
    m_vacated = 0
    m_upgraded = 0
    for i in range(n):
        vacated[m_vacated] = i
        upgraded[m_upgraded] = i
        m_vacated += (treatment[i] == VACATE) & (year[i] == t)
        m_upgraded += upgrade_year[i] == t
    return vacated[:m_vacated].copy(), upgraded[:m_upgraded].copy()


@numba.njit(cache=True, nogil=True)
def relocating(land, state, when):  # pragma: no cover - compiled
    """List the parcels of *land* vacated in year index *when* whose firm relocates, in order.

    *state* is ``(treatment, year, relocate)``. One pass over the land, without a branch
    per parcel.
    """
    treatment, year, relocate = state
    out = np.empty(land.size, dtype=np.int64)
    m = 0
    for i in land:
        out[m] = i
        m += (treatment[i] == VACATE) & (year[i] == when) & (relocate[i] > 0)
    return out[:m]
