SHELL := /bin/bash
# Workshop — build, run and test on a fresh Debian machine.
#   make run    install what is missing, build, open the bundled upgrade lesson
#   make test   install what is missing, build, run every test
#   make bench  release build, then the benchmarks under Benchmarks/

SWIFT      ?= swift
# Debian packages the build and the tests need (tmux drives the end-to-end shell tests; jq is in the
# hooks that reach a session's cluster, as in real lessons).
APT_PACKAGES := libedit-dev libcmark-dev pkg-config tmux jq
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then echo sudo; fi)
LESSON ?= lessons/mng-upgrades/upgrade-ami.md

.PHONY: all setup test-setup build release run test test-debug test-release test-asan test-install bench soak fuzz lint clean \
        transcripts kubectl-goldens install uninstall man

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

# One product per `swift build` (given --product twice, it builds only the last).
release: setup
	$(SWIFT) build -c release --product workshop
	$(SWIFT) build -c release --product workshop-client

run: build
	@.build/debug/workshop run $(LESSON)

lint: build
	.build/debug/workshop lint lessons

# `make test` tests what users run as well as what developers build:
#   test-debug    every suite, the end-to-end suite against the debug binary
#   test-release  the end-to-end suite again, against the release binary (the optimizer once broke it)
#   test-asan     the LessonKit and ShellSyntax suites (the unsafe byte handling) optimized and
#                 under AddressSanitizer, in a build folder of their own
#   test-install  make install into a temporary prefix, then the installed binary from another folder
# A hung test must not hold CI for its whole time limit: each step has a bound ten times its normal run.
test: test-debug test-release test-asan test-install

# What the tests need beyond the build: xmllint and Chromium (Debian), awscli and boto3 (PyPI), so the tests that drive `workshop
# serve` with the real `aws` and a boto3 script run (kubectl has no Debian package here: without it
# those tests say they were skipped, and the committed kubectl goldens still run).
# xmllint and headless Chromium check the timeline pictures and the HTML report as people see them.
TEST_APT_PACKAGES := libxml2-utils chromium
test-setup: setup
	@missing=""; \
	for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing missing packages for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	    || echo "(could not install$$missing: the picture tests will be reported as skipped)"; \
	fi
	@command -v aws >/dev/null || { echo "==> installing awscli from PyPI"; \
	  python3 -m pip install -q awscli >/dev/null 2>&1 || echo "(awscli could not be installed: its tests will be reported as skipped)"; }
	@python3 -c 'import boto3' 2>/dev/null || { echo "==> installing boto3 from PyPI"; \
	  python3 -m pip install -q boto3 >/dev/null 2>&1 || echo "(boto3 could not be installed: its test will be reported as skipped)"; }

test-debug: build test-setup
	timeout -k 10 1800 $(SWIFT) test

test-release: release build
	$(SWIFT) build --build-tests
	WORKSHOP_BINARY=.build/release/workshop timeout -k 10 1800 $(SWIFT) test --skip-build --filter WorkshopEndToEndTests

ASAN_FLAGS := -c release --sanitize=address -Xswiftc -enable-testing --scratch-path .build-asan
test-asan: setup
	WORKSHOP_SANITIZED_BUILD=1 WORKSHOP_SANITIZED_UNITS_ONLY=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	  timeout -k 10 1800 $(SWIFT) test $(ASAN_FLAGS) --filter 'LessonKitTests|ShellSyntaxTests'

test-install: build
	@rm -rf .build/install-test && mkdir -p .build/install-test
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build/install-test PREFIX=/opt/workshop-test
	$(SWIFT) build --build-tests
	WORKSHOP_INSTALLED_ROOT=$(CURDIR)/.build/install-test WORKSHOP_INSTALLED_PREFIX=/opt/workshop-test \
	  timeout -k 10 600 $(SWIFT) test --skip-build --filter InstallTests
	$(MAKE) --no-print-directory uninstall DESTDIR=$(CURDIR)/.build/install-test PREFIX=/opt/workshop-test
	@left=$$(find .build/install-test -type f); if [ -n "$$left" ]; then echo "make uninstall left files behind:" $$left >&2; exit 1; fi
	@rm -rf .build/install-test

