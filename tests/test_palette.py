"""Colours stay apart for readers with red-green colour-vision deficiency.

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira and
Fernandes (2009, IEEE TVCG 15(6):1291, severity 1.0), applied to linear RGB; colours are
compared by their CIELAB distance (ΔE*ab, 1976, D65 white). A ΔE of about 2.3 is a
just-noticeable difference; 40 keeps two map fills or two bars apart at a glance.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from landsim.plots.palette import COLOURS, HATCH, TREATMENT

#: Machado et al. (2009), table of simulation matrices, severity 1.0 (linear RGB).
MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}
#: linear sRGB → CIE XYZ (IEC 61966-2-1, D65).
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
#: Smallest CIELAB distance between two colours that must be told apart at a glance.
MIN_DELTA_E = 40.0


def linear_rgb(hex_colour: str) -> np.ndarray:
    """sRGB hex → linear RGB in [0, 1]."""
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """Linear RGB → CIELAB (D65 white)."""
    xyz = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / (SRGB_TO_XYZ @ np.ones(3))
    d = 6 / 29
    f = np.where(xyz > d**3, np.cbrt(xyz), xyz / (3 * d * d) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour: str, vision: str) -> np.ndarray:
    """CIELAB of a colour as seen with *vision*."""
    return lab(MACHADO[vision] @ linear_rgb(hex_colour))


def delta_e(a: str, b: str, vision: str) -> float:
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


def test_the_simulation_keeps_greys_and_merges_red_and_green():
    # each matrix keeps white white (rows sum to one) ...
    for matrix in MACHADO.values():
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=2e-6)
    assert delta_e("#808080", "#808080", "deuteranopia") == pytest.approx(0.0, abs=1e-9)
    assert lab(np.ones(3)) == pytest.approx([100.0, 0.0, 0.0], abs=1e-6)
    # ... and merges what a deuteranope cannot tell apart: matplotlib's red and green
    assert delta_e("#D62728", "#2CA02C", "normal") > 100
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < 10
    assert delta_e("#D62728", "#2CA02C", "protanopia") < MIN_DELTA_E


@pytest.mark.parametrize("vision", sorted(MACHADO))
def test_treatment_colours_stay_apart(vision):
    pairs = itertools.combinations(TREATMENT.items(), 2)
    distances = {(a, b): delta_e(ca, cb, vision) for (a, ca), (b, cb) in pairs}
    closest = min(distances, key=distances.get)
    assert distances[closest] > MIN_DELTA_E, (vision, closest, distances[closest])


@pytest.mark.parametrize("vision", sorted(MACHADO))
def test_met_and_missed_stay_apart(vision):
    assert delta_e(COLOURS["achieved"], COLOURS["missed"], vision) > MIN_DELTA_E
    # a missed year also carries a hatch, for grey print
    assert HATCH["missed"]


def test_money_items_share_their_treatments_colour():
    assert COLOURS["compensation"] == TREATMENT["vacate"]
    assert COLOURS["subsidy"] == TREATMENT["upgrade"]
