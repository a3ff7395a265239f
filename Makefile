# SPDX-License-Identifier: MIT
# A thin wrapper over CMake. The two commands that matter:
#   make test    install missing packages, build gcc/clang/ASan+UBSan/TSan, run every test
#   make bench   install missing packages, build Release, run the suite, write results/
.PHONY: all deps build test bench plot clean help

all: build

help:
	@echo "make test                 build and test: gcc, clang, asan+ubsan, tsan (scripts/test-matrix)"
	@echo "make test CONFIGS=gcc     just one configuration (gcc clang asan tsan)"
	@echo "make bench [QUICK=1] [FILTER=regex]   run the benchmark suite, write results/"
	@echo "make deps                 install missing Debian packages (scripts/install-deps)"
	@echo "make build                a plain RelWithDebInfo build in build/dev"
	@echo "make clean                remove build/"

deps:
	scripts/install-deps

build: deps
	cmake -S . -B build/dev
	cmake --build build/dev -j $$(nproc)

test: deps
	scripts/test-matrix $(CONFIGS)

clean:
	rm -rf build
