"""The brief's answer box: every line, in order, and how a line ends.

The same lines serve the PDF, the Word file and the workbook: the targets and risks
(:mod:`landsim.report.sentences`), then output, money, jobs and per-mu figures
(:mod:`landsim.report.economy_sentences`).
"""

from __future__ import annotations

from landsim.plots.labels import Words
from landsim.report.economy_sentences import (
    jobs_sentence,
    money_sentence,
    output_sentence,
    per_mu_sentences,
    relocation_sentence,
)
from landsim.report.headline import Headline
from landsim.report.sentences import (
    project_sentence,
    range_sentence,
    risk_sentences,
    target_sentence,
)


def answer_lines(st: Words, h: Headline, ratio: float, range_pct: float = 0.8) -> list[str]:
    """Every line of the brief's answer box, in order."""
    central = h.draws > 1  # a Monte Carlo run: the ✓/✗ are its run's at central values
    lines = [
        target_sentence(st, row, ratio, h.probabilities.get(row.item, ()) if central else None)
        for row in h.targets
    ]
    lines += [
        s
        for s in (
            output_sentence(st, h),
            relocation_sentence(st, h),  # "of this": right after the output it divides
            range_sentence(st, h, range_pct),
            money_sentence(st, h),
            jobs_sentence(st, h),
        )
        if s
    ]
    lines += per_mu_sentences(st, h)
    lines += risk_sentences(st, h, ratio)
    project = project_sentence(st, h)
    return [*lines, project] if project else lines


def punctuate(st: Words, line: str) -> str:
    """End a sentence: "。" in Chinese, "." in English."""
    end = "。" if st.lang == "zh" else "."
    return line if line.endswith(end) else line + end
