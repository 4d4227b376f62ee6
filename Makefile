# Two commands set a fresh machine up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Gold files and the folders of their articles; the dev set is scored where
# ../shared holds it.
SEEDS_GOLD ?= tests/gold/seeds.jsonl
SEEDS_DIR  ?= corpus
DEV_GOLD   ?= ../shared/gold/dev.jsonl
DEV_DIR    ?= ../shared/corpus-dev
# The second dev set mixes sectors: its SOURCES.tsv says each article's
# (`in` the social sector, `out` of it), and each group is scored apart.
DEV2_GOLD  ?= ../shared/gold/dev2.jsonl
DEV2_DIR   ?= ../shared/corpus-dev2
DEV2_GROUPS ?= $(DEV2_DIR)/SOURCES.tsv:domain

.PHONY: install browser run test eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(PY) -m pipeline extract corpus --out outputs/figures.parquet

# The review pages are tested in headless Chromium (Debian's package). Where
# it cannot be installed here, that test fails and says how to install it.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	echo "chromium is missing: apt-get install chromium (needed by tests/test_review_browser.py)"

test: install browser
	$(PY) -m pytest

# Thresholds of the issues: value-and-unit F1; indicator, period and target
# accuracy; the province right for every article.
MEANING := --min-indicator 0.90 --min-period 0.90 --min-target 0.95 --min-province 1.0
# dev2 is scored with --summary (no line per article: it holds articles kept
# aside to measure generalisation). Its `out` group, the other sectors, needs
# value-and-unit F1 >= 0.95; the social sector's group (`in`) the thresholds
# of the meaning issue.
DEV2_SOCIAL ?= --min-f1 in=0.97 --min-indicator in=0.92 --min-period in=0.92 --min-target in=0.95 --min-province in=1.0

eval: install
	$(PY) -m pipeline evaluate $(SEEDS_GOLD) --articles $(SEEDS_DIR) --min-f1 0.95 $(MEANING)
	@if [ -f $(DEV_GOLD) ]; then \
		$(PY) -m pipeline evaluate $(DEV_GOLD) --articles $(DEV_DIR) --min-f1 0.92 $(MEANING); \
	else echo "no $(DEV_GOLD): dev set not scored"; fi
	@if [ -f $(DEV2_GOLD) ]; then \
		$(PY) -m pipeline evaluate $(DEV2_GOLD) --articles $(DEV2_DIR) --groups $(DEV2_GROUPS) --summary \
			--min-f1 out=0.95 $(DEV2_SOCIAL); \
	else echo "no $(DEV2_GOLD): dev2 set not scored"; fi

# Byte-compiled first, as a wheel's install would be (an editable install is
# not, and where PYTHONDONTWRITEBYTECODE is set every run compiles it again).
bench: install
	$(PY) -m compileall -q pipeline
	$(PY) benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) outputs/figures.parquet outputs/figures.articles.parquet outputs/figures.facts.parquet outputs/figures.errors.jsonl
