"""The suite config: what a YAML evaluation file may say, validated with pydantic.

Every model forbids unknown keys, so a typo is an error that names the key (and the
closest known one) instead of a setting silently ignored.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from eval_suites.dataset_config import (
    ConfigError,
    DatasetConfig,
    Strict,
)
from eval_suites.loaders import loader_get
from verification.harness.preludes import UnknownPrelude, prelude_check
from verification.priorities import BULK


class FileSamples(Strict):
    source: Literal["file"]
    path: Path


class CanonicalSamples(Strict):
    """The dataset's own reference solutions: a check that the tests and judge agree."""

    source: Literal["canonical"]


class EndpointSamples(Strict):
    """An OpenAI-compatible server; the API key is read from the named variable."""

    source: Literal["endpoint"]
    base_url: str = Field(min_length=1)
    model: str = Field(min_length=1)
    api: Literal["chat", "completions"] = "chat"
    api_key_env: str | None = None
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    n: int = Field(default=1, ge=1, le=1000)
    max_tokens: int = Field(default=1024, ge=1)
    seed: int | None = None
    concurrency: int = Field(default=8, ge=1, le=512)
    timeout_s: float = Field(default=120.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    stop: list[str] | None = None
    system_prompt: str | None = None
    prompt_template: str | None = None

    @field_validator("prompt_template")
    @classmethod
    def _has_placeholder(cls, value: str | None) -> str | None:
        if value is not None and "{prompt}" not in value:
            raise ValueError("prompt_template must contain {prompt}")
        return value


SamplesConfig = Annotated[
    FileSamples | CanonicalSamples | EndpointSamples, Field(discriminator="source")
]


class ExtractionConfig(Strict):
    """auto: a fenced block holding a whole program is the program, otherwise the task's
    prompt followed by the completion; fenced: the block (or the whole completion when
    there is none), never the prompt; raw: prompt + completion as they are."""

    mode: Literal["auto", "fenced", "raw"] = "auto"
    language: str = "python"


class CheckerPolicy(Strict):
    """The checker of the dataset's stdin/stdout tasks (an output checker), or, named
    ``function_call`` or ``assert``, of its tasks of that kind (with tolerance args);
    tasks of other kinds keep their own. Left out: each task's own, or the loader's."""

    name: str = "default"
    args: list[str] = []


class JudgingConfig(Strict):
    """``prelude``: what is put before every Python program (see
    ``verification.harness.preludes``): ``none``, ``livecodebench``; left out, the
    loader's own (``livecodebench`` for that loader, ``none`` for the others).
    ``python``: what runs the Python programs of stdin/stdout tasks, ``python`` (CPython)
    or ``pypy`` (PyPy 3, the Python contest judges run); the samples are recorded in it."""

    time_limit_s: float | None = Field(default=None, gt=0, le=600)
    memory_limit_mb: int | None = Field(default=None, ge=16)
    stop_on_first_failure: bool = True
    checker: CheckerPolicy | None = None
    prelude: str | None = None
    python: Literal["python", "pypy"] = "python"
    sandbox_retries: int = Field(default=2, ge=0, le=10)
    timeout_s: float = Field(default=3600.0, gt=0)
    concurrency: int = Field(default=0, ge=0, le=256)
    processes: int = Field(default=0, ge=0, le=256)
    priority: int = Field(default=BULK, ge=0, le=9)

    @field_validator("prelude")
    @classmethod
    def _known_prelude(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return prelude_check(value)
        except UnknownPrelude as exc:
            raise ValueError(str(exc)) from None


class MetricsConfig(Strict):
    pass_at_k: list[int] = [1]
    by_difficulty: bool = True

    @field_validator("pass_at_k")
    @classmethod
    def _positive(cls, value: list[int]) -> list[int]:
        if not value or any(k < 1 for k in value):
            raise ValueError("pass_at_k needs one or more k >= 1")
        return sorted(set(value))


class OutputConfig(Strict):
    dir: Path | None = None


class SuiteConfig(Strict):
    name: str = Field(min_length=1, max_length=200)
    dataset: DatasetConfig
    samples: SamplesConfig = CanonicalSamples(source="canonical")
    extraction: ExtractionConfig = ExtractionConfig()
    judging: JudgingConfig = JudgingConfig()
    metrics: MetricsConfig = MetricsConfig()
    seed: int = 0
    output: OutputConfig = OutputConfig()

    def resolved(self) -> dict[str, Any]:
        """Every setting, defaults included, as plain JSON."""
        return self.model_dump(mode="json")

    def digest(self) -> str:
        return config_hash(self.resolved())


def config_hash(resolved: dict[str, Any]) -> str:
    canonical = json.dumps(resolved, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``loc`` (the location of the unknown key's parent)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, Strict)):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_of(field.annotation, part)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _model_of(annotation: Any, key: Any) -> Any:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in getattr(candidate, "__args__", ()):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _describe(error: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    # A discriminated union puts the chosen variant's tag in the location.
    shown = [str(p) for p in loc if not (loc[:1] == ("samples",) and p in _SAMPLE_TAGS)]
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        shown.append("source")
    where = ".".join(shown) or "(top level)"
    if error["type"] == "extra_forbidden":
        parent = tuple(p for p in loc[:-1] if p not in _SAMPLE_TAGS)
        known = _known_keys(SuiteConfig, parent)
        if loc[:1] == ("samples",) and len(loc) >= 2 and loc[1] in _SAMPLE_TAGS:
            known = sorted(_SAMPLE_TAGS[loc[1]].model_fields)
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        text = f"{where}: unknown key"
        if hint:
            text += f" (did you mean {hint[0]!r}?)"
        if known:
            text += f"; known keys: {', '.join(known)}"
        return text
    return f"{where}: {error['msg']}"


_SAMPLE_TAGS: dict[str, type[BaseModel]] = {
    "file": FileSamples,
    "canonical": CanonicalSamples,
    "endpoint": EndpointSamples,
}


def config_parse(data: Any, *, base_dir: Path | None = None) -> SuiteConfig:
    """Validate a config mapping; relative paths are taken from ``base_dir``."""
    if not isinstance(data, dict):
        raise ConfigError("a suite config must be a mapping of keys to values")
    try:
        config = SuiteConfig.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(dict(e)) for e in exc.errors()]
        raise ConfigError("invalid suite config:\n  " + "\n  ".join(lines)) from None
    if base_dir is not None:
        config = _absolute_paths(config, base_dir)
    loader = loader_get(config.dataset.loader)
    loader.validate(config.dataset)
    if config.judging.prelude is None:
        # Recorded in the resolved config, so a run says which prelude it used.
        judging = config.judging.model_copy(update={"prelude": loader.prelude})
        config = config.model_copy(update={"judging": judging})
    return config


def _absolute_paths(config: SuiteConfig, base_dir: Path) -> SuiteConfig:
    def absolute(path: Path) -> Path:
        return path if path.is_absolute() else (base_dir / path).resolve()

    updates: dict[str, Any] = {}
    source = config.dataset.source
    if source.path is not None:
        dataset = config.dataset.model_copy(
            update={"source": source.model_copy(update={"path": absolute(source.path)})}
        )
        updates["dataset"] = dataset
    if isinstance(config.samples, FileSamples):
        updates["samples"] = config.samples.model_copy(
            update={"path": absolute(config.samples.path)}
        )
    return config.model_copy(update=updates) if updates else config


def config_load(path: Path) -> SuiteConfig:
    """Read and validate a suite YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"suite config {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read suite config {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    try:
        return config_parse(data, base_dir=path.resolve().parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
