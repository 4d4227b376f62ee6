"""Every entry of every rules file has a row of its own in
tests/tables/entries/, and each row gives what it says with the project's
rules (tests/rules_entries.py explains the tables; test_rules_mutation.py
checks that each row depends on its entry)."""
import pytest
from rules_entries import all_entries, load_rows, run

from pipeline.rules import default_rules

ROWS = load_rows()
ENTRIES = all_entries(default_rules())


@pytest.mark.parametrize("row", ROWS.values(), ids=lambda r: r.id)
def test_entry_row(row):
    assert run(row, default_rules()) == row.expected


def test_every_entry_has_a_row():
    missing = [e.id for e in ENTRIES if not e.container and e.id not in ROWS]
    assert missing == [], f"{len(missing)} entries of rules/ have no row in tests/tables/entries/"


def test_every_row_is_an_entry():
    entries = {e.id for e in ENTRIES}
    assert [r for r in ROWS if r not in entries] == [], "rows of entries that rules/ no longer has"


def test_no_list_holds_an_entry_twice():
    ids = [e.id for e in ENTRIES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
