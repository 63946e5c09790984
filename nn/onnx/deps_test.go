package onnx

import (
	"os/exec"
	"strings"
	"testing"
)

// TestProtobufStaysHere: this package is the only one of the module that
// depends on protobuf; kernels, tensor and nn do not.
func TestProtobufStaysHere(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, pkg := range []string{"kernels", "tensor", "nn"} {
		out, err := exec.Command("go", "list", "-deps", "github.com/gof32/gof32/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		if strings.Contains(string(out), "google.golang.org/protobuf") {
			t.Errorf("%s depends on protobuf", pkg)
		}
	}
}
