"""亩均 evaluation: indicators, scores, classes, and the rules that flag inefficient land."""

from landsim.evaluation.score import Scores, evaluate

__all__ = ["Scores", "evaluate"]
