"""Schemes 评价方案: the model, YAML loading with positions, and checks."""

from dudao.scheme.load import load_scheme, load_scheme_text, read_scheme
from dudao.scheme.model import Scheme

__all__ = ["Scheme", "load_scheme", "load_scheme_text", "read_scheme"]
