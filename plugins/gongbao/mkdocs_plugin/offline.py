"""The offline copy (``GONGBAO_OFFLINE=true``) loads nothing from other hosts.

Material's offline plugin adds ``https://unpkg.com/iframe-worker/shim`` to ``extra.polyfills``
(a Web Worker replacement, so that search runs from ``file://``): on a 查阅点's network that
reaches no other host the page waits for it and search never starts. gongbao ships the same
file, vendored with its licence and provenance, in its theme assets and puts it there instead.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

__all__ = ["SHIM", "use_local_shim"]

SHIM = "assets/javascripts/iframe-worker/shim.js"
"""The vendored shim, site-relative (see ``theme/assets/javascripts/iframe-worker/``)."""


def _offline_enabled(config: MkDocsConfig) -> bool:
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "OfflinePlugin" and type(plugin).__module__.startswith(
            "material."
        ):
            return bool(plugin.config.enabled)
    return False


def use_local_shim(config: MkDocsConfig) -> None:
    """Point Material's polyfills at the vendored shim when the offline plugin is on.

    Whichever plugin's ``on_config`` runs first: Material's adds its CDN address only when no
    polyfill names ``iframe-worker`` yet, and a CDN address already there is replaced.
    """
    if not _offline_enabled(config):
        return
    polyfills: list[Any] = config.extra.get("polyfills") or []
    local = [p for p in polyfills if "iframe-worker" not in str(p) or str(p) == SHIM]
    if SHIM not in local:
        local.insert(0, SHIM)
    config.extra["polyfills"] = local
