"""The vocabulary in rules/ (YAML): read, checked against a schema, compiled.

A bad entry is reported as `file:line: what is wrong`, so a user who adds a
noun or a cue finds the mistake without reading code.

`Rules` is the whole vocabulary as one object. Every step takes it from the
document it reads, so a caller may pass its own
(`extract_text(text, rules=Rules("my-rules/"))`); `default_rules()` is the
project's own rules/ folder, read once per process. Each stage compiles its
part on first use (`rules.grammar`, `rules.periods`, ...). `rules.replacing(
name, content)` is a variant with one file changed that shares the stages
built from the others (tests/test_rules_mutation.py tries one variant per
entry).

A schema is a small Python structure:
  str, float, int, bool     a scalar of that type (int is accepted for float)
  [spec]                    a list whose items follow spec
  {str: spec}               a mapping from any string key to spec
  {"key": spec, "opt?": s}  a mapping with these keys ("?" marks optional ones)
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from . import rules_cache
from .cache import cache_dir

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


# --- phrase lists as regular expressions -------------------------------------

WORD_EDGE_BEFORE = r"(?<![\p{L}\p{N}])"
WORD_EDGE_AFTER = r"(?![\p{L}\p{N}])"
# A time of day (`14:05`, `11:31 AM`, `7h30`, `8g15`): never a figure, and
# beside a date it makes a publication line.
CLOCK_TIME = regex.compile(r"\d{1,2}(?::\d{2}){1,2}(?:\s*[AaPp]\.?[Mm]\.?)?|\d{1,2}[hg]\d{2}\b")


_FIRST_WORD = regex.compile(r"[\p{L}\p{N}]+")


def first_word(text: str) -> str:
    """The run of letters and digits `text` opens with ("" if it opens with
    anything else): "Lâm Hà" -> "Lâm", "T.Ư" -> "T"."""
    m = _FIRST_WORD.match(text)
    return m.group() if m else ""


def alternation(phrases: list[str]) -> str:
    """A regex alternation of `phrases`, longest first, spaces matching any run
    of blanks inside a line (a line break always ends a sentence, so no phrase
    stands across one)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return "(?!)"  # an empty list matches nothing (an empty alternation would match everywhere)
    return "|".join(r"[^\S\n]+".join(regex.escape(w) for w in p.split()) for p in ordered)


def phrase_regex(phrases: list[str], anchor: str = "") -> regex.Pattern:
    """Whole-word, case-insensitive match of any phrase. With `anchor` "^" it
    is meant for .match(text, pos), which anchors at pos (a caret would not);
    with "$" it must end the searched text (blanks allowed)."""
    body = f"(?:{alternation(phrases)})"
    if anchor == "^":
        return regex.compile(rf"\s*({body}){WORD_EDGE_AFTER}", regex.IGNORECASE)
    if anchor == "$":
        return regex.compile(rf"{WORD_EDGE_BEFORE}({body})\s*$", regex.IGNORECASE)
    return regex.compile(rf"{WORD_EDGE_BEFORE}({body}){WORD_EDGE_AFTER}", regex.IGNORECASE)



# --- files and schemas ---------------------------------------------------------


class RulesError(ValueError):
    """A rules file that does not follow its schema."""


# Rules files are composed by libyaml (the pure-Python reader took most of a
# second at start-up) and each scalar built from its resolved tag.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node, spec: type, where: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise RulesError(f"{where}: expected a {spec.__name__}, found a {_kind(node)}")
    value = _SCALARS.construct_object(node)
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


def read_rules_file(path: Path) -> str:
    """The text of a rules file, or a RulesError that says why it has none."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rules file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def load_file(path: Path, schema: Any) -> Any:
    return parse(read_rules_file(path), path, schema)


def parse(text: str, path: Path, schema: Any) -> Any:
    """The YAML `text` of rules file `path`, checked against `schema`."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise RulesError(f"{path.name}: not valid YAML: {exc}") from exc
    if node is None:
        raise RulesError(f"{path.name}: empty rules file")
    return _check(node, schema, path)


class _Reading:
    """The rules as one stage's compiler sees them: every file it reads, and
    every other stage's vocabulary it uses, is recorded."""

    def __init__(self, rules: Rules):
        self._rules = rules
        self.files: set[str] = set()

    def data(self, name: str, schema: Any) -> Any:
        self.files.add(name)
        return self._rules.data(name, schema)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._rules, name)
        self.files |= self._rules._reads.get(name, frozenset())
        return value


class _Stage:
    """A stage's compiled vocabulary, built on first use. The files it was
    built from are recorded, so that a variant of the rules
    (`Rules.replacing`) keeps it while those files stay the same."""

    def __init__(self, build):
        self.build = build
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, rules: Rules | None, owner: type | None = None) -> Any:
        if rules is None:
            return self
        if self.name not in rules._compiled:
            rules._compiled[self.name], rules._reads[self.name] = self._compiled(rules)
        return rules._compiled[self.name]

    def _compiled(self, rules: Rules) -> tuple[Any, frozenset[str]]:
        """The stage and the files it was built from: read back from the
        cache folder when a run compiled these rules before
        (`pipeline.rules_cache`), else built and kept there."""
        key = rules._disk_key()
        stored = rules_cache.load(self.name, key) if key else None
        if stored is not None:
            return stored
        reading = _Reading(rules)
        compiled = self.build(reading), frozenset(reading.files)
        if key:
            rules_cache.store(self.name, key, compiled)
        return compiled


