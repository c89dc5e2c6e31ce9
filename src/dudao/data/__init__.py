"""Datasets: the units tree and data values by period; loading and validation."""

from dudao.data.dataset import BonusClaim, Dataset, Review, Unit
from dudao.data.load import load_dataset, read_dataset

__all__ = ["BonusClaim", "Dataset", "Review", "Unit", "load_dataset", "read_dataset"]
