# newscrawl: every target sets itself up from a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo cluster test bench crawl lint snapshot clean
WORKERS ?= 2

# the virtual environment, with the project and its test tools installed
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: serve the bundled snapshot on 127.0.0.1 and crawl it into output/
demo: $(STAMP)
	$(BIN)/python -m sitesnapshot.demo

## cluster: a local redis-server, the snapshot and WORKERS workers of one crawl, then all stopped
cluster: $(STAMP)
	$(BIN)/python -m sitesnapshot.cluster --workers $(WORKERS)

## test: every test, offline
test: $(STAMP)
	$(BIN)/python -m pytest -q

## lint: ruff and mypy, as the tests run them
lint: $(STAMP)
	$(BIN)/ruff check newscrawl sitesnapshot tests bench
	$(BIN)/mypy newscrawl sitesnapshot

## bench: every benchmark; figures go to bench/RESULTS.md
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

## crawl: the live site (needs internet), into output/almaghribtoday/
crawl: $(STAMP)
	$(BIN)/scrapy crawl almaghribtoday

## snapshot: render the bundled snapshot again from sitesnapshot/content.py
snapshot: $(STAMP)
	$(BIN)/python -m sitesnapshot build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
