# axpsec: make demo runs the main job on a bundled example; make test runs the tests.
GO       ?= go
GOFLAGS  ?=
BENCHOUT ?= bench.txt

.PHONY: all build demo test vet fmt-check bench examples fuzz clean

all: build

build:
	$(GO) build -o bin/axpsec ./cmd/axpsec

demo: build
	./examples/demo.sh

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

test: fmt-check vet
	$(GO) test -timeout 20m ./...

# Benchmarks: Go micro-benchmarks of every package, side by side with the
# references they are compared against; summarised with benchstat when present.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 -timeout 60m ./... | tee $(BENCHOUT)
	@command -v benchstat >/dev/null && benchstat $(BENCHOUT) || echo "(install benchstat: go install golang.org/x/perf/cmd/benchstat@latest)"

# Rebuild the bundled example binaries from our own sources (needs the cross compiler).
examples:
	$(MAKE) -C examples

# Run each fuzz target for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(BENCHOUT)
