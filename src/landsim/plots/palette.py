"""Colours by meaning: one colour means one thing in every landsim chart.

Every colour below is named for what it shows, and plot functions ask for a meaning
(``COLOURS["achieved"]``, ``treatment_colour("vacate")``, ``industry_colour(...)``),
never for a position in a list. Money items share the colour of the treatment that
causes them (compensation is paid to vacate, subsidies to upgrade), so a reader learns
one code.

The treatment colours of the parcel map (vacate, upgrade, reactivate, restricted,
untreated) stay apart for people with deuteranopia or protanopia: the smallest CIELAB
distance between any two of them, after simulating either (Machado et al. 2009, severity
1), is above 40 (``tests/test_palette.py`` checks it). They come from the palette of
Wong (2011, *Nature Methods* 8:441) as adapted by IBM's design colours; the rest from
Paul Tol's qualitative schemes (2021 technical note) — both designed to be told apart
with colour-vision deficiencies. Every series also differs by hatch, line style or
marker, so charts survive black-and-white printing.
"""

from __future__ import annotations

from types import MappingProxyType

#: Colour of each meaning. Keys are part of the public API: the parcel map (issue 12)
#: reads ``TREATMENT`` by key.
COLOURS = MappingProxyType(
    {
        # targets
        "achieved": "#0072B2",  # a year whose target was met
        "missed": "#D55E00",  # a year whose target was missed
        "target": "#000000",  # drawn dashed
        # paths
        "baseline": "#666666",  # drawn dashed
        "programme": "#000000",
        "existing_firms": "#D9D9D9",
        "run_out": "#F0F0F0",  # years after the programme's end (shading)
        # treatments (the map's fills)
        "vacate": "#994F00",
        "upgrade": "#FFC20A",
        "reactivate": "#5D3A9B",
        "restricted": "#5A5A5A",
        "untreated": "#E0E0E0",
        # money: what is paid for a treatment has the treatment's colour
        "compensation": "#994F00",
        "subsidy": "#FFC20A",
        "land_revenue": "#117733",
        "investment": "#44AA99",
        "net": "#000000",
        # new uses
        "project": "#663333",
        "other": "#BBBBBB",
        "new_uses": "#332288",  # every new industry and project together (the bridge)
        "relocated": "#DDCC77",  # firms vacated that produce again elsewhere in the district
        # uncertainty
        "band_outer": "#D4D4D4",
        "band_inner": "#ABABAB",
        "median": "#404040",
        # sensitivity
        "at_low": "#4477AA",
        "at_high": "#CCBB44",
        "first_order": "#228833",
        "total_order": "#AA3377",
        # back-test: the map's outcomes (a hit is a target met, a miss one missed) and
        # random selection, the baseline every score is set against
        "hit": "#0072B2",
        "miss": "#D55E00",
        "false_alarm": "#F0E442",
        "correct_rejection": "#DDDDDD",
        "model": "#000000",
        "chance": "#BBBBBB",
    }
)

#: Hatches that go with a meaning (a second cue in grey print).
HATCH = MappingProxyType(
    {
        "vacate": "",
        "upgrade": "....",
        "reactivate": "////",
        "restricted": "xxxx",
        "compensation": "",
        "subsidy": "....",
        "land_revenue": "",
        "missed": "////",
        "relocated": "----",
        "miss": "////",
        "false_alarm": "....",
        "chance": "////",
    }
)

#: Target industries, in the order the scenario lists them (so an industry keeps its
#: colour between the output and the tax chart, and between runs of one scenario).
INDUSTRY_CYCLE = (
    "#88CCEE",
    "#CC6677",
    "#999933",
    "#AA4499",
    "#EE8866",
    "#6699CC",
    "#BBCC33",
    "#FFAABB",
)
INDUSTRY_HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "++++", "oo", "----")
#: Platforms, in the order the scenario lists them.
PLATFORM_CYCLE = ("#7570B3", "#E7298A", "#A6761D", "#66A61E", "#1B9E77", "#E6AB02")
#: Scenarios in a comparison, the reference (first) in black: one colour for each of
#: the eight runs a comparison brief holds (the seventh and eighth repeated the first
#: two, told apart by their markers alone).
SCENARIO_CYCLE = (
    "#000000",
    "#EE7733",
    "#009988",
    "#33BBEE",
    "#EE3377",
    "#777777",
    "#0077BB",
    "#CC3311",
)
LINES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Treatment colours by treatment code, for the parcel map.
TREATMENT = MappingProxyType(
    {k: COLOURS[k] for k in ("vacate", "upgrade", "reactivate", "restricted", "untreated")}
)


def industry_colour(position: int) -> tuple[str, str]:
    """Colour and hatch of the target industry at *position* in the scenario's list."""
    return (
        INDUSTRY_CYCLE[position % len(INDUSTRY_CYCLE)],
        INDUSTRY_HATCHES[position % len(INDUSTRY_HATCHES)],
    )


def cycle_style(cycle: tuple[str, ...], position: int) -> dict[str, object]:
    """Colour, line style and marker of the *position*-th series of a cycle."""
    return {
        "color": cycle[position % len(cycle)],
        "linestyle": LINES[position % len(LINES)],
        "marker": MARKERS[position % len(MARKERS)],
    }