# Install: the release binary, the bundled lessons (found at PREFIX/share/workshop/lessons by the
# installed binary), completion scripts for bash, zsh and fish, and a man page. `make uninstall`
# removes exactly these files (and the folders they leave empty).
PREFIX  ?= /usr/local
DESTDIR ?=
ROOT       = $(DESTDIR)$(PREFIX)
LESSON_FILES := $(shell cd lessons && find . -type f | sed 's|^\./||' | sort)
MAN_PAGE := .build/plugins/GenerateManual/outputs/workshop/workshop.1
# The man page's date: the last commit's, so the same source gives the same page.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date -u +%Y-%m-%d)
INSTALLED := $(ROOT)/bin/workshop $(ROOT)/libexec/workshop/workshop-client \
             $(addprefix $(ROOT)/share/workshop/lessons/,$(LESSON_FILES)) \
             $(ROOT)/share/bash-completion/completions/workshop \
             $(ROOT)/share/zsh/site-functions/_workshop \
             $(ROOT)/share/fish/vendor_completions.d/workshop.fish \
             $(ROOT)/share/man/man1/workshop.1

man: release
	$(SWIFT) package generate-manual --date $(MAN_DATE) >/dev/null

install: release man
	install -D -m 755 .build/release/workshop $(ROOT)/bin/workshop
	install -D -m 755 .build/release/workshop-client $(ROOT)/libexec/workshop/workshop-client
	@for f in $(LESSON_FILES); do install -D -m 644 "lessons/$$f" "$(ROOT)/share/workshop/lessons/$$f"; done
	install -d $(ROOT)/share/bash-completion/completions $(ROOT)/share/zsh/site-functions $(ROOT)/share/fish/vendor_completions.d
	.build/release/workshop --generate-completion-script bash > $(ROOT)/share/bash-completion/completions/workshop
	.build/release/workshop --generate-completion-script zsh > $(ROOT)/share/zsh/site-functions/_workshop
	.build/release/workshop --generate-completion-script fish > $(ROOT)/share/fish/vendor_completions.d/workshop.fish
	install -D -m 644 $(MAN_PAGE) $(ROOT)/share/man/man1/workshop.1
	@echo "installed workshop in $(ROOT)/bin (lessons in $(ROOT)/share/workshop/lessons; man workshop)"

uninstall:
	rm -f $(INSTALLED)
	@# Folders the lessons left empty, deepest first; shared folders (bin, man1 …) are left alone.
	@for d in "$(ROOT)/share/workshop" "$(ROOT)/libexec/workshop"; do if [ -d "$$d" ]; then find "$$d" -depth -type d -empty -delete; fi; done

bench: setup
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || echo "(wrk not installed: the serve benchmark skips its request latencies)"
	@command -v asciinema >/dev/null || python3 -m pip install -q asciinema >/dev/null 2>&1 || echo "(asciinema not installed: the replay benchmark runs without its side-by-side figure)"
	$(SWIFT) build -c release --product workshop
	$(SWIFT) build -c release --product workshop-client
	$(SWIFT) build -c release --product workshop-bench
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
FUZZ_TARGETS := FuzzLessonParser FuzzShellSyntax FuzzJMESPath FuzzAsciicast FuzzScenario FuzzWireRequests
fuzz: setup
	cd Fuzz && WORKSHOP_SANITIZED_BUILD=1 $(SWIFT) build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Record kubectl's own output again (needs kubectl): the differential test writes what the real
# kubectl printed for each case into Tests/Fixtures/kubectl/golden, which `make test` compares on every machine.
kubectl-goldens: setup
	WORKSHOP_RECORD_GOLDENS=1 $(SWIFT) test --filter 'KubectlDifferentialTests.realKubectlPrintsWhatTheNativeActionPrints' 

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
