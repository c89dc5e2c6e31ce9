"""dudao 督导: education supervision — schemes, scoring, ranking and explanations."""

__version__ = "0.1.0"
