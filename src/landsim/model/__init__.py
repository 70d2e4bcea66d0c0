"""The compiled, immutable inputs the engine reads: one :class:`Model` record.

See ``docs/architecture.md`` (the engine contract).
"""

from landsim.model.codes import TREATED, NewUse, Treatment
from landsim.model.compile import compile_model
from landsim.model.params import Params, Reader, build_params
from landsim.model.record import Model
from landsim.model.rules import ProjectRule, Rules

__all__ = [
    "TREATED",
    "Model",
    "NewUse",
    "Params",
    "ProjectRule",
    "Reader",
    "Rules",
    "Treatment",
    "build_params",
    "compile_model",
]
