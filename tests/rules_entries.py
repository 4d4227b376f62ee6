"""Every entry of every rules/*.yaml file, its test row, and the variant of
the rules without it.

An entry is an item of a list (`units/person: người`), a key of a mapping
(`scales: nghìn`, `outlet_tags: QNO`), an optional setting (`level: true` of
an indicator) or a number the steps read (`heading_max_words: 20`). Its row
lives in tests/tables/entries/<file>.yaml under the entry's group (the path of
the list or mapping that holds it) and says what a text gives with the
project's rules. tests/test_rules_entries.py checks every row, and that every
entry has one; tests/test_rules_mutation.py that each row gives something
else once its entry is removed (a number moved by one), so that removing any
one entry fails a test.

A table of entries:

    units/person:                        # the group: a list or mapping of the file
      text: "Năm 2024, tỉnh hỗ trợ 1.234 {entry}."
      fields: [value, unit, unit_text]   # what each figure shows (probe: figures)
      expect: [[1234, person, "{entry}"]]
      entries: [người, người lao động]   # rows that take the group's text and expect
      rows:                              # rows of their own (any key of the group's)
        em: {text: "...", expect: [...]}

`{entry}` is the entry as written and `{Entry}` with a capital. `text` may be
a list of texts, and `expect` then the list of their results. Probes:
`figures` (default: extract_text, one value or list of `fields` per figure;
`quote` keeps the figures of these words only; the field `period` is
"start..end"), `sentences`, `blocks` ([kind, text] per block, the lead's kind
`lead`), `province` (the name detect_province gives), `number`
(parse_number), `language` (the reason language_note gives, or null). A row may give `title` and `published`.

`python tests/rules_entries.py [FILE...]` (from the repository's root)
prints the rows that fail, the entries with no row and the entries whose row
reads the same without them, with what each row gives.

`inert: why` marks an entry that no text can make count (the row shows it
gives the same without it): the mutation check then holds that it still
changes nothing, so the mark goes once the entry starts to count.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import Article, extract_text
from pipeline.checks import arithmetic
from pipeline.figures import grammar, numbers
from pipeline.figures.numbers import parse_number
from pipeline.io import language
from pipeline.meaning import indicator, province, time_phrases
from pipeline.meaning.province import detect_province
from pipeline.rules import RULES_DIR, Rules
from pipeline.text import document, tables
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text

ENTRY_TABLES = Path(__file__).parent / "tables" / "entries"

SCHEMAS = {
    "checks": arithmetic._SCHEMA,
    "document": document._SCHEMA,
    "figures": grammar._FIGURES_SCHEMA,
    "indicators": indicator.SCHEMA,
    "language": language.SCHEMA,
    "numbers": numbers._SCHEMA,
    "periods": time_phrases._SCHEMA,
    "provinces": province._SCHEMA,
    "tables": tables._SCHEMA,
    "units": grammar._UNITS_SCHEMA,
}

# Keys no step reads: the names of an indicator, for the README's table and
# the spec's groups. They are no vocabulary, so they have no row.
NAMES = {("indicators", "vi"), ("indicators", "en"), ("indicators", "group")}

TOP = "."  # the group of a file's own settings (`heading_max_words`)


@dataclass(frozen=True)
class Entry:
    file: str  # rules/<file>.yaml
    group: str  # path of the list or mapping that holds it, "/"-joined; TOP for the file's own keys
    label: str  # the item, the key; "[a, b]" for a list item that is a list
    mutations: tuple  # ("remove",) and/or ("add", n): what the mutation check tries
    container: bool = False  # it holds entries of its own (a list, a mapping)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.group}:{self.label}"


def label_of(item: Any) -> str:
    return "[" + ", ".join(map(str, item)) + "]" if isinstance(item, list) else str(item)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def entries_of(file: str, data: Any, schema: Any, group: str = TOP) -> list[Entry]:
    """The entries of a rules file's data, in the file's order."""
    out: list[Entry] = []

    def path(key: str) -> str:
        return key if group == TOP else f"{group}/{key}"

    if isinstance(schema, list):
        for item in data:
            container = isinstance(item, (list, dict))
            out.append(Entry(file, group, label_of(item), (("remove",),), container))
            if container:
                out += entries_of(file, item, schema[0], path(label_of(item)))
        return out
    for key, value in data.items():
        if (file, key) in NAMES:
            continue
        optional = f"{key}?" in schema
        fixed = optional or key in schema
        spec = schema[f"{key}?" if optional else key] if fixed else schema[str]
        container = isinstance(value, (list, dict))
        mutations: tuple = ()
        if optional or not fixed:  # a required key is the schema's to check
            mutations += (("remove",),)
        if _is_number(value):
            mutations += (("add", -1), ("add", 1))
        if mutations:
            out.append(Entry(file, group, key, mutations, container))
        if container:
            out += entries_of(file, value, spec, path(key))
    return out


def all_entries(rules: Rules) -> list[Entry]:
    return [e for name, schema in SCHEMAS.items() for e in entries_of(name, rules.data(name, schema), schema)]


def mutated(data: Any, entry: Entry, mutation: tuple) -> Any:
    """A copy of a file's data with one mutation of `entry`; only the
    containers on the entry's path are copied."""
    steps = [] if entry.group == TOP else entry.group.split("/")
    root = _copy(data)
    node = root
    for step in steps:
        if isinstance(node, list):
            k = next(k for k, item in enumerate(node) if label_of(item) == step)
        else:
            k = step
        node[k] = _copy(node[k])
        node = node[k]
    if mutation[0] == "remove":
        if isinstance(node, list):
            node.pop(next(k for k, item in enumerate(node) if label_of(item) == entry.label))
        else:
            del node[entry.label]
    else:
        node[entry.label] = node[entry.label] + mutation[1]
    return root


