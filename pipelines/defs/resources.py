"""The resource every asset shares: settings, registry and warehouse, read at run time."""

from __future__ import annotations

import dagster as dg
from pydantic import PrivateAttr

from pipelines.registry import Registry, load_registry
from pipelines.settings import Settings
from pipelines.warehouse import Warehouse


class PulseResource(dg.ConfigurableResource):
    """campaign-pulse's settings (environment and `.env`), resolved when a run starts."""

    _settings: Settings | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._settings = Settings.from_env()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(self.settings.warehouse)

    def registry(self) -> Registry:
        """The campaign registry, validated whole (a malformed one stops the run)."""
        return load_registry(self.settings.campaigns)
