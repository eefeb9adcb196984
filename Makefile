# redline: the two commands that do everything are `make changelog` and `make test`.
GO      ?= go
BIN     := bin/redline
SHARED  ?= ../shared
PKGS    := ./...

.PHONY: all build changelog check test test-short vet fmt bench eval fuzz clean

all: build

build:
	$(GO) build -trimpath -buildvcs=auto -o $(BIN) ./cmd/redline

# The main job: this repository's own DPIA changelog, from its history.
changelog: build
	./$(BIN) changelog

# What CI gates on: changelog/ matches the history.
check: build
	./$(BIN) changelog --check

test: vet
	$(GO) test -count=1 $(PKGS)

# The quick loop while working (under a minute): the 10,000-commit,
# multi-megabyte and corpus cases are left to `make test`.
test-short:
	$(GO) test -short -count=1 $(PKGS)

vet:
	@unformatted=$$(gofmt -l cmd internal bench 2>/dev/null); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

# Speed and memory, as ratios against baselines measured in the same run.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	bash bench/history.sh

# Classifier quality: the labelled cases of our own, and IteraTeR
# (Apache-2.0, ../shared/corpora), meaning-changed = substantive.
ITERATER := $(SHARED)/corpora/iterater-train-dev.jsonl
# Without IteraTeR our own labelled cases still run; then it says what is
# missing and exits 2, since the measure is not complete.
eval: build
	./$(BIN) eval --cases internal/classify/testdata/holdout
	@if [ -f $(ITERATER) ]; then \
	  echo "./$(BIN) eval --cases internal/classify/testdata/eval $(ITERATER)"; \
	  ./$(BIN) eval --cases internal/classify/testdata/eval $(ITERATER); \
	else \
	  echo "./$(BIN) eval --cases internal/classify/testdata/eval"; \
	  ./$(BIN) eval --cases internal/classify/testdata/eval; \
	  echo "make eval: error: IteraTeR (Apache-2.0) is not at $(ITERATER): recall of meaning-changed was not measured" >&2; \
	  echo "hint: put the corpora beside this repository (../shared/corpora) or run 'make eval SHARED=DIR'" >&2; \
	  exit 2; \
	fi

# Each fuzz target for a bounded time.
FUZZTIME ?= 30s
fuzz:
	bash .ci/fuzz $(FUZZTIME)

clean:
	rm -rf bin
