"""data/: test cases in the format's order, with their output validator arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import read_inside, visible_children
from .metadata import LEGACY, V2023_07, Metadata, load_yaml, split_flags
from .model import PackageError, PackageTestCase

_TOP_GROUPS = ("sample", "secret")
_OTHER_2025_DIRS = {"invalid_input", "invalid_output", "valid_output"}
# The test-group file of each format version, the preferred name first. 2023-07-draft:
# problemtools reads testdata.yaml; the draft's later text renamed it test_group.yaml.
_GROUP_FILES = {
    LEGACY: ("testdata.yaml",),
    V2023_07: ("testdata.yaml", "test_group.yaml"),
}
# 2023-07-draft: problemtools reads output_validator_flags, the draft's text (and
# BAPCtools) output_validator_args; both are taken, the first present wins.
_ARGS_2023_07 = ("output_validator_flags", "output_validator_args")


@dataclass
class GroupLayout:
    """The directories under ``data/`` as groups: each one's test-group file (path
    under the package and its mapping) and its sub-results (cases and subdirectories) in
    test order, keyed by the directory's path under ``data/`` (``data`` for the root)."""

    configs: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Entry:
    name: str
    is_group: bool


def collect_tests(
    root: Path, meta: Metadata
) -> tuple[tuple[PackageTestCase, ...], list[str], GroupLayout]:
    """Every ``.in``/``.ans`` pair under ``data/sample`` and ``data/secret``.

    Cases and groups are taken in lexicographic order of their names within each
    directory, so a nested group's cases come where the group's name sorts. Legacy
    ``testdata.yaml`` (``output_validator_flags``), 2023-07-draft ``testdata.yaml`` or
    ``test_group.yaml`` (``output_validator_flags`` or ``output_validator_args``) and
    2025-09 ``test_group.yaml`` (``output_validator_args``) apply to their directory and
    below until a deeper file replaces them; a 2023-07-draft or 2025-09 ``<case>.yaml``
    replaces them for that one case. The layout of groups is returned for scoring.
    """
    data = root / "data"
    if not data.is_dir():
        raise PackageError(
            f"{root}: no data/ directory (test cases go in data/sample and data/secret)"
        )
    warnings: list[str] = []
    collector = _Collector(root, meta, warnings)
    inherited = collector.group_args(data, ())
    for child in visible_children(data):
        if child.is_dir() and child.name in _TOP_GROUPS:
            collector.layout.items.setdefault("data", []).append(("group", child.name))
            collector.walk(child, child.name, inherited)
        elif child.is_dir() and child.name in _OTHER_2025_DIRS:
            continue
        elif child.name not in ("testdata.yaml", "test_group.yaml"):
            warnings.append(f"data/{child.name}: not sample/ or secret/, ignored")
    if not collector.cases:
        raise PackageError("data/: no test cases (.in/.ans pairs) in data/sample or data/secret")
    return tuple(collector.cases), warnings, collector.layout


class _Collector:
    def __init__(self, root: Path, meta: Metadata, warnings: list[str]) -> None:
        self.root = root
        self.meta = meta
        self.warnings = warnings
        self.cases: list[PackageTestCase] = []
        self.layout = GroupLayout()
        self.config_names = _GROUP_FILES.get(meta.format_version, ("test_group.yaml",))
        self.arg_keys = (
            _ARGS_2023_07 if meta.format_version == V2023_07 else ("output_validator_args",)
        )

    def _group_config(self, directory: Path) -> Path | None:
        found = [directory / name for name in self.config_names if (directory / name).is_file()]
        for ignored in found[1:]:
            self.warnings.append(
                f"{ignored.relative_to(self.root).as_posix()}: ignored, "
                f"{found[0].name} in the same directory is read"
            )
        return found[0] if found else None

    def group_args(self, directory: Path, inherited: tuple[str, ...]) -> tuple[str, ...]:
        config = self._group_config(directory)
        if config is None:
            return inherited
        label = config.relative_to(self.root).as_posix()
        raw = load_yaml(self.root, config, label)
        if raw is None:
            return inherited
        if not isinstance(raw, dict):
            raise PackageError(f"{label}: must be a mapping of keys, got {type(raw).__name__}")
        group = directory.relative_to(self.root / "data").as_posix()
        self.layout.configs[group if group != "." else "data"] = (label, raw)
        return self._args_from(raw, label, inherited)

    def _args_from(
        self, raw: dict[str, Any], label: str, inherited: tuple[str, ...]
    ) -> tuple[str, ...]:
        if self.meta.format_version == LEGACY:
            if "output_validator_flags" not in raw:
                return inherited
            value = raw["output_validator_flags"]
            if isinstance(value, dict):
                value = value.get("flags")
            return split_flags(value, f"{label} output_validator_flags")
        present = [key for key in self.arg_keys if key in raw]
        if not present:
            return inherited
        for ignored in present[1:]:
            self.warnings.append(f"{label}: {ignored} ignored, {present[0]} is used")
        return split_flags(raw[present[0]], f"{label} {present[0]}")

    def walk(self, directory: Path, group: str, inherited: tuple[str, ...]) -> None:
        args = self.group_args(directory, inherited)
        inputs: set[str] = set()
        answers: set[str] = set()
        groups: set[str] = set()
        for child in visible_children(directory):
            if child.is_dir():
                groups.add(child.name)
            elif child.name.endswith(".in"):
                inputs.add(child.name[: -len(".in")])
            elif child.name.endswith(".ans"):
                answers.add(child.name[: -len(".ans")])
        for base in sorted(inputs - answers):
            raise PackageError(f"data/{group}/{base}.in: no matching data/{group}/{base}.ans")
        for base in sorted(answers - inputs):
            raise PackageError(f"data/{group}/{base}.ans: no matching data/{group}/{base}.in")
        entries = [_Entry(base, False) for base in inputs]
        entries += [_Entry(name, True) for name in groups if name not in inputs]
        for name in sorted(groups & inputs):
            self.warnings.append(f"data/{group}/{name}/: same name as a test case, ignored")
        items = self.layout.items.setdefault(group, [])
        for entry in sorted(entries, key=lambda item: (item.name, item.is_group)):
            items.append(("group" if entry.is_group else "case", f"{group}/{entry.name}"))
            if entry.is_group:
                self.walk(directory / entry.name, f"{group}/{entry.name}", args)
            else:
                self._add_case(directory, group, entry.name, args)

    def _add_case(self, directory: Path, group: str, base: str, args: tuple[str, ...]) -> None:
        if self.meta.format_version != LEGACY:
            case_config = directory / f"{base}.yaml"
            if case_config.is_file():
                label = f"data/{group}/{base}.yaml"
                raw = load_yaml(self.root, case_config, label)
                if raw is not None and not isinstance(raw, dict):
                    raise PackageError(
                        f"{label}: must be a mapping of keys, got {type(raw).__name__}"
                    )
                if raw:
                    args = self._args_from(raw, label, args)
        self.cases.append(
            PackageTestCase(
                name=f"{group}/{base}",
                group=group,
                order=len(self.cases),
                input=read_inside(self.root, directory / f"{base}.in"),
                answer=read_inside(self.root, directory / f"{base}.ans"),
                validator_args=self.meta.validator_flags + args,
            )
        )
