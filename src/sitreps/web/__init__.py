"""The web dashboard and REST API over a sitreps database (`sitreps serve`)."""

from __future__ import annotations

from .app import WebSettings, create_app, load_web_settings

__all__ = ["WebSettings", "create_app", "load_web_settings"]
