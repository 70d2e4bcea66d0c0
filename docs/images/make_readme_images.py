"""Draw the README's picture from the two runs it shows, in English and Chinese.

Run from the repository root after the README's two ``landsim run`` commands::

    python docs/images/make_readme_images.py runs/xiaoshan_2024 runs/contiguity_first
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import landsim
from landsim import plots

TITLES = {
    "en": "Clearing whole blocks meets the contiguous target until 2028; worst first never does",
    "zh": "整片腾退到2028年每年达到连片目标，逐个腾退最差企业则从未达到",
}


def main(folders: list[str]) -> None:
    """Draw the README's comparison picture, in both languages, from the run *folders*."""
    runs = [landsim.load_run(f) for f in folders]
    here = Path(__file__).resolve().parent
    for lang, title in TITLES.items():
        ax = plots.compare_targets(runs, "contiguous", lang=lang, title=title)
        ax.figure.savefig(here / f"contiguous_{lang}.png", dpi=110, bbox_inches="tight")


if __name__ == "__main__":
    main(sys.argv[1:])
