# ds01 — the front door. `make help` lists the targets.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all build deps configure test unit demo bench fuzz install format format-check lint help clean

all: build

help:
	@echo "make            build everything into $(BUILD)/"
	@echo "make test       install what is missing, start an engine, run every test (ctest)"
	@echo "make demo       the scripted tour against a real engine"
	@echo "make bench      benchmarks, printed as BENCH lines (ratios vs docker CLI / raw API)"
	@echo "make fuzz       build the libFuzzer targets with clang and run each for a bounded time"
	@echo "make install    install ds01, ds01d and the command links under PREFIX=$(PREFIX)"
	@echo "make format     clang-format every source file (make format-check: only report)"
	@echo "make lint       clang-tidy with .clang-tidy over every source file"
	@echo "make unit       only the unit tests (no engine)"
	@echo "One label:      ctest --test-dir $(BUILD) -L engine   (unit, engine, e2e, stress)"

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

test: build format-check
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

unit: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -L unit

demo: build
	scripts/demo.sh $(BUILD)

bench: deps
	cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	cmake --build $(BUILD)-bench -j $(JOBS)
	bench/run.sh $(BUILD)-bench

fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDS01_FUZZ=ON -DDS01_WERROR=OFF
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target ds01_fuzz
	fuzz/run.sh $(BUILD)-fuzz

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

SOURCES = find src tests tools bench fuzz -name '*.h' -o -name '*.cc' -o -name '*.c'

format:
	$(SOURCES) | xargs clang-format -i

format-check: deps
	@$(SOURCES) | xargs clang-format --dry-run --Werror && echo "format-check: every source file is formatted"

lint: configure
	run-clang-tidy -quiet -p $(BUILD) -j $(JOBS) -extra-arg=-Wno-unknown-warning-option '^$(CURDIR)/src/'

clean:
	rm -rf $(BUILD) $(BUILD)-bench $(BUILD)-fuzz
