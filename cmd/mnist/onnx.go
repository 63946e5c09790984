package main

// ONNX in cmd/mnist: the export subcommand, and the model loader that
// reads either model file format, chosen by the file's contents.
//
//	mnist export -model mnist.model -o mnist.onnx   # gof32 model → ONNX (opset 13)
//	mnist eval -model mnist.onnx                    # eval reads either format

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/nn/onnx"
)

func init() {
	subcommands["export"] = cmdExport
}

// exportTo is the -o flag: the ONNX file export writes.
var exportTo string

// addONNXFlags adds the flags of this file to the command's flag set.
func addONNXFlags(fs *flag.FlagSet) {
	fs.StringVar(&exportTo, "o", "mnist.onnx", "export: the ONNX model file to write")
}

// gof32Magic starts every model file nn.Save writes.
var gof32Magic = []byte("GOF32NN\x1a")

// loadModel reads a model file of either format: gof32's own (nn.Load)
// when it starts with gof32's magic, ONNX (onnx.Import) otherwise.
func loadModel(path string) (*nn.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, len(gof32Magic))
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	if bytes.Equal(head[:n], gof32Magic) {
		return nn.Load(path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	net, err := onnx.Import(f)
	if err != nil {
		return nil, fmt.Errorf("%s: neither a gof32 model file nor an ONNX model gof32 can import: %w", path, err)
	}
	return net, nil
}

// cmdExport writes the model of -model (either format) as ONNX to -o,
// through a temporary file in the same folder renamed into place.
func cmdExport(o *options) error {
	net, err := loadModel(o.model)
	if err != nil {
		return err
	}
	if exportTo == "" {
		return fmt.Errorf("export: -o names no file")
	}
	dir := filepath.Dir(exportTo)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".export-*.onnx")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := onnx.Export(f, net); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), exportTo); err != nil {
		return err
	}
	o.logf("%s: %d layers, %d → %d, written to %s as ONNX (opset 13, input %q, output %q, batch dimension N)",
		o.model, len(net.Layers()), net.In(), net.Out(), exportTo, "input", "output")
	return nil
}
