# Two commands set a fresh machine up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
GOLD   ?= tests/gold/seeds.jsonl $(wildcard ../shared/gold/dev.jsonl)

.PHONY: install run test eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(PY) -m pipeline extract corpus --out outputs/figures.parquet

test: install
	$(PY) -m pytest

eval: install
	$(PY) -m pipeline evaluate $(GOLD) --fail-under

bench: install
	$(PY) benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) outputs/figures.parquet
