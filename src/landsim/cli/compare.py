"""``landsim compare``: several runs side by side: a table, figures, and a brief."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from landsim.cli import importing
from landsim.cli.console import aligned, wrote_line


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "compare",
        help="compare run folders side by side",
        description="Compare runs: targets met, output, tax and jobs gained, public money. "
        "Writes headline.csv (one row per run, units in the header; money in 亿元 or CNY bn, "
        "spending negative), indicators.csv (machine-readable, with differences from the "
        "first run; money in 万元 as positive sums, a flow column says spending or income), "
        "the stacked long tables, comparison figures and, with --brief, brief.pdf (A4).",
    )
    p.add_argument("run_dirs", type=Path, nargs="+", help="run folders; the first is the reference")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the table, figures and brief (default: the first run's plots.lang)",
    )
    p.add_argument(
        "--brief",
        action="store_true",
        help="also write brief.pdf (A4; at most 8 runs; the tables of many runs go on to page 2)",
    )
    p.add_argument(
        "--font-fallback",
        action="store_true",
        help="with --lang zh and no Chinese font, draw English labels instead of failing",
    )
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load, compare, write, print the table."""
    with importing(args):
        import matplotlib  # here, not at the top: other commands need not load it

        matplotlib.use("Agg")
        from landsim.io.atomic import check_writable_folder
        from landsim.plots.labels import Words
        from landsim.report.compare import write_comparison
        from landsim.report.compare_brief import check_brief_runs
        from landsim.report.compare_notes import adjacency_notes, comparison_notes, note_text
        from landsim.report.folder import load_run

    check_writable_folder(args.output, force=args.force, inputs=args.run_dirs)
    if args.brief:  # before loading the runs
        check_brief_runs(len(args.run_dirs))
    runs = [load_run(d) for d in args.run_dirs]
    lang = args.lang or runs[0].scenario.plots.lang
    files, table, period = write_comparison(
        runs,
        args.output,
        lang=lang,
        force=args.force,
        brief=args.brief,
        font_fallback=args.font_fallback,
    )
    words = Words(lang)  # notes in the table's language, as in the brief
    for note in adjacency_notes(runs, words):  # contiguity approximate or impossible: whose
        print(note)
    for note in comparison_notes(runs, words, period):
        print(note_text("note", lang) + note)
    print(text_table(table))
    print(note_text("note", lang) + note_text("money_sign", lang))
    print("\n" + wrote_line(args.output, files, lang))
    return 0


def text_table(table: pd.DataFrame) -> str:
    """Turn the readable table for a terminal: one row per indicator, one column per run.

    Columns are aligned by display width (a Chinese character takes two columns).
    """
    years = set(table.attrs.get("year_columns", ()))
    places = table.attrs.get("digits", {})
    turned = table.set_index(table.columns[0]).T
    cells = [[str(turned.index.name or ""), *map(str, turned.columns)]]
    cells += [
        [str(label), *(_fmt(v, year=label in years, places=places.get(label, 1)) for v in row)]
        for label, row in turned.iterrows()
    ]
    return "\n".join(aligned(cells, indent=""))


def _fmt(value: object, *, year: bool = False, places: int = 1) -> str:
    if value is None or pd.isna(value):
        return "—"
    if year:
        return str(int(value))
    text = f"{value:,.{places}f}" if isinstance(value, float) else f"{int(value):,}"
    return text.replace("-", "−")
