"""``landsim brief``: a PDF brief and its figures from a run folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from landsim.cli import importing


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "brief",
        help="write a brief (PDF and/or Word) and its figures",
        description="Write brief.pdf (A4; page 1 answers the leader's questions), "
        "optionally brief.docx, and every figure (PNG and SVG) for a run folder written "
        "by `landsim run`.",
    )
    p.add_argument("run_dir", type=Path, help="run folder")
    p.add_argument(
        "--lang", choices=("zh", "en"), help="label language (default: the scenario's plots.lang)"
    )
    p.add_argument(
        "-o", "--output", type=Path, help="folder for the brief (default: RUN_DIR/brief-LANG)"
    )
    p.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=("pdf", "docx"),
        help="brief.pdf (default) and/or an editable brief.docx (needs landsim[docx]); "
        "repeat for both",
    )
    p.add_argument(
        "--font-fallback",
        action="store_true",
        help="with --lang zh and no Chinese font, draw English labels instead of failing",
    )
    p.add_argument("--force", action="store_true", help="replace an existing brief folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the run, draw, write."""
    with importing(args):
        import matplotlib  # here, not at the top: other commands need not load it

        matplotlib.use("Agg")
        from landsim.cli.console import wrote_line
        from landsim.io.atomic import check_writable_folder
        from landsim.report.brief import write_brief
        from landsim.report.folder import load_run

    res = load_run(args.run_dir)
    lang = args.lang or res.scenario.plots.lang
    folder = args.output or args.run_dir / f"brief-{lang}"
    check_writable_folder(folder, force=args.force, inputs=[args.run_dir])
    files = write_brief(
        res,
        folder,
        lang=lang,
        force=args.force,
        formats=args.formats or ["pdf"],
        font_fallback=args.font_fallback,
    )
    print(wrote_line(folder, files, lang))  # in the brief's language, as `landsim run` says it
    return 0
