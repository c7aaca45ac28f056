"""The suite config schema: valid configs load, and every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval_suites.config import ConfigError, config_load, config_parse
from eval_suites.loaders import loader_names

CONFIGS = Path(__file__).resolve().parents[2] / "eval_suites" / "configs"


def minimal(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"name": "t", "dataset": {"loader": "humaneval"}}
    data.update(overrides)
    return data


def error_of(data: object) -> str:
    with pytest.raises(ConfigError) as caught:
        config_parse(data)
    return str(caught.value)


def test_shipped_configs_cover_every_loader_and_all_load() -> None:
    loaded = {config_load(path).dataset.loader for path in sorted(CONFIGS.glob("*.yaml"))}
    assert loaded == set(loader_names())


def test_defaults_are_filled_in_and_resolved_config_is_plain_json() -> None:
    config = config_parse(minimal())
    resolved = config.resolved()
    assert resolved["dataset"]["source"] == {"bundled": True, "path": None, "hub": None}
    assert resolved["samples"] == {"source": "canonical"}
    assert resolved["metrics"] == {"pass_at_k": [1], "by_difficulty": True}
    assert resolved["judging"]["sandbox_retries"] == 2


def test_unknown_top_level_key_is_named_with_a_suggestion() -> None:
    message = error_of(minimal(metrcs={"pass_at_k": [1]}))
    assert "metrcs: unknown key" in message
    assert "did you mean 'metrics'?" in message


def test_unknown_nested_key_is_named_with_its_path() -> None:
    message = error_of(minimal(judging={"time_limit": 2}))
    assert "judging.time_limit: unknown key" in message
    assert "'time_limit_s'" in message
    message = error_of({"name": "t", "dataset": {"loader": "humaneval", "sorce": {}}})
    assert "dataset.sorce: unknown key" in message
    message = error_of(
        {
            "name": "t",
            "dataset": {"loader": "humaneval", "source": {"hub": {"id": "x", "revison": "r"}}},
        }
    )
    assert "dataset.source.hub.revison: unknown key" in message


def test_unknown_key_in_a_samples_variant_is_named() -> None:
    message = error_of(
        minimal(
            samples={"source": "endpoint", "base_url": "http://x/v1", "model": "m", "temprature": 1}
        )
    )
    assert "samples.temprature: unknown key" in message
    assert "did you mean 'temperature'?" in message


def test_mistyped_values_are_named() -> None:
    assert "metrics.pass_at_k" in error_of(minimal(metrics={"pass_at_k": [0]}))
    assert "judging.time_limit_s" in error_of(minimal(judging={"time_limit_s": "fast"}))
    assert "samples.source" in error_of(minimal(samples={"source": "telepathy"}))
    assert "prompt_template" in error_of(
        minimal(
            samples={
                "source": "endpoint",
                "base_url": "http://x/v1",
                "model": "m",
                "prompt_template": "no placeholder",
            }
        )
    )


def test_source_must_be_exactly_one_kind() -> None:
    message = error_of(
        {"name": "t", "dataset": {"loader": "humaneval", "source": {"bundled": True, "path": "x"}}}
    )
    assert "exactly one of" in message and "bundled, path" in message
    assert "exactly one of" in error_of(
        {"name": "t", "dataset": {"loader": "humaneval", "source": {}}}
    )


def test_hub_source_needs_a_revision() -> None:
    message = error_of(
        {"name": "t", "dataset": {"loader": "mbpp", "source": {"hub": {"id": "mbpp"}}}}
    )
    assert "dataset.source.hub.revision" in message


def test_unknown_loader_and_foreign_filters_are_refused() -> None:
    assert "unknown loader 'humaneval2'" in error_of(
        {"name": "t", "dataset": {"loader": "humaneval2"}}
    )
    message = error_of(
        {
            "name": "t",
            "dataset": {"loader": "humaneval", "filters": {"release_version": "release_v2"}},
        }
    )
    assert "dataset.filters.release_version: not a filter of loader 'humaneval'" in message
    assert "unknown key" in error_of(
        {"name": "t", "dataset": {"loader": "livecodebench", "filters": {"release": "v1"}}}
    )


def test_a_loader_refuses_a_source_kind_it_cannot_read() -> None:
    message = error_of({"name": "t", "dataset": {"loader": "mbpp", "source": {"bundled": True}}})
    assert "dataset.source.bundled" in message


def test_relative_paths_are_taken_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    config_file = tmp_path / "sub" / "suite.yaml"
    config_file.write_text(
        "name: rel\ndataset:\n  loader: jsonl\n  source:\n    path: data/tasks.jsonl\n"
        "samples:\n  source: file\n  path: ../s.jsonl\n"
    )
    config = config_load(config_file)
    assert config.dataset.source.path == tmp_path / "sub" / "data" / "tasks.jsonl"
    assert config.samples.path == tmp_path / "s.jsonl"  # type: ignore[union-attr]


def test_yaml_problems_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        config_load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        config_load(bad)
    bad.write_text("- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        config_load(bad)


def test_config_hash_is_stable_and_changes_with_any_setting() -> None:
    one = config_parse(minimal())
    assert one.digest() == config_parse(minimal()).digest()
    assert one.digest() != config_parse(minimal(seed=1)).digest()
    assert one.digest() != config_parse(minimal(judging={"time_limit_s": 3})).digest()


def test_prelude_is_the_loaders_own_unless_the_suite_names_one() -> None:
    lcb = {"loader": "livecodebench", "source": {"path": "x.jsonl"}}
    assert config_parse(minimal(dataset=lcb)).resolved()["judging"]["prelude"] == "livecodebench"
    assert config_parse(minimal()).resolved()["judging"]["prelude"] == "none"
    off = config_parse(minimal(dataset=lcb, judging={"prelude": "none"}))
    assert off.judging.prelude == "none"
    on = config_parse(minimal(judging={"prelude": "livecodebench"}))
    assert on.judging.prelude == "livecodebench"


def test_unknown_prelude_is_named_with_the_known_ones() -> None:
    message = error_of(minimal(judging={"prelude": "lcb"}))
    assert "judging.prelude" in message
    assert "unknown prelude 'lcb'; known: livecodebench, none" in message
