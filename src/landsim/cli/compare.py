"""``landsim compare``: headline indicators and plots of several runs side by side."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "compare",
        help="compare run folders side by side",
        description="Compare runs: a table of headline indicators with differences "
        "from the first run, the stacked long tables, and comparison plots.",
    )
    p.add_argument("run_dirs", type=Path, nargs="+", help="run folders; the first is the reference")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    p.add_argument("--lang", choices=("zh", "en"), default="en", help="label language of the plots")
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load, compare, write."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from landsim.analysis.compare import align
    from landsim.io.atomic import atomic_folder, check_writable_folder
    from landsim.plots import compare_output, compare_targets
    from landsim.plots.common import style_for
    from landsim.report.compare import compare, compare_long
    from landsim.report.folder import load_run
    from landsim.report.write import CSV_ENCODING, has

    check_writable_folder(args.output, force=args.force)
    runs = [load_run(d) for d in args.run_dirs]
    _, notes = align(runs)
    table = compare(runs)
    st = style_for(runs, args.lang)
    with plt.rc_context(st.rc()), atomic_folder(args.output, force=args.force) as tmp:
        table.to_csv(tmp / "headline.csv", encoding=CSV_ENCODING)
        compare_long(runs).reset_index(level="row", drop=True).to_csv(
            tmp / "long.csv", encoding=CSV_ENCODING
        )
        if has("openpyxl"):
            table.to_excel(tmp / "headline.xlsx")
        for name, draw in (
            ("targets_contiguous", lambda: compare_targets(runs, "contiguous", style=st)),
            ("targets_revitalized", lambda: compare_targets(runs, "revitalized", style=st)),
            ("output_gained", lambda: compare_output(runs, style=st)),
        ):
            ax = draw()
            for ext in ("png", "svg"):
                ax.figure.savefig(tmp / f"{name}.{ext}")
            plt.close(ax.figure)
    for note in notes:
        print(f"note: {note}")
    with _wide_pandas():
        print(table["value"].round(1).to_string())
    print(f"\nWrote {args.output}/")
    return 0


def _wide_pandas():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_columns", 20)
