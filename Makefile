# The two set-up commands: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install dev clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/samen demo

test: $(STAMP)
	$(BIN)/pytest -q

# The speed-and-scale benchmark (not a test): SIZE=tiny|demo|flanders|large, RUNS per step (median).
SIZE ?= demo
RUNS ?= 3
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --size $(SIZE) --runs $(RUNS)

dev: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/dagster dev

clean:
	rm -rf $(VENV) .samen
