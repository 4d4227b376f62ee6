"""Load the vocabulary in rules/ (YAML), checked against a schema.

A bad entry is reported as `file:line: what is wrong`, so a user who adds a
noun or a cue finds the mistake without reading code.

A schema is a small Python structure:
  str, float, int, bool     a scalar of that type (int is accepted for float)
  [spec]                    a list whose items follow spec
  {str: spec}               a mapping from any string key to spec
  {"key": spec, "opt?": s}  a mapping with these keys ("?" marks optional ones)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(os.environ.get("VN_FIGURES_RULES", Path(__file__).resolve().parent.parent / "rules"))


class RulesError(ValueError):
    """A rules file that does not follow its schema."""


def _scalar(node: yaml.Node, spec: type, where: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise RulesError(f"{where}: expected a {spec.__name__}, found a {_kind(node)}")
    value = yaml.safe_load(yaml.serialize(node))
    if spec is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if spec is str and value is not None and not isinstance(value, str):
        value = str(value)
    if not isinstance(value, spec) or (spec is not bool and isinstance(value, bool)):
        raise RulesError(f"{where}: expected a {spec.__name__}, found {value!r}")
    if spec is str and not value.strip():
        raise RulesError(f"{where}: empty string")
    return value


def _kind(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "scalar", yaml.SequenceNode: "list", yaml.MappingNode: "mapping"}[type(node)]


def _check(node: yaml.Node, spec: Any, path: Path) -> Any:
    where = f"{path.name}:{node.start_mark.line + 1}"
    if isinstance(spec, type):
        return _scalar(node, spec, where)
    if isinstance(spec, list):
        if not isinstance(node, yaml.SequenceNode):
            raise RulesError(f"{where}: expected a list, found a {_kind(node)}")
        return [_check(item, spec[0], path) for item in node.value]
    if isinstance(spec, dict):
        if not isinstance(node, yaml.MappingNode):
            raise RulesError(f"{where}: expected a mapping, found a {_kind(node)}")
        out: dict[str, Any] = {}
        free = spec.get(str)
        fixed = {k.rstrip("?"): v for k, v in spec.items() if k is not str}
        for key_node, value_node in node.value:
            key = _scalar(key_node, str, f"{path.name}:{key_node.start_mark.line + 1}")
            if key in out:
                raise RulesError(f"{path.name}:{key_node.start_mark.line + 1}: duplicate key {key!r}")
            if key in fixed:
                out[key] = _check(value_node, fixed[key], path)
            elif free is not None:
                out[key] = _check(value_node, free, path)
            else:
                raise RulesError(f"{path.name}:{key_node.start_mark.line + 1}: unknown key {key!r}")
        missing = [k.rstrip("?") for k in spec if k is not str and not k.endswith("?") and k not in out]
        if missing:
            raise RulesError(f"{where}: missing key(s) {', '.join(missing)}")
        return out
    raise TypeError(f"bad schema {spec!r}")


def load_file(path: Path, schema: Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rules file ({exc.strerror})") from exc
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{path.name}: not valid YAML: {exc}") from exc
    if node is None:
        raise RulesError(f"{path.name}: empty rules file")
    return _check(node, schema, path)


_CACHE: dict[str, Any] = {}


def load(name: str, schema: Any) -> Any:
    """Load rules/<name>.yaml once per process."""
    if name not in _CACHE:
        _CACHE[name] = load_file(RULES_DIR / f"{name}.yaml", schema)
    return _CACHE[name]
