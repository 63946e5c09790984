# gof32 — see README.md. `make test` is what CI runs (.ci/run).
GO      ?= go
QEMU    ?= qemu-aarch64-static
PKGS    := ./...
BENCH   ?= .
COUNT   ?= 6

.PHONY: all test fmt-check vet test-native test-race test-purego test-arm64 qemu bench generate check-generated mnist mnist-cnn clean

all: test

## test: everything CI checks: formatting, vet on both arches, the tests
## natively, under the race detector, with -tags purego, and on arm64 under
## qemu-user emulation.
test: fmt-check vet check-generated onnx-testdata test-native test-race test-purego test-arm64

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

# The arm64 tests run under qemu user-mode emulation through
# scripts/qemu-exec, which also lets a test start its own binary again (no
# binfmt_misc needed). -v makes every kernel test name the path it ran on
# (TestSgemmSmall/neon, TestSgemmSmall/generic); the === lines are dropped.
test-arm64: qemu
	@echo "GOARCH=arm64 $(GO) test -count=1 -short -v -exec scripts/qemu-exec $(PKGS)"
	@st=$$(mktemp); \
	{ GOARCH=arm64 QEMU=$(QEMU) $(GO) test -count=1 -short -v -exec "$(CURDIR)/scripts/qemu-exec" $(PKGS); \
	  echo $$? >"$$st"; } | grep -v -E '^=== (RUN|PAUSE|CONT|NAME)'; \
	rc=$$(cat "$$st"); rm -f "$$st"; exit $$rc

qemu:
	@scripts/need $(QEMU) qemu-user-static

# ONNX's backend node tests (a model.onnx with inputs and expected outputs
# per case), which nn/onnx's conformance test runs; Debian ships them.
ONNX_TESTDATA ?= /usr/share/libonnx-testdata/data/node
.PHONY: onnx-testdata
onnx-testdata:
	@scripts/need $(ONNX_TESTDATA)/test_relu/model.onnx libonnx-testdata

# What make generate needs (scripts/need installs the missing Debian
# packages): asm2plan9s encodes arm64 instructions under qemu with GNU as
# for aarch64, amd64 ones on the host with the host's as.
GENTOOLS := $(QEMU) qemu-user-static aarch64-linux-gnu-as binutils-aarch64-linux-gnu as binutils

## generate: regenerate the generated assembly and encodings
## (internal/asm/internal/encode rewrites the WORDs beside their instructions).
generate:
	@scripts/need $(GENTOOLS)
	$(GO) generate $(PKGS)

## check-generated: fail when a generated file differs from what
## `make generate` would write (it regenerates a copy and compares).
check-generated:
	@scripts/need $(GENTOOLS)
	@GO="$(GO)" scripts/check-generated

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

## mnist-cnn: Keras's MNIST convnet example (two convolutions with max
## pooling, dropout, a softmax layer; Adam, batch 128, 10 % of the training
## images held out, 15 epochs), then its evaluation on the test images;
## the model and the plots go to out/cnn/.
CNN_ARCH := conv32:3x3:relu,maxpool2,conv64:3x3:relu,maxpool2,flatten,dropout:0.5,10:softmax
mnist-cnn:
	$(GO) build -o out/mnist ./cmd/mnist
	out/mnist train -arch $(CNN_ARCH) -optimizer adam -batch 128 -epochs 15 -holdout 0.1 -init glorot_uniform -out out/cnn -model out/cnn/mnist-cnn.model
	out/mnist eval -out out/cnn -model out/cnn/mnist-cnn.model

clean:
	rm -f bench.txt
