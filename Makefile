# SPDX-License-Identifier: MIT
# A thin wrapper over CMake. The two commands that matter:
#   make test    install missing packages, build gcc/clang/ASan+UBSan/TSan, run every test
#   make bench   install missing packages, build Release, run the suite, write results/
.PHONY: all deps build test bench plot soak clean help litmus

all: build

help:
	@echo "make test                 build and test: gcc, clang, asan+ubsan, tsan, aarch64 under qemu (scripts/test-matrix)"
	@echo "make test CONFIGS=gcc     just one configuration (gcc clang asan tsan aarch64)"
	@echo "make bench [QUICK=1] [FILTER=regex]   run the benchmark suite, write results/"
	@echo "make soak [DURATION=600] [SOAK_ARGS=...]  the soak and fault campaign (docs/soak.md), write results/"
	@echo "make plot [RESULT=file]   re-plot the newest run in results/ (or RESULT): PNGs + summary.md"
	@echo "make litmus               check the litmus programs with GenMC (RC11): test, expected, verdict, executions, time"
	@echo "make deps                 install missing Debian packages and GenMC (scripts/install-deps)"
	@echo "make build                a plain RelWithDebInfo build in build/dev"
	@echo "make fuzz [FUZZ_SECONDS=60]  build the libFuzzer harnesses (clang-14) in build/fuzz and run each"
	@echo "make clean                remove build/"

deps:
	scripts/install-deps

build: deps
	cmake -S . -B build/dev
	cmake --build build/dev -j $$(nproc)

test: deps
	scripts/test-matrix $(CONFIGS)

# tests/litmus (README.md there); make test runs the same programs through CTest (label litmus).
litmus: deps
	tests/litmus/run-litmus.py

# QUICK=1 and FILTER=<regex> are read by scripts/bench from the environment.
bench: deps
	QUICK=$(QUICK) FILTER='$(FILTER)' scripts/bench

# PNGs and summary.md beside the run (scripts/plot --help); no RESULT: the newest.
plot: deps
	scripts/plot $(if $(RESULT),'$(RESULT)',--newest)

# DURATION (seconds, default 600) and SOAK_ARGS (passed to mbx-soak) are read by scripts/soak.
soak: deps
	DURATION=$(or $(DURATION),600) scripts/soak $(SOAK_ARGS)

clean:
	rm -rf build

# libFuzzer harnesses (tests/fuzz): the fuzz preset (clang-14, MBX_FUZZ=ON) in build/fuzz; each
# target runs FUZZ_SECONDS on a copy of its seed corpus (build/fuzz/corpus).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = fuzz_attach fuzz_enqueue fuzz_drain
.PHONY: fuzz
fuzz:
	cmake --preset fuzz
	cmake --build build/fuzz -j $$(nproc) --target $(FUZZ_TARGETS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/artifacts; \
		cp -n tests/fuzz/corpus/$$t/* build/fuzz/corpus/$$t/; \
		echo "=== $$t: $(FUZZ_SECONDS) s"; \
		build/fuzz/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=build/fuzz/artifacts/$$t- build/fuzz/corpus/$$t; \
	done
