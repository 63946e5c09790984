package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gof32/gof32/nn"
)

// TestConvArch: -arch builds Keras's convnet (34,826 parameters) and
// reports what is wrong in a bad convolutional item.
func TestConvArch(t *testing.T) {
	s, err := parseArch(kerasConvArch, nn.GlorotUniform)
	if err != nil {
		t.Fatal(err)
	}
	net, err := s.Build(1)
	if err != nil {
		t.Fatal(err)
	}
	if n := nn.ParamCount(net.Params()); n != 34826 {
		t.Errorf("%d parameters, want 34,826", n)
	}
	if s, err := parseArch("conv8:5x3:tanh:same:s2,maxpool2x1,flatten,10", nn.GlorotUniform); err != nil {
		t.Error(err)
	} else if net, err := s.Build(1); err != nil {
		t.Error(err)
	} else if c := net.Layers()[0].(*nn.Conv2D).Shape(); c.OH != 14 || c.OW != 14 || c.F != 8 || c.KH != 5 || c.KW != 3 || c.SH != 2 {
		t.Errorf("conv8:5x3:tanh:same:s2 made %+v", c)
	}
	for arch, want := range map[string]string{
		"conv:3x3,flatten,10":               "a convolution is",
		"conv8:3y3,flatten,10":              "kernel size",
		"conv8:3x3:gelu,flatten,10":         "activation",
		"conv8:30x3,flatten,10":             "larger than",
		"maxpool,flatten,10":                "a pooling is",
		"flatten,maxpool2,10":               "declare the input's shape",
		"conv8:3x3:s0,flatten,10":           "strides",
		"conv8:3x3,maxpool2,flatten,100,12": "has 12 units",
	} {
		if _, err := parseArch(arch, nn.GlorotUniform); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", arch, err, want)
		}
	}
}

// TestConvRecipe trains a small convnet from the command line on the bar
// images, writes the model (file version 2) and evaluates it.
func TestConvRecipe(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "mnist_train.csv"), 200)
	writeCSV(t, filepath.Join(dir, "mnist_test.csv"), 30)
	out, model := filepath.Join(dir, "out"), filepath.Join(dir, "net.model")
	stdout, stderr, err := runCmd(t, "train", "-data", dir, "-epochs", "3", "-batch", "32", "-optimizer", "adam",
		"-arch", "conv4:3x3:relu,maxpool2,conv8:3x3:relu,maxpool2,flatten,dropout:0.5,10:softmax", "-init", "glorot_uniform",
		"-holdout", "0.1", "-out", out, "-model", model, "-threads", "2")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"conv2d_1 (Conv2D)", "(None, 5, 5, 8)", "max_pooling2d_1 (MaxPooling2D)", "flatten (Flatten)"} {
		if !strings.Contains(stdout+stderr, want) {
			t.Errorf("the log lacks %q:\n%s%s", want, stdout, stderr)
		}
	}
	stdout, stderr, err = runCmd(t, "eval", "-model", model, "-data", dir, "-out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout+stderr, "test") {
		t.Errorf("eval printed:\n%s", stdout)
	}
}
