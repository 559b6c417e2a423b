SHELL := /bin/bash
# Workshop — build, run and test on a fresh Debian machine.
#   make run    install what is missing, build, open the bundled upgrade lesson
#   make test   install what is missing, build, run every test
#   make bench  release build, then the benchmarks under Benchmarks/

SWIFT      ?= swift
# Debian packages the build and the tests need (tmux drives the end-to-end shell tests).
APT_PACKAGES := libedit-dev libcmark-dev pkg-config tmux
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then echo sudo; fi)
LESSON ?= lessons/mng-upgrades/upgrade-ami.md

.PHONY: all setup build release run test bench soak fuzz lint clean transcripts kubectl-goldens

all: build

setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing missing packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	    || { echo "could not install:$$missing — install them with apt-get and run make again" >&2; exit 1; }; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install a Swift 6 toolchain (https://swift.org/install)" >&2; exit 1; }

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product workshop

run: build
	@.build/debug/workshop run $(LESSON)

lint: build
	.build/debug/workshop lint lessons

# A hung test must not hold CI for its whole time limit: 30 minutes is ten times a normal run.
test: build
	timeout -k 10 1800 $(SWIFT) test

bench: setup
	@command -v asciinema >/dev/null || python3 -m pip install -q asciinema >/dev/null 2>&1 || echo "(asciinema not installed: the replay benchmark runs without its side-by-side figure)"
	$(SWIFT) build -c release --product workshop --product workshop-bench
	.build/release/workshop-bench

# Ten thousand random scenarios through full upgrades, invariants checked after every event; then a
# short run under valgrind (on a copy without debug info: valgrind cannot read Swift's DWARF 5).
SOAK_SCENARIOS ?= 10000
soak: setup
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
	$(SWIFT) build -c release --product workshop-bench
	.build/release/workshop-bench soak $(SOAK_SCENARIOS)
	@cp .build/release/workshop-bench .build/workshop-bench-valgrind && strip -g .build/workshop-bench-valgrind
	valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 .build/workshop-bench-valgrind soak 3 2>&1 \
	  | grep -E "definitely lost|indirectly lost|ERROR SUMMARY"

# libFuzzer targets (Fuzz/, a package of its own) built with AddressSanitizer, each run FUZZ_SECONDS.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := FuzzLessonParser FuzzShellSyntax FuzzJMESPath FuzzAsciicast FuzzScenario
fuzz: setup
	cd Fuzz && $(SWIFT) build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Record kubectl's own output again (needs kubectl): the differential test writes what the real
# kubectl printed for each case into Tests/Fixtures/kubectl/golden, which `make test` compares on every machine.
kubectl-goldens: setup
	WORKSHOP_RECORD_GOLDENS=1 $(SWIFT) test --filter KubectlDifferentialTests

# Record the reference transcripts again (after a deliberate change in behaviour); `make test` verifies them.
transcripts: build
	@for f in lessons/mng-upgrades/*.md; do \
	  n=$$(basename $$f .md); [ $$n = index ] && continue; \
	  blocks=$$(grep -c '^```bash' $$f); \
	  yes '' | head -n $$blocks | SOURCE_DATE_EPOCH=0 .build/debug/workshop run $$f --speed max --record transcripts/$$n.cast >/dev/null 2>&1 \
	    && echo "recorded transcripts/$$n.cast"; \
	done

clean:
	rm -rf .build
