# The two commands a newcomer needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
EXAMPLE ?= assets/examples/patient_engagement.nurture.yaml

.PHONY: run demo test lint venv clean bench docs

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$QT_QPA_PLATFORM" != "offscreen" ] && [ "$$(uname)" = "Linux" ]; then \
		echo "No display found: running the headless demo instead (make demo)."; \
		$(MAKE) --no-print-directory demo; \
	else \
		$(BIN)/nurture-studio $(EXAMPLE); \
	fi

demo: $(STAMP)
	@mkdir -p demo-report
	QT_QPA_PLATFORM=offscreen $(BIN)/nurture report $(EXAMPLE) --out demo-report/report.html
	QT_QPA_PLATFORM=offscreen $(BIN)/nurture report $(EXAMPLE) --out demo-report/report.pdf

test: $(TEST_STAMP)
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider
	$(BIN)/mkdocs build --strict

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The manual (mkdocs.yml, docs/) into site/; --strict turns a broken link or anchor into a failure.
docs: $(TEST_STAMP)
	$(BIN)/mkdocs build --strict

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) demo-report site build dist *.egg-info

# A standalone application in dist/nurture-studio/ (PyInstaller, one folder, no Python needed), checked by
# starting it with --screenshot. On Linux also a .desktop entry and its icon beside it.
.PHONY: dist
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/nurture-studio.spec
	@if [ "$$(uname)" = "Linux" ]; then \
		cp packaging/nurture-studio.desktop assets/icons/nurture-studio.png dist/nurture-studio/; \
		echo "Linux: copy dist/nurture-studio/nurture-studio.desktop to ~/.local/share/applications/ (Exec= the full path)"; \
	fi
	$(BIN)/python packaging/check_dist.py dist/nurture-studio
