# ygclient — a newcomer needs two commands: `make test` (and, with the desktop app, `make demo`).
# Each bootstraps .venv from nothing; tools/check_system.py names any missing Debian package.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Qt's compiled translations, built from resources/i18n/*.ts as part of the venv (see below).
TRANSLATIONS := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))

.DEFAULT_GOAL := help
.PHONY: help test demo lint typecheck pytest bench system-check venv lock calendar-data clean \
	screenshots translations installer

help:
	@echo "make demo      the desktop app against an embedded local ygcentral (throwaway data)"
	@echo "make test      ruff + mypy + pytest (bootstraps $(VENV) first)"
	@echo "make bench     speed benchmarks in bench/ (figures printed, never asserted;"
	@echo "               the store bench builds a 1,000,000-record database once, ~4 min)"
	@echo "make screenshots  docs/screenshots/*.png from the demo, under Xvfb (real X, not offscreen)"
	@echo "make translations update resources/i18n/*.ts from the tr() calls; lists what to translate"
	@echo "make installer dist/ygclient/: a one-folder bundle for this OS that needs no Python"
	@echo "               (build_installer.spec, see docs/install.md)"
	@echo "make lock      regenerate requirements/*.lock from pyproject.toml"
	@echo "make clean     remove $(VENV) and caches"

test: lint typecheck pytest

# The desktop app needs a display; on a headless machine say what to do instead.
demo: venv
	@if [ "$$(uname)" = "Linux" ] && [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
		echo "make demo needs a desktop session (no DISPLAY or WAYLAND_DISPLAY here)."; \
		echo "On a headless machine: sudo apt install xvfb libxcb-icccm4 libxcb-keysyms1 && xvfb-run -a make demo"; \
		exit 2; fi
	$(BIN)/ygclient demo

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

bench: venv
	$(BIN)/python -m bench.bench_validate
	$(BIN)/python -m bench.bench_store
	$(BIN)/python -m bench.bench_gui

system-check:
	@$(PYTHON) tools/check_system.py

venv: system-check $(STAMP) $(TRANSLATIONS)

# Exact versions and hashes come from the lock file; the project itself is installed editable.
$(STAMP): pyproject.toml requirements/dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Compiled translations (.qm) are build output (.gitignore), made from the Qt Linguist sources
# whenever a .ts changes; pyproject's package data ships them in the wheel and the installer.
resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	$(BIN)/python tools/i18n.py build --quiet $<

# After changing a tr() string: merge into the .ts (existing translations kept), then translate
# what it lists in resources/i18n/ygclient_en.ts (by hand or with .venv/bin/pyside6-linguist).
translations: venv
	$(BIN)/python tools/i18n.py update

# The pictures in README.md. A real X server (Xvfb), never the offscreen platform; the
# --check step names the Debian packages missing (xvfb, Qt's xcb libraries, a Chinese font).
SCREEN := 1400x900x24
screenshots: venv
	@$(BIN)/python tools/screenshots.py --check
	xvfb-run -a -s "-screen 0 $(SCREEN)" $(BIN)/python tools/screenshots.py

# The program for machines without Python: dist/ygclient/ (docs/install.md). Build on the
# oldest Linux the bundle must run on (it needs that glibc or newer); on Windows run the same
# pyinstaller command from a venv there. tests/test_installer.py builds it too (slow).
installer: venv
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/installer \
		build_installer.spec
	@echo "安装包 / bundle: dist/ygclient/  大小 / size: $$(du -sh dist/ygclient | cut -f1)"
	@if [ "$$(uname)" = "Linux" ]; then echo "需要 / needs glibc >= $$(find dist/ygclient -type f \
		\( -name '*.so*' -o -name ygclient \) -exec objdump -T {} + 2>/dev/null \
		| grep -oE 'GLIBC_[0-9.]*[0-9]' | sort -uV | tail -1 | cut -d_ -f2)"; fi

lock: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev \
		--output-file requirements/dev.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file requirements/runtime.lock pyproject.toml

# Regenerate resources/calendar/cn-workdays.json (each November, see docs/working-days.md).
calendar-data: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[calendar-data]'
	$(BIN)/python tools/build_calendar.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist *.egg-info
