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
	@if [ ! -f $(DB) ]; then $(BIN) init --db sqlite:$(DB) && (umask 077; $(BIN) demo --db sqlite:$(DB) --appointments 20000 | tee $(DB).demo-logins.txt); fi
	@echo ""
	@echo "  MedOffice is at http://$(LISTEN)/"
	@echo "  API: http://$(LISTEN)/api/v1/openapi.json   health: http://$(LISTEN)/healthz"
	@echo "  Open it in a browser and sign in with a demo login (frontdesk, biller, clinician, manager,"
	@echo "  admin); their passwords are in $(DB).demo-logins.txt. manager and admin also need the code"
	@echo "  from an authenticator app set up with the otpauth:// URI printed there (frontdesk needs none)."
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
	@cd web && node_modules/.bin/prettier --write --log-level warn "src/**/*.{ts,tsx,css}" vite.config.ts index.html "scripts/*.mjs"

clean:
	rm -rf build
