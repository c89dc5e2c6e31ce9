"""Datasets: the units tree and data values by period; loading and validation."""

from dudao.data.load import load_dataset, read_dataset
from dudao.engine.dataset import BonusClaim, Dataset, Review, Unit

__all__ = ["BonusClaim", "Dataset", "Review", "Unit", "load_dataset", "read_dataset"]
