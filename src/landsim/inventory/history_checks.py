"""Row rules of a treatment history: known parcels, possible years, one treatment at a time.

Each rule is ``rule(frame, window) -> [(row_mask, column, message), ...]``, like the
inventory's (:mod:`landsim.inventory.checks`); :mod:`landsim.inventory.history` turns the
findings into problems naming the file row and the parcel id. The frame holds the typed
history columns and ``parcel``, each row's position in the inventory (−1: unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.inventory.messages import lost_zeros, shortened

Finding = tuple[np.ndarray, str, Callable[[int], str]]

#: Years a history may name at all (the inventory's lease years use the same range).
PLAUSIBLE_YEARS = (1950, 2200)
#: Most money paid for one mu (万元/亩): the largest buy-back in the sources is ≈ 275
#: 万元/亩 with buildings (宏盛华源, 2024-10-10; DOMAIN-figures §3); 36 times that is a
#: unit error, not a price (assumption).
MAX_PAID_PER_MU = 10_000.0
#: Treatments after which landsim treats a parcel no more.
LAND = ("vacate", "reactivate")
PAST = {"vacate": "vacated", "upgrade": "upgraded", "reactivate": "reactivated"}


@dataclass(frozen=True)
class Window:
    """What the rows are checked against.

    Attributes
    ----------
    start, end
        The back-test's first and last year; the inventory describes ``start − 1``.
    area
        Area of each inventory parcel (mu), by inventory position.
    ids
        The inventory's parcel ids, to tell ids that lost their leading zeros in Excel
        from unknown ones; ``None`` leaves them unknown.
    source
        The inventory's file, which a message about its ids names.
    """

    start: int
    end: int
    area: np.ndarray
    ids: pd.Series | None = None
    source: Path | None = None


def known_parcels(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Every parcel id is in the inventory.

    Ids that are the inventory's but for leading zeros (000123 against 123, as Excel keeps
    ids typed as numbers) are one kind of problem, which says so.
    """
    bad = (frame["parcel"].to_numpy() < 0) & frame["parcel_id"].notna().to_numpy()
    if bad.any() and window.ids is not None and window.source is not None:
        missing = frame["parcel_id"][bad].drop_duplicates()
        found, note = lost_zeros(missing, window.ids, "the history", Path(window.source))
        if note:
            zeros = bad & frame["parcel_id"].isin(missing[found]).to_numpy()
            yield zeros, "parcel_id", lambda i: note
            bad &= ~zeros
    if bad.any():
        ids = frame["parcel_id"].to_numpy(dtype=object)
        yield (
            bad,
            "parcel_id",
            lambda i: (
                f"parcel {shortened(ids[i])!r} is not in the inventory; check the id, and that the "
                "history and the inventory come from the same parcel register"
            ),
        )


