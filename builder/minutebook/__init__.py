"""Minutebook: a static-site generator for archives of published meeting minutes."""

from __future__ import annotations

__version__ = "0.1.0"