class Rules:
    """The vocabulary of one rules folder. Files are read and compiled on
    first use; a pickled Rules carries the files' contents, so a worker on
    another machine reads nothing from disk."""

    # Defaults for the state of a Rules pickled before these were kept.
    _kept_on_disk = False
    _fingerprint: str | None = None

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory is not None else RULES_DIR
        self._texts: dict[str, str] = {}
        self._data: dict[str, Any] = {}
        self._compiled: dict[str, Any] = {}  # stage -> its compiled vocabulary
        self._reads: dict[str, frozenset[str]] = {}  # stage -> the files it was built from
        # A folder's rules keep their compiled stages in the cache folder; the
        # variants of `replacing` (thousands in the mutation tests) do not.
        self._kept_on_disk = True
        self._fingerprint = None

    def __repr__(self) -> str:
        return f"Rules({str(self.directory)!r})"

    def __getstate__(self) -> dict:
        for path in sorted(self.directory.glob("*.yaml")):
            self._text(path.stem)
        return {"directory": self.directory, "_texts": dict(self._texts), "_data": {}, "_compiled": {}, "_reads": {},
                "_kept_on_disk": self._kept_on_disk, "_fingerprint": None}

    def _text(self, name: str) -> str:
        if name not in self._texts:
            if name in self._data:  # given as data (`replacing`): written out as YAML
                self._texts[name] = yaml.safe_dump(self._data[name], allow_unicode=True, sort_keys=False)
                return self._texts[name]
            self._texts[name] = read_rules_file(self.directory / f"{name}.yaml")
        return self._texts[name]

    def data(self, name: str, schema: Any) -> Any:
        """rules/<name>.yaml, checked against `schema`."""
        if name not in self._data:
            self._data[name] = parse(self._text(name), Path(name + ".yaml"), schema)
        return self._data[name]

    def replacing(self, name: str, content: str | Any) -> Rules:
        """These rules with rules/<name>.yaml replaced by `content`: YAML text,
        read and checked like the file, or data as `data()` gives it (an
        edited copy of it, say), used as it is. The stages built from the
        other files are shared, not rebuilt, so trying many variants of one
        file costs only that file's stages."""
        variant = Rules(self.directory)
        variant._kept_on_disk = False
        variant._texts = {k: v for k, v in self._texts.items() if k != name}
        variant._data = {k: v for k, v in self._data.items() if k != name}
        if isinstance(content, str):
            variant._texts[name] = content
        else:
            variant._data[name] = content
        for stage, files in self._reads.items():
            if name not in files:
                variant._compiled[stage], variant._reads[stage] = self._compiled[stage], files
        return variant

    def _disk_key(self) -> str | None:
        """The fingerprint its stages are kept under in the cache folder, or
        None where they are not kept: a variant, the cache turned off, or a
        file of the folder that cannot be read (the stage that reads it
        says so)."""
        if not self._kept_on_disk or cache_dir() is None:
            return None
        try:
            return self.fingerprint()
        except RulesError:
            return None

    def fingerprint(self) -> str:
        """Changes whenever any rules file does. Worked out once: every file
        is read by then, and a Rules reads a file only once."""
        if self._fingerprint is None:
            state = self.__getstate__()["_texts"]
            h = hashlib.blake2b(digest_size=16)
            for name in sorted(state):
                h.update(name.encode() + b"\0" + state[name].encode())
            self._fingerprint = h.hexdigest()
        return self._fingerprint

    # Each stage's compiled vocabulary, built on first use.
    @_Stage
    def numbers(r):
        from .figures.numbers import compile_number_words
        return compile_number_words(r)

    @_Stage
    def units(r):
        from .figures.grammar import compile_units
        return compile_units(r)

    @_Stage
    def grammar(r):
        from .figures.grammar import compile_grammar
        return compile_grammar(r)

    @_Stage
    def document(r):
        from .text.document import compile_document_vocabulary
        return compile_document_vocabulary(r)

    @_Stage
    def tables(r):
        from .text.tables import compile_table_vocabulary
        return compile_table_vocabulary(r)

    @_Stage
    def periods(r):
        from .meaning.time_phrases import compile_vocabulary
        return compile_vocabulary(r)

    @_Stage
    def indicators(r):
        from .meaning.indicator import compile_indicator_rules
        return compile_indicator_rules(r)

    @_Stage
    def provinces(r):
        from .meaning.province import compile_gazetteer
        return compile_gazetteer(r)

    @_Stage
    def lower_places(r):
        from .meaning.province import compile_lower_places
        return compile_lower_places(r)

    @_Stage
    def checks(r):
        from .checks.arithmetic import compile_check_vocabulary
        return compile_check_vocabulary(r)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The project's own rules/ folder."""
    return Rules()
