"""How much land each inefficiency rule flags, and how candidates split by treatment."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from landsim.engine.state import State
from landsim.engine.year import candidate_pools, projected_tax_per_mu
from landsim.model.compile import Compiled
from landsim.model.params import build_params


def rule_summary(c: Compiled) -> pd.DataFrame:
    """Parcels and mu flagged by each candidate rule in the first simulated year.

    Rows: each rule the scenario switches on, then ``any rule``, ``restricted`` (never
    selected), and the first year's candidates by treatment. Rules overlap, so their rows
    add up to more than ``any rule``.
    """
    s = c.scenario.candidates
    year = int(c.years[0])
    params = build_params(c).draw(0)
    tax_rule = np.zeros(c.n, dtype=bool)
    rows: list[tuple[str, np.ndarray]] = []
    if s.classes:
        rows.append((f"class in {', '.join(s.classes)}", c.flags.by_class))
    if s.tax_per_mu_below is not None:
        threshold = s.tax_per_mu_below.at(year)
        tax_rule = c.operating & (projected_tax_per_mu(c, params, 0) < float(threshold))
        rows.append((f"tax < {float(threshold):g} 万元/亩 ({year})", tax_rule))
    if s.far_below is not None:
        rows.append((f"FAR < {s.far_below:g}", c.flags.low_far))
    if s.idle:
        rows.append(("idle", c.flags.idle))
    if s.exit_industries:
        rows.append((f"exit list ({', '.join(s.exit_industries)})", c.flags.exit_industry))
    flagged = c.flags.any | tax_rule
    rows.append(("any rule", flagged))
    rows.append(("restricted (never selected)", c.restricted))
    # the engine's own split of the first year's candidates (refusals left out)
    quiet = dataclasses.replace(params, refusal=np.zeros(1))
    pools = candidate_pools(c, quiet, State.empty(c.n), 0, np.random.default_rng(0))
    rows += [
        (f"→ {name} ({year})", pools.by_treatment[name])
        for name in ("vacate", "upgrade", "reactivate")
    ]
    total = c.area.sum()
    return pd.DataFrame(
        [
            {
                "rule": name,
                "parcels": int(m.sum()),
                "mu": float(c.area[m].sum()),
                "share": float(c.area[m].sum() / total),
            }
            for name, m in rows
        ]
    )
