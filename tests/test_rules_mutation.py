"""The mutation check: for every entry of every rules file, the rules with
that entry removed (or its number moved by one) make the entry's row give
something else than it does with the project's rules. A row that still
passes without its entry could not fail; an entry whose removal changes
nothing does nothing.

Each variant is `Rules.replacing(file, data)`: only the stages built from the
changed file are compiled again."""
import pytest
from rules_entries import all_entries, default_data, load_rows, mutated, run

from pipeline.rules import default_rules

ENTRIES = all_entries(default_rules())
ROWS = load_rows()


def _row_of(entry):
    """The entry's row. A list or mapping without a row of its own is checked
    on the row of its first entry that counts."""
    if entry.id in ROWS or not entry.container:
        return ROWS.get(entry.id)
    inner = f"{entry.group}/{entry.label}" if entry.group != "." else entry.label
    inside = [ROWS.get(e.id) for e in ENTRIES if not e.container and (e.group == inner or e.group.startswith(inner + "/"))]
    return next((row for row in inside if row is not None and not row.spec.get("inert")), None)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_removing_the_entry_changes_its_row(entry):
    row = _row_of(entry)
    if row is None:
        pytest.fail(f"{entry.id} has no row (tests/test_rules_entries.py lists them)")
    rules = default_rules()
    # With the project's rules first: this also builds the stages the row
    # needs once, for every variant to share.
    assert run(row, rules) == row.expected
    for mutation in entry.mutations:
        variant = rules.replacing(entry.file, mutated(default_data(rules, entry.file), entry, mutation))
        if row.spec.get("inert"):
            assert run(row, variant) == row.expected, f"{row.id} counts now: drop its `inert` mark"
        else:
            assert run(row, variant) != row.expected, f"{row.id} gives the same without {mutation}"
