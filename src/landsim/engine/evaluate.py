"""The yearly 亩均 evaluation: every firm scored again on the year's state.

Selection in year index *t* uses the evaluation of the year before (the data year, base
year + *t*): existing firms that are still operating, with their figures grown at their
industry's rate and raised by an upgrade's uplift once it has taken effect, and new firms
once they have produced for ``new_firm_grace`` years. Benchmarks (district averages),
ranks and classes are derived again, so removing the worst firms makes a new bottom
class. See docs/accounting.md, "Yearly re-evaluation".

Each draw keeps its benchmarks' sums (:class:`Ledger`) up to date as firms leave and
upgrades take effect, so a year costs one scoring pass
(:func:`landsim.evaluation.kernel.score_firms`) and three cut points for the classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from landsim.engine.newfirms import new_figures, producing_firms
from landsim.engine.state import State
from landsim.evaluation.indicators import INDICATOR_NAMES
from landsim.evaluation.kernel import update_noted, update_sums
from landsim.evaluation.ranks import ranked_codes
from landsim.evaluation.score import Table, benchmarks, score_table, score_table_ranked
from landsim.model import Model
from landsim.model.uses import ramp_lengths

#: Indicators a new firm has, from its tax, value added and jobs per mu.
_TAX, _VA, _WORKER = (
    INDICATOR_NAMES.index("tax_per_mu"),
    INDICATOR_NAMES.index("value_added_per_mu"),
    INDICATOR_NAMES.index("labour_productivity"),
)


@dataclass(frozen=True)
class YearEvaluation:
    """A year's evaluation of every parcel.

    Attributes
    ----------
    score
        Score (NaN: not rated).
    code
        Class code (0 not rated, 1–4 for A–D).
    tax_per_mu
        Tax per mu in the data year, growth and uplift included (the tax rule's figure;
        filled in by :func:`landsim.engine.candidates.candidate_pools`).
    """

    score: np.ndarray
    code: np.ndarray
    tax_per_mu: np.ndarray | None = None


@dataclass
class Notes:
    """Parcels treated in each selection year so far, kept until the ledger reads them.

    Attributes
    ----------
    years
        Selection years noted: every year index before it.
    vacated
        Lists of parcels vacated since the ledger's last update.
    upgraded
        Parcels upgraded, by year index, until their upgrade has taken effect.
    """

    years: int = 0
    vacated: list[np.ndarray] = field(default_factory=list)
    upgraded: dict[int, np.ndarray] = field(default_factory=dict)

    def take(self, latest: int) -> tuple[np.ndarray, np.ndarray]:
        """Parcels vacated since the last call, and upgraded in year indices ≤ *latest*.

        Each in inventory order; both are forgotten.
        """
        years = sorted(y for y in self.upgraded if y <= latest)
        vacated = _in_order(self.vacated)
        upgraded = _in_order([self.upgraded.pop(y) for y in years])
        self.vacated = []
        return vacated, upgraded


def _in_order(lists: list[np.ndarray]) -> np.ndarray:
    """Return the parcels of disjoint lists in inventory order (each list in that order)."""
    if len(lists) == 1:
        return lists[0]
    return np.sort(np.concatenate(lists)) if lists else np.zeros(0, dtype=np.int64)


@dataclass
class Ledger:
    """One draw's running sums of the benchmarks.

    ``plain`` and ``lifted`` are ``(2, G, K, I)`` sums (numerators, then denominators) of
    firms without and with their upgrade's uplift; ``counted`` marks the firms in the sums,
    ``lifted_in`` those counted as lifted. With ``notes`` (the parcels treated in every
    selection year, :meth:`note`) an update looks at those parcels only; without them, or
    once a year was not noted, it looks at every parcel. ``places`` is the draw's scratch
    where each year's scoring gathers the groups' rated firms (reused: a fresh megabyte
    a year costs more in page faults than the pass that fills it).
    """

    plain: np.ndarray
    lifted: np.ndarray
    counted: np.ndarray
    lifted_in: np.ndarray
    notes: Notes | None = None
    places: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def start(cls, model: Model, noting: bool = False) -> Ledger:
        """Start from every scored firm, none lifted: the base year's sums.

        With *noting*, the state starts empty and each selection year's treated parcels
        will be noted (:meth:`note`).
        """
        counted = np.zeros(model.n, dtype=bool)
        counted[model.indicators.scored] = True
        return cls(
            model.base_sums.copy(),
            np.zeros_like(model.base_sums),
            counted,
            np.zeros(model.n, dtype=bool),
            Notes() if noting else None,
        )

    def note(self, t: int, vacated: np.ndarray, upgraded: np.ndarray) -> None:
        """Note the parcels vacated and upgraded in selection year index *t* (in order)."""
        notes = self.notes
        if notes is None or notes.years != t:  # a year missed: look at every parcel
            self.notes = None
            return
        notes.vacated.append(vacated)
        notes.upgraded[t] = upgraded
        notes.years = t + 1

    def update(self, model: Model, state: State, t: int) -> None:
        """Take out firms vacated since the last update; move firms lifted by year index *t*."""
        table = model.indicators
        lag = int(model.params.upgrade_lag[0])
        firms = (self.counted, self.lifted_in, state.treatment, state.upgrade_year)
        parts = (table.parts, table.group, table.industry)
        notes = self.notes
        if notes is not None and notes.years == t:
            noted = notes.take(t - 1 - lag)
            update_noted(noted, firms, parts, (t, lag), self.plain, self.lifted)
            return
        self.notes = None
        update_sums(firms, parts, (t, lag), self.plain, self.lifted)


def growth_by_industry(model: Model, t: int) -> np.ndarray:
    """Growth of each industry from the base year to the data year of index *t*."""
    return (1.0 + model.params.growth_old[0]) ** t


def evaluate_year(model: Model, state: State, t: int, ledger: Ledger) -> YearEvaluation:
    """Score and classify every firm for the selection of year index *t*."""
    rule = model.rules.evaluation
    if not rule.yearly or t == 0:
        return YearEvaluation(model.scores.score, model.scores.code)
    params = model.params
    uplift = 1.0 + params.upgrade_uplift[0]
    growth = growth_by_industry(model, t)
    ledger.update(model, state, t)
    new, table = _new_firms(model, state, t)
    plain, lifted, scale = ledger.plain, ledger.lifted, growth
    if new.size:  # new firms do not grow: they are an industry of their own, growth 1
        extra = table.sums(1)
        plain = np.concatenate([plain, extra], axis=-1)
        lifted = np.concatenate([lifted, np.zeros_like(extra)], axis=-1)
        scale = np.append(growth, 1.0)
    bench = benchmarks(plain, lifted, scale, uplift, rule.formula)
    lag = int(params.upgrade_lag[0])
    joined = (new[:0], np.zeros(0))
    if new.size:  # new firms on renewed land are scored as 规上 firms (group 0)
        none = np.zeros(new.size, dtype=np.int8)
        never = np.full(new.size, -1, dtype=np.int64)
        new_score, new_rated = score_table(
            table, none, never, (t, lag, np.ones(1), uplift), bench, rule.formula
        )
        # never among the inventory's rated firms: new firms stand on vacated land (not
        # scored) or on idle land (not in a scoring group, evaluation.score.scoring_groups)
        joined = (new[new_rated], new_score[new_rated])
    score, ranked = score_table_ranked(
        model.indicators,
        (state.treatment, state.upgrade_year),
        (t, lag, growth, uplift),
        bench,
        rule.formula,
        joined,
        ledger.places,
    )
    ledger.places = ranked[:2]
    if new.size:
        score[new] = new_score
    return YearEvaluation(score, _classes(score, ranked, rule.formula.classes))


def _classes(score: np.ndarray, ranked: tuple[np.ndarray, ...], classes) -> np.ndarray:
    """Class codes of every parcel: by rank within each group, or by thresholds.

    *ranked* holds each group's rated firms (:func:`~landsim.evaluation.ranks.ranked_codes`).
    """
    if classes.method == "percentile":
        shares = np.array([classes.shares[c] for c in "ABCD"])
        return ranked_codes(len(score), ranked, shares)
    members, _, first, counts, _, _ = ranked
    rated = np.concatenate([members[a : a + c] for a, c in zip(first, counts, strict=True)])
    code = np.zeros(len(score), dtype=np.int8)  # thresholds: the same in every group
    s, th = score[rated], classes.thresholds
    code[rated] = np.where(s >= th["A"], 1, np.where(s >= th["B"], 2, np.where(s >= th["C"], 3, 4)))
    return code


def _new_firms(model: Model, state: State, t: int) -> tuple[np.ndarray, Table]:
    """Find the new firms evaluated in year index *t* and their indicator table."""
    params = model.params
    idx, j = producing_firms(
        (state.use, state.transfer),
        (params.construction[0], params.new_output[0]),
        t,
        model.rules.evaluation.new_firm_grace,
    )
    use = state.use[idx]
    ramp = params.ramp[0]
    length = ramp_lengths(ramp)
    full = (1.0 + params.new_growth[0, use]) ** np.maximum(j - length[use], 0)
    num, den = new_figures(
        (use, j, full, model.area[idx]),
        (ramp, length, params.new_tax[0], params.new_va[0], params.new_jobs[0]),
        (_TAX, _VA, _WORKER),
        len(INDICATOR_NAMES),
    )
    zeros = np.zeros(idx.size, dtype=np.int64)
    return idx, Table.from_parts(num, den, zeros, zeros, np.ones(idx.size, dtype=bool))
