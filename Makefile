# Kaufbeuren aktiv: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
SERVICES := programmes finance participation newsletter
PYTEST_ARGS ?=

.PHONY: help uv install system-deps bench-deps bootstrap run test lint bench chaos fuzz images migration clean docs translations

help:
	@echo "make run    – startet die ganze Plattform (SQLite, Datei-Bus, SMTP-Sink) auf http://127.0.0.1:8080"
	@echo "make test   – führt alle Tests aus (RabbitMQ und PostgreSQL auf 127.0.0.1)"
	@echo "make bench  – Benchmarks, Ergebnisse in docs/benchmarks.md"
	@echo "make chaos  – lange Zuverlässigkeitsläufe"
	@echo "make fuzz   – Fuzzing aller API-Operationen mit zehnmal so vielen Beispielen wie in make test"

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: uv
	@$(UV) sync --all-packages --frozen --quiet

# Debian packages the tests need: chromium (browser tests) and promtool (alert rule tests).
system-deps:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	 command -v promtool >/dev/null || missing="$$missing prometheus"; \
	 if [ -n "$$missing" ]; then \
	   if [ "$$(id -u)" = "0" ]; then echo "Installiere:$$missing"; \
	     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null); \
	   else echo "Fehlende Debian-Pakete:$$missing (apt-get install -y$$missing)"; fi; fi

bootstrap: install
	@mkdir -p var/data var/mail var/metrics
	@$(PY) -m servicekit.cli gateway keys
	@$(PY) -m servicekit.cli $(shell echo $(SERVICES) | tr ' ' ',') setup
	@$(PY) -m gateway.cli bootstrap

run: bootstrap
	@echo ""
	@echo "  Kaufbeuren aktiv läuft gleich auf  http://127.0.0.1:8080  (öffentliche Seite)"
	@echo "  Anmeldung für Mitarbeitende:        http://127.0.0.1:8080/anmelden"
	@echo "  Fachbereiche: /intern/programmes/ /intern/finance/ /intern/participation/ /intern/newsletter/"
	@echo "  API-Dokumentation:                  http://127.0.0.1:8080/api/docs"
	@echo "  Mails des SMTP-Sinks:               var/mail/"
	@echo "  Beenden mit Strg-C."
	@echo ""
	@PATH="$(CURDIR)/.venv/bin:$$PATH" AKTIV_WEB_WORKERS="$${AKTIV_WEB_WORKERS:-1}" .venv/bin/honcho start -f Procfile

test: install system-deps deploy-deps
	@$(PY) -m ruff check .
	@$(PY) scripts/run_tests.py

# Extract the department UIs' German texts into each translations/en/…/messages.po (then translate the gaps).
translations: install
	@$(PY) scripts/i18n.py update

lint: install
	@$(PY) -m ruff check .
	@$(PY) -m bandit -q -r lib gateway/src services/*/src -lll

# The benchmarks compare against Debian's wrk and nginx (gateway) in the same run.
bench-deps:
	@missing=""; command -v wrk >/dev/null || missing="$$missing wrk"; \
	 { command -v nginx >/dev/null || test -x /usr/sbin/nginx; } || missing="$$missing nginx-light"; \
	 if [ -n "$$missing" ]; then \
	   if [ "$$(id -u)" = "0" ]; then echo "Installiere:$$missing"; \
	     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null); \
	   else echo "Fehlende Debian-Pakete:$$missing (apt-get install -y$$missing)"; fi; fi

bench: install bench-deps
	@$(PY) bench/run.py

chaos: install
	@AKTIV_CHAOS_FULL=1 $(PY) -m pytest tests/chaos -q

# The fuzz suite of make test (tests/fuzz) with AKTIV_FUZZ_FACTOR times the examples (default 10); numbers in
# docs/security.md.
AKTIV_FUZZ_FACTOR ?= 10
fuzz: install
	@AKTIV_FUZZ_FACTOR=$(AKTIV_FUZZ_FACTOR) $(PY) -m pytest tests/fuzz -q -s -p no:cacheprovider $(PYTEST_ARGS)

# Images: docker or podman, whichever is there (deploy/docker/build-images.sh; BASE_IMAGE, IMAGE_TAG, IMAGES,
# CONTAINER_ENGINE). Without a registry: make base-image first (Debian bookworm via debootstrap, cached).
.PHONY: base-image smoke
images:
	@bash deploy/docker/build-images.sh

base-image:
	@bash deploy/podman/base-image.sh

# Smoke run under rootful podman (not part of make test): base image, images, then the dev overlay's
# programmes migration and web Deployment under podman kube play against loopback PostgreSQL and RabbitMQ.
smoke: install deploy-deps
	@$(PY) scripts/smoke_run.py

# Pinned deployment-check tools (checkov, kubectl with kustomize) in their own venv outside the work tree (var/ gets
# wiped); see deploy/tools-requirements.txt. AKTIV_DEPLOY_TOOLS overrides the place, tests/deploy looks there too.
deploy-deps: uv
	@req=deploy/tools-requirements.txt; dir="$${AKTIV_DEPLOY_TOOLS:-$${XDG_CACHE_HOME:-$$HOME/.cache}/kaufbeuren-aktiv/deploy-tools}"; \
	 if ! cmp -s "$$req" "$$dir/requirements.installed"; then \
	   echo "Installiere Deploy-Werkzeuge (checkov, kubectl) nach $$dir"; \
	   rm -rf "$$dir" && $(UV) venv -q --python 3.11 "$$dir" \
	   && VIRTUAL_ENV="$$dir" $(UV) pip install -q -r "$$req" && cp "$$req" "$$dir/requirements.installed" \
	   || { echo "deploy-deps: Installation fehlgeschlagen" >&2; rm -rf "$$dir"; exit 1; }; fi

migration: install
	@test -n "$(SERVICE)" -a -n "$(MSG)" || (echo 'usage: make migration SERVICE=finance MSG="add grants"'; exit 2)
	@$(PY) scripts/migration.py $(SERVICE) "$(MSG)"

docs: install
	@$(PY) -m contracts.asyncapi > docs/asyncapi.yaml
	@$(PY) -m servicekit.eventsdoc > docs/events.md

clean:
	rm -rf var
