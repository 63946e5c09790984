package onnx_test

import (
	"bytes"
	"fmt"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/nn/onnx"
	"github.com/gof32/gof32/tensor"
)

// A network goes out as ONNX and comes back as the same network; the
// same file also runs through the graph runner.
func Example() {
	dense := nn.NewDense(2, 2, nil)
	copy(dense.W().Value.Data(), []float32{1, -1, 2, 0.5}) // In×Out
	copy(dense.B().Value.Data(), []float32{0, 1})
	net, _ := nn.NewNetwork(dense, nn.NewReLU(2))

	var file bytes.Buffer
	if err := onnx.Export(&file, net); err != nil {
		fmt.Println(err)
		return
	}
	back, err := onnx.Import(bytes.NewReader(file.Bytes()))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := tensor.FromSlice([]float32{1, 1, -1, 2}, 2, 2)
	fmt.Println(back.Forward(x, false))

	m, _ := onnx.Read(bytes.NewReader(file.Bytes()))
	out, _ := m.Run(map[string]*tensor.Tensor{"input": x})
	fmt.Println(m.Inputs[0].Name, m.Inputs[0].Shape, "→", m.Outputs[0].Name, m.Outputs[0].Shape)
	fmt.Println(out["output"])
	// Output:
	// [[3.  0.5]
	//  [3.  3. ]]
	// input [N 2] → output [N 2]
	// [[3.  0.5]
	//  [3.  3. ]]
}
