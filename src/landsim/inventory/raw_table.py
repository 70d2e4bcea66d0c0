"""A table's cells as read, before typing, with each row's place in the file.

Its own module so that the passes over the cells that readers, the inventory's loader and
the treatment history share (totals rows, notes below the table, merged cells) need not
import the readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.inventory.geometry import Geometry


@dataclass(frozen=True)
class RawTable:
    """Cells as read, before typing.

    Attributes
    ----------
    frame
        One column per header in the file; cells are strings, numbers or ``None``.
    rows
        For each row of *frame*, its place in the file (line, sheet row or feature number).
    row_word
        What *rows* count: ``"row"`` or ``"feature"``.
    source
        The file.
    encoding
        The text encoding used (CSV and GeoJSON), else ``None``.
    geometry
        Polygons or points from a GeoJSON or GIS file, else ``None``.
    crs
        The coordinate system the file names (``.prj``, GeoJSON ``crs``), as text.
    typed
        Whether some text cells were read as numbers (see :func:`read_raw`), so that a
        cell may no longer read as written.
    header_rows
        How many rows the header spans: 2 for a workbook's headers merged over two rows
        (see :mod:`landsim.inventory.excel_headers`), else 1.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    row_word: str
    source: Path
    encoding: str | None = None
    geometry: Geometry | None = None
    crs: str | None = None
    typed: bool = False
    header_rows: int = 1
