# Two entry points (see README): `make check` and `make test`. Each creates
# .venv with Python 3.11+ and installs the project and its test extras, so a
# fresh machine with only Python needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup check test bench bench-plan bench-spark browser editor clean fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The main job: a real check of the 2001 treaty against an example scenario.
# `treatylang check` exits 1 when it finds a violation — a successful run for
# this example, which is about one — so only 2 (bad input) or worse fails.
check: $(STAMP)
	@$(BIN)/treatylang check ru_ir_2001 examples/aggression_aid.scenario; \
	  status=$$?; [ $$status -le 1 ] || exit $$status

# Headless Chromium for the HTML report's browser tests (tests/browser):
# Debian's chromium and chromium-driver, installed when missing and apt-get
# can be used (CI runs as root on a fresh Debian machine). Where they cannot
# be installed the browser tests skip and say why.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "could not install chromium: the browser tests will be skipped"; \
	else echo "no chromium, and no apt-get as root to install it: the browser tests will be skipped"; fi

# The TextMate engine VS Code uses (vscode-textmate, vscode-oniguruma) for
# the editor-grammar tests (tests/editors), installed from the lock file in
# editors/vscode when node and npm are there; without them those tests skip
# and say why. A failed install (no network) is reported, never fatal.
NPM_STAMP := editors/vscode/node_modules/.installed

$(NPM_STAMP): editors/vscode/package-lock.json
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed) \
	    || echo "npm ci failed in editors/vscode: the editor-grammar tests will be skipped"; \
	else echo "no node/npm: the editor-grammar tests will be skipped"; fi

editor:
	@$(MAKE) --no-print-directory $(NPM_STAMP) || true

test: $(STAMP) browser editor
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup $(PYTEST_ARGS)

# The fuzzing campaign (docs/testing.md#fuzzing): every input kind through the
# command line for FUZZ_SECONDS each, niced; problems are minimised into
# tests/hardening/fuzz_regressions/. Coverage-guided with atheris (the `fuzz`
# extra), else the built-in mutator.
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_ENGINE ?= auto
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,fuzz]' || echo "atheris not installed: fuzzing with the built-in mutator"
	nice -n 10 $(BIN)/python -m tests.hardening.fuzz.run --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) \
	  --engine $(FUZZ_ENGINE) $(FUZZ_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_parse.py

clean:
	rm -rf $(VENV) build *.egg-info editors/vscode/node_modules

# The executors against the peers (../shared/bench/peer): 10^6 and 10^7 rows,
# engine-only throughput, memory, start-up. Long (tens of minutes); run with
# nice on a shared machine. GDELT=100000000 adds the 10^8-row DuckDB run
# (~70 GB of disk for the generated file, deleted afterwards).
GDELT ?= 0
bench-plan: $(STAMP)
	nice $(BIN)/python benchmarks/bench_plan.py --gdelt $(GDELT) $(BENCH_ARGS)
# Spark local mode against the streaming path on the peer stream
# (../shared/bench/peer): 10^6 and 10^7 rows, time and agreement. Long; the
# machine is shared, so it runs under nice. SIZES="1000000" for a short run.
SIZES ?= 1000000 10000000
bench-spark: $(STAMP)
	nice $(BIN)/python benchmarks/bench_spark.py --sizes $(SIZES) $(BENCH_ARGS)
