"""The dataset part of a suite config (where the data comes from, which tasks to take),
and the strict base every config model shares: what the loaders read, kept apart from the
rest of the config so that the loaders need nothing of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ConfigError(Exception):
    """A suite config that cannot be used; the message names the offending key."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HubSource(Strict):
    id: str = Field(min_length=1)
    revision: str = Field(min_length=1)
    split: str = "test"
    name: str | None = None
    data_files: list[str] | None = None


class DatasetSource(Strict):
    """Exactly one of: the loader's bundled data, a local path, or a hub dataset."""

    bundled: bool = False
    path: Path | None = None
    hub: HubSource | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DatasetSource:
        given = [k for k in ("bundled", "path", "hub") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of bundled: true, path: FILE or hub: {id, revision, split}"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    def describe(self) -> str:
        if self.bundled:
            return "bundled"
        if self.path is not None:
            return str(self.path)
        assert self.hub is not None
        return f"hub:{self.hub.id}@{self.hub.revision}[{self.hub.split}]"


class DatasetFilters(Strict):
    task_ids: list[str] | None = None
    limit: int | None = Field(default=None, ge=1)
    difficulty: list[str] | None = None
    release_version: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    platforms: list[str] | None = None
    test_sets: list[Literal["public", "private", "generated"]] | None = None

    def given(self) -> set[str]:
        return {k for k, v in self if v is not None}


class DatasetConfig(Strict):
    loader: str
    source: DatasetSource = DatasetSource(bundled=True)
    filters: DatasetFilters = DatasetFilters()
