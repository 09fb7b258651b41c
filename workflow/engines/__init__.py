"""The machine-translation boundary: a small protocol and the engines behind it."""

from .base import Engine, Hypothesis, PivotEngine

__all__ = ["Engine", "Hypothesis", "PivotEngine"]
