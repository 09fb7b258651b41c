"""Offline-first translation and localization workflow for IP news (az, ru, en)."""

__version__ = "0.1.0"
