"""A deterministic synthetic parcel inventory of Xiaoshan (the bundled default)."""

from landsim.synthetic.xiaoshan import generate

__all__ = ["generate"]
