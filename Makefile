# DynamicProbe. The two commands a newcomer needs: `make demo` and `make test`; each brings up what it needs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CONFIGURATION ?= Release
CLI_DIR := .build/cli

.PHONY: all build pack engine images test-tools demo test unit-test integration-test bench clean

all: build

## build: the solution, and ./dynamicprobe (the published CLI under .build/cli)
build:
	dotnet build DynamicProbe.sln -c $(CONFIGURATION) --nologo -v quiet
	dotnet publish src/DynamicProbe.Cli -c $(CONFIGURATION) -o $(CLI_DIR) --nologo -v quiet --no-build

## pack: the dotnet tool package, .build/packages/DynamicProbe.<version>.nupkg (see "Install as a dotnet tool" in the README)
pack: build
	rm -rf .build/tool-publish
	dotnet pack src/DynamicProbe.Cli -c $(CONFIGURATION) --no-build --nologo -v quiet -o .build/packages -p:PublishDir=$(CURDIR)/.build/tool-publish/

## engine: install and start the Docker engine, bpftrace and friends when missing (root; idempotent)
engine:
	bash scripts/engine.sh

## images: build every image in sandbox-images/ offline, skipping those already up to date
images: engine build
	./dynamicprobe images

## demo: run the example scenarios (some are malicious on purpose: findings, exit code 1, are the expected outcome)
demo: images
	./dynamicprobe run scenarios/examples --parallel 2 --json .build/demo-report.json --sarif .build/demo-report.sarif \
		--junit .build/demo-report.xml --html .build/demo-report.html \
		|| echo "dynamicprobe exited with code $$? (reports: .build/demo-report.{json,sarif,xml,html}; open the .html in a browser)"

## test-tools: what the tests check reports with (Chromium, the SARIF Multitool), when missing
test-tools:
	bash scripts/test-tools.sh

## test: unit tests, then integration tests on the real engine, bpftrace and MSBuild
test: images test-tools
	bash scripts/test.sh $(CONFIGURATION)

unit-test: build test-tools
	dotnet test tests/DynamicProbe.Core.Tests -c $(CONFIGURATION) --no-build --nologo
	dotnet test tests/DynamicProbe.Sandbox.Tests -c $(CONFIGURATION) --no-build --nologo
	dotnet test tests/DynamicProbe.Repository.Tests -c $(CONFIGURATION) --no-build --nologo

integration-test: images test-tools
	dotnet test tests/DynamicProbe.Integration.Tests -c $(CONFIGURATION) --no-build --nologo

## bench: the README's "Benchmarks" table: medians of REPS runs (default 5; long with today's monitor) of the figures
## in PARTS (default all: a b c d e), E_REPS (default REPS) for (e), printed and written to .build/bench.md.
## Quick look: make bench REPS=1 PARTS="a d"
REPS ?= 5
E_REPS ?= $(REPS)
PARTS ?= a b c d e
bench: images
	REPS="$(REPS)" E_REPS="$(E_REPS)" PARTS="$(PARTS)" CONFIGURATION="$(CONFIGURATION)" bash scripts/bench.sh

clean:
	rm -rf .build
	dotnet clean DynamicProbe.sln --nologo -v quiet
