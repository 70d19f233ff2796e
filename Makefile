# SPDX-License-Identifier: AGPL-3.0-or-later
BIN := build/release/medoffice
DB ?= var/medoffice.db
LISTEN ?= 127.0.0.1:8080

.PHONY: build run test lint format setup sanitize bench clean

setup:
	@scripts/setup

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then $(BIN) init --db sqlite:$(DB) && $(BIN) demo --db sqlite:$(DB); fi
	@echo ""
	@echo "  MedOffice is at http://$(LISTEN)/"
	@echo "  API: http://$(LISTEN)/api/v1/openapi.json   health: http://$(LISTEN)/healthz"
	@echo "  Demo logins: none needed yet; accounts and roles arrive with the security issue."
	@echo ""
	@$(BIN) serve --db sqlite:$(DB) --listen $(LISTEN)

test:
	@scripts/setup --test
	@scripts/test

sanitize:
	@scripts/setup --test
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@cd build/dev && ./medoffice_unit_tests && ./medoffice_contract_tests

bench: build
	@scripts/bench

lint:
	@scripts/lint

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