def _copy(node: Any) -> Any:
    return list(node) if isinstance(node, list) else dict(node)


# --- the rows --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    entry: str  # the entry's label
    file: str
    group: str
    spec: dict

    @property
    def id(self) -> str:
        return f"{self.file}:{self.group}:{self.entry}"

    @property
    def expected(self) -> Any:
        return _normal(self.spec["expect"])


_ROW_KEYS = {"text", "expect", "fields", "probe", "quote", "title", "published", "inert"}


def _fill(value: Any, entry: str) -> Any:
    if isinstance(value, str):
        return value.replace("{entry}", entry).replace("{Entry}", entry[:1].upper() + entry[1:])
    if isinstance(value, list):
        return [_fill(v, entry) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, entry) for k, v in value.items()}
    return value


class _UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (which would drop rows)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        twice = sorted({str(k) for k in keys if keys.count(k) > 1})
        if twice:
            raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {twice}", node.start_mark)
        return super().construct_mapping(node, deep)


def load_rows() -> dict[str, Row]:
    """Every row of tests/tables/entries/*.yaml, by entry id."""
    rows: dict[str, Row] = {}
    for path in sorted(ENTRY_TABLES.glob("*.yaml")):
        file = path.stem
        for group, spec in yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys).items():
            common = {k: v for k, v in spec.items() if k in _ROW_KEYS}
            unknown = set(spec) - _ROW_KEYS - {"entries", "rows"}
            assert not unknown, f"{path.name}: {group}: unknown keys {sorted(unknown)}"
            own = spec.get("rows") or {}
            for label in [*(spec.get("entries") or []), *own]:
                label = label_of(label)
                row = Row(label, file, str(group), _fill(common | (own.get(label) or {}), label))
                assert row.id not in rows, f"{path.name}: {row.id} has two rows"
                assert {"text", "expect"} <= set(row.spec), f"{path.name}: {row.id} needs a text and what it gives"
                rows[row.id] = row
    return rows


def _normal(value: Any) -> Any:
    """Results as plain data: tuples as lists, dates as ISO strings."""
    if isinstance(value, (list, tuple)):
        return [_normal(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _field(f, name: str) -> Any:
    if name == "period":
        return f"{f.period_start}..{f.period_end}" if f.period_end is not None else None
    return getattr(f, name, None)


def _probe(row: Row, text: str, rules: Rules) -> Any:
    spec = row.spec
    probe = spec.get("probe", "figures")
    title, published = spec.get("title"), spec.get("published")
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    if probe == "number":
        return parse_number(text, rules)
    if probe == "language":
        found = language.language_note(normalise_text(text), rules)
        return found[0] if found else None
    article = Article("t", normalise_text(text), title and normalise_text(title), published)
    if probe == "figures":
        fields = spec.get("fields", ["value", "unit"])
        quotes = spec.get("quote")
        quotes = [quotes] if isinstance(quotes, str) else quotes
        figures = extract_text(text, "t", title, published, rules=rules)
        figures = [f for f in figures if quotes is None or f.quote in quotes]
        return [_field(f, fields[0]) if len(fields) == 1 else [_field(f, k) for k in fields] for f in figures]
    doc = build_document(article, rules)
    if probe == "sentences":
        return [s.text for s in doc.sentences]
    if probe == "blocks":
        return [["lead" if b.lead else b.kind, doc.text[b.start : b.end]] for b in doc.blocks]
    if probe == "province":
        found = detect_province(doc)
        return found.name if found else None
    raise ValueError(f"{row.id}: unknown probe {probe!r}")


def run(row: Row, rules: Rules) -> Any:
    """What the row's text gives with `rules`. An error is a result too: a
    variant that does not load, or that a step cannot read."""
    texts = row.spec["text"]
    try:
        if isinstance(texts, list):
            return _normal([_probe(row, t, rules) for t in texts])
        return _normal(_probe(row, texts, rules))
    except Exception as exc:  # noqa: BLE001 - a variant that breaks a step gives that as its result
        return f"{type(exc).__name__}: {exc}"


def default_data(rules: Rules, file: str) -> Any:
    return rules.data(file, SCHEMAS[file])


def rules_files() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))


def report(files: list[str]) -> int:
    """Print, for the entries of `files` (all when empty), every row that
    gives something else than it says, every entry with no row, and every
    entry whose row reads the same without it: what to look at after a
    change to a step or to rules/. Returns how many it printed."""
    from pipeline.rules import default_rules

    rules = default_rules()
    rows = load_rows()
    problems = 0
    for entry in all_entries(rules):
        if entry.container or (files and entry.file not in files):
            continue
        row = rows.get(entry.id)
        if row is None:
            print(f"no row      {entry.id}")
            problems += 1
            continue
        got = run(row, rules)
        if got != row.expected:
            print(f"row fails   {entry.id}\n    gives   {got}\n    expects {row.expected}")
            problems += 1
            continue
        for mutation in entry.mutations:
            variant = rules.replacing(entry.file, mutated(default_data(rules, entry.file), entry, mutation))
            if (run(row, variant) == row.expected) != bool(row.spec.get("inert")):
                print(f"{'counts now' if row.spec.get('inert') else 'no effect '}  {entry.id} {mutation}")
                problems += 1
    return problems


if __name__ == "__main__":
    import sys

    sys.exit(1 if report(sys.argv[1:]) else 0)