def plausible_years(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Years are years (not 22 or 3024)."""
    lo, hi = PLAUSIBLE_YEARS
    for column in ("year", "year_transfer", "year_production"):
        v = frame[column].to_numpy(dtype=float)
        bad = ~np.isnan(v) & ((v < lo) | (v > hi))
        if bad.any():
            yield bad, column, lambda i, v=v: f"{v[i]:g} is not a plausible year ({lo}–{hi})"


def inside_window(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Treatments lie in the back-test's years: after the inventory's, up to its end."""
    v = frame["year"].to_numpy(dtype=float)
    lo, hi = PLAUSIBLE_YEARS
    ok = ~np.isnan(v) & (v >= lo) & (v <= hi)
    base = window.start - 1
    before = ok & (v < window.start)
    after = ok & (v > window.end)
    if before.any():
        yield (
            before,
            "year",
            lambda i: (
                f"{v[i]:g} is not after the inventory's year {base}: the back-test starts in "
                f"{window.start} from an inventory of {base}, which already shows what was done "
                f"by then; back-test from an earlier year with an older inventory, or leave "
                "the row out"
            ),
        )
    if after.any():
        yield (
            after,
            "year",
            lambda i: (
                f"{v[i]:g} is after the back-test's last year {window.end}; back-test to "
                f"{v[i]:g} (--to {v[i]:g}), or leave the row out"
            ),
        )


def later_steps(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Land is sold after it is vacated and produces after it is sold; upgrades are not sold."""
    year = frame["year"].to_numpy(dtype=float)
    sold = frame["year_transfer"].to_numpy(dtype=float)
    made = frame["year_production"].to_numpy(dtype=float)
    upgrade = frame["treatment"].eq("upgrade").to_numpy()
    steps = (("year_transfer", sold, "was sold"), ("year_production", made, "started producing"))
    for column, v, what in steps:
        on_upgrade = upgrade & ~np.isnan(v)
        if on_upgrade.any():
            yield (
                on_upgrade,
                column,
                lambda i: (
                    "an upgraded parcel keeps its firm and goes to no new user; leave this "
                    "cell empty for upgrades"
                ),
            )
        early = ~upgrade & (v < year)
        if early.any():
            yield (
                early,
                column,
                lambda i, v=v, what=what: (
                    f"the land {what} in {v[i]:g}, before its treatment in {year[i]:g}; "
                    "check both years"
                ),
            )
    early = ~upgrade & (made < sold)
    if early.any():
        yield (
            early,
            "year_production",
            lambda i: f"production started in {made[i]:g}, before the land was sold ({sold[i]:g})",
        )


def no_negative_money(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Money paid is not negative."""
    paid = frame["compensation"].to_numpy(dtype=float)
    bad = paid < 0
    if bad.any():
        yield bad, "compensation", lambda i: f"value must be ≥ 0; got {paid[i]:g}"


def plausible_money(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Money paid per mu is not beyond any real buy-back (a unit error)."""
    parcel = frame["parcel"].to_numpy()
    paid = frame["compensation"].to_numpy(dtype=float)
    area = np.where(parcel >= 0, window.area[np.clip(parcel, 0, None)], np.nan)
    per_mu = paid / area
    bad = per_mu > MAX_PAID_PER_MU
    if bad.any():
        yield (
            bad,
            "compensation",
            lambda i: (
                f"{paid[i]:,.0f} 万元 for {area[i]:,.1f} mu is {per_mu[i]:,.0f} 万元/亩, beyond "
                f"any real buy-back (at most {MAX_PAID_PER_MU:,.0f}); check history.units.money"
            ),
        )


def one_a_year(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Refuse a parcel treated twice in one year."""
    yield from _repeats(frame, ["parcel_id", "year"], lambda k: f"treated twice in {k['year']:g}")


def each_once(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Refuse a parcel vacated, upgraded or reactivated twice (in different years)."""
    same_year = frame.duplicated(["parcel_id", "year"], keep=False).to_numpy()
    yield from _repeats(
        frame.loc[~same_year, ["parcel_id", "treatment", "row"]],  # not a copy of every column
        ["parcel_id", "treatment"],
        lambda k: f"{PAST.get(k['treatment'], k['treatment'])} twice",
        frame,
    )


def nothing_after_land(frame: pd.DataFrame, window: Window) -> Iterable[Finding]:
    """Nothing follows a vacating or reactivation (landsim treats that land no more)."""
    known = frame["parcel_id"].notna() & frame["year"].notna()
    land = frame.loc[known & frame["treatment"].isin(LAND), ["parcel_id", "year"]]
    first = land.groupby("parcel_id")["year"].min()
    ended = frame["parcel_id"].map(first).to_numpy(dtype=float)
    year = frame["year"].to_numpy(dtype=float)
    repeated = frame.duplicated(["parcel_id", "treatment"], keep=False).to_numpy()
    bad = known.to_numpy() & (year > ended) & ~repeated
    if bad.any():
        treatment = frame["treatment"].to_numpy(dtype=object)
        yield (
            bad,
            "treatment",
            lambda i: (
                f"{treatment[i]} in {year[i]:g} after the land was vacated or reactivated in "
                f"{ended[i]:g}; landsim does not treat that land again, so keep only the "
                "first of the two"
            ),
        )


def _repeats(
    frame: pd.DataFrame,
    keys: list[str],
    what: Callable[[dict], str],
    whole: pd.DataFrame | None = None,
) -> Iterable[Finding]:
    """Rows that repeat an earlier row's *keys*; the message lists the rows of each group.

    *frame* may be a subset of the *whole* history; masks are over the whole.
    """
    whole = frame if whole is None else whole
    sub = frame.loc[frame[keys].notna().all(axis=1), [*keys, "row"]]
    repeat = sub.duplicated(keys, keep="first")
    if not repeat.any():
        return
    mask = whole.index.isin(repeat.index[repeat.to_numpy()])
    groups = sub[sub.duplicated(keys, keep=False)]
    members = groups.groupby(keys, sort=False).indices  # each group's rows, listed when shown
    group_rows = groups["row"].to_numpy()
    values = whole[keys].to_numpy(dtype=object)

    def message(i: int) -> str:
        named = dict(zip(keys, values[i], strict=True))
        rows = ", ".join(map(str, group_rows[members[tuple(values[i])]]))
        return (
            f"parcel {shortened(named['parcel_id'])!r} {what(named)} (rows {rows}); keep one "
            "row per treatment, the one that happened"
        )

    yield mask, "parcel_id", message


RULES = (
    known_parcels,
    plausible_years,
    inside_window,
    later_steps,
    no_negative_money,
    plausible_money,
    one_a_year,
    each_once,
    nothing_after_land,
)
