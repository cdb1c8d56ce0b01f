# Front door: every target first installs missing Debian packages, then configures and builds.
# `make run` opens the GUI (or, with no display, renders the seed lesson to a PNG);
# `make test` runs the whole CTest suite; `make package` builds the Debian package
# (poolscope_<version>_<arch>.deb, here) and `make package-test` installs it in a brand-new
# Debian 12 and runs it there (needs root and the network to a Debian mirror; takes minutes).
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

PKG_BUILD  ?= build-package

.PHONY: all deps build run test package package-test tsan asan fuzz bench format clean
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

# Its own build tree, without the tests; CPack writes the .deb there, and it is copied here.
package: deps
	@cmake -S . -B $(PKG_BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPOOLSCOPE_TESTS=OFF \
	  -DPOOLSCOPE_PACKAGE=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(PKG_BUILD) -j$(JOBS)
	@cd $(PKG_BUILD) && cpack -G DEB >/dev/null
	@deb=$$(cat $(PKG_BUILD)/deb-file-name) && cp $(PKG_BUILD)/$$deb . && \
	  echo "poolscope: built $$deb; install it with: sudo apt-get install ./$$deb"

package-test: package
	@bash tests/package/install-test.sh ./$$(cat $(PKG_BUILD)/deb-file-name)

# Engine tests under ThreadSanitizer / AddressSanitizer+UBSan (no GUI: Mesa is not instrumented).
tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=thread -DPOOLSCOPE_GUI=OFF >/dev/null
	@cmake --build build-tsan -j$(JOBS)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build-tsan --output-on-failure -j$(JOBS) --timeout 600 -L core

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=address,undefined -DPOOLSCOPE_GUI=OFF >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@ctest --test-dir build-asan --output-on-failure -j$(JOBS) --timeout 600 -L core

# The CLI against the full generated set of hostile inputs (tests/fuzz), under ASan+UBSan:
# prints the counts by outcome and fails on any crash, hang, sanitizer report or bad message.
FUZZ_COUNT ?= 3000
FUZZ_SEED  ?= 1
fuzz: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=address,undefined -DPOOLSCOPE_GUI=OFF >/dev/null
	@cmake --build build-asan -j$(JOBS) --target poolscope
	@python3 tests/fuzz/fuzz_cli.py --exe build-asan/app/poolscope --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --jobs $(JOBS) --timeout 60

bench: build
	@bash tests/bench/run-benchmarks.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(PKG_BUILD) build-tsan build-asan
