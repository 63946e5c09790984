package onnx

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/gof32/gof32/tensor"
)

// maxElements bounds the elements of any tensor this package makes, from
// a file or while running a graph: 2³⁰ float32 values, 4 GiB. maxWork
// bounds the window positions MaxPool visits. (Variables so that the fuzz
// test can lower them.)
var (
	maxElements = 1 << 30
	maxWork     = 1 << 36
)

// shapeOf checks ONNX dimensions and returns them as ints with their
// product.
func shapeOf(dims []int64) ([]int, int, error) {
	shape := make([]int, len(dims))
	n := 1
	for i, d := range dims {
		if d < 0 {
			return nil, 0, fmt.Errorf("dimension %d is %d", i, d)
		}
		if d > int64(maxElements) || (d > 0 && n > maxElements/int(d)) {
			return nil, 0, fmt.Errorf("shape %v has more than %d elements", dims, maxElements)
		}
		shape[i] = int(d)
		n *= int(d)
	}
	return shape, n, nil
}

// value converts a TensorProto to a float32 tensor: FLOAT data as it is,
// BOOL as 0 and 1. Everything else is refused.
func (t *tensorProto) value() (*array, error) {
	name := t.name
	if t.external {
		return nil, fmt.Errorf("tensor %q: external data is not supported (store the weights in the model file)", name)
	}
	if t.segment {
		return nil, fmt.Errorf("tensor %q: segmented tensors are not supported", name)
	}
	shape, n, err := shapeOf(t.dims)
	if err != nil {
		return nil, fmt.Errorf("tensor %q: %v", name, err)
	}
	data := make([]float32, n)
	have := 0
	switch t.dataType {
	case typeFloat:
		if len(t.int32Data) > 0 || len(t.int64Data) > 0 || t.nOther > 0 {
			return nil, fmt.Errorf("tensor %q: FLOAT tensor with data in another type's field", name)
		}
		if t.hasRaw {
			if len(t.floatData) > 0 {
				return nil, fmt.Errorf("tensor %q: both raw_data and float_data", name)
			}
			if len(t.rawData)%4 != 0 {
				return nil, fmt.Errorf("tensor %q: raw_data of %d bytes is not a whole number of FLOATs", name, len(t.rawData))
			}
			have = len(t.rawData) / 4
			if have == n {
				for i := range data {
					data[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.rawData[4*i:]))
				}
			}
		} else {
			have = len(t.floatData)
			if have == n {
				copy(data, t.floatData)
			}
		}
	case typeBool:
		if len(t.floatData) > 0 || len(t.int64Data) > 0 || t.nOther > 0 {
			return nil, fmt.Errorf("tensor %q: BOOL tensor with data in another type's field", name)
		}
		if t.hasRaw {
			have = len(t.rawData)
			if have == n {
				for i, c := range t.rawData {
					if c != 0 {
						data[i] = 1
					}
				}
			}
		} else {
			have = len(t.int32Data)
			if have == n {
				for i, c := range t.int32Data {
					if c != 0 {
						data[i] = 1
					}
				}
			}
		}
	default:
		return nil, fmt.Errorf("tensor %q: data type %s is not supported (FLOAT only, BOOL for masks)", name, dataTypeName(t.dataType))
	}
	if have != n {
		return nil, fmt.Errorf("tensor %q: shape %v needs %d elements, data has %d", name, shape, n, have)
	}
	return &array{shape: shape, data: data}, nil
}

// array is the runner's value: a shape and its elements in row-major
// order (BOOL values as 0 and 1).
type array struct {
	shape []int
	data  []float32
}

func newArray(shape ...int) *array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return &array{shape: shape, data: make([]float32, n)}
}

// tensor returns a tensor sharing a's elements.
func (a *array) tensor() *tensor.Tensor {
	if len(a.shape) == 0 {
		t := tensor.Zeros()
		t.Data()[0] = a.data[0]
		return t
	}
	return tensor.New(a.data, a.shape...)
}

// arrayOf returns an array with t's shape and elements (shared when t is
// contiguous).
func arrayOf(t *tensor.Tensor) *array {
	var data []float32
	if t.IsContiguous() && !t.IsTransposed() {
		data = t.Data()[:t.Size()]
	} else {
		data = t.Values()
	}
	return &array{shape: append([]int(nil), t.Shape()...), data: data}
}

// floatTensor makes a FLOAT TensorProto with raw data from a tensor.
func floatTensor(name string, t *tensor.Tensor) *tensorProto {
	vals := t.Values()
	raw := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	dims := make([]int64, t.Dims())
	for i, d := range t.Shape() {
		dims[i] = int64(d)
	}
	return &tensorProto{name: name, dims: dims, dataType: typeFloat, rawData: raw, hasRaw: true}
}

// ReadTensor reads a serialized TensorProto, such as the input_N.pb and
// output_N.pb files of ONNX's test cases, and returns its name and values.
// FLOAT tensors are read as they are and BOOL tensors as 0 and 1; other
// data types, external data and data whose size disagrees with the shape
// are errors.
func ReadTensor(r io.Reader) (string, *tensor.Tensor, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", nil, fmt.Errorf("onnx: %w", err)
	}
	tp, err := decodeTensor(b)
	if err != nil {
		return "", nil, err
	}
	a, err := tp.value()
	if err != nil {
		return "", nil, fmt.Errorf("onnx: %v", err)
	}
	return tp.name, a.tensor(), nil
}

// WriteTensor writes t as a serialized FLOAT TensorProto named name.
func WriteTensor(w io.Writer, name string, t *tensor.Tensor) error {
	_, err := w.Write(encodeTensor(floatTensor(name, t)))
	return err
}
