# Front door: every target first installs missing Debian packages, then configures and builds.
# `make run` opens the GUI (or, with no display, renders the seed lesson to a PNG);
# `make test` runs the whole CTest suite.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps build run test tsan asan bench format clean
all: build

deps:
	@sh .ci/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@sh .ci/run-main.sh $(BUILD)/app/poolscope

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS) --timeout 300

# Engine tests under ThreadSanitizer / AddressSanitizer (no GUI: Mesa is not instrumented).
tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=thread -DPOOLSCOPE_GUI=OFF >/dev/null
	@cmake --build build-tsan -j$(JOBS)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build-tsan --output-on-failure -j$(JOBS) --timeout 600 -L core

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=address -DPOOLSCOPE_GUI=OFF >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@ctest --test-dir build-asan --output-on-failure -j$(JOBS) --timeout 600 -L core

bench: build
	@bash tests/bench/run-benchmarks.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) build-tsan build-asan
