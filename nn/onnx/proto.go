package onnx

// The subset of onnx.proto this package reads and writes, decoded and
// encoded by hand with protowire. Field numbers are those of onnx.proto
// (IR version 8, the one of ONNX 1.12); fields not listed here are skipped
// when reading, except those that change the meaning of a model
// (external data, sparse initializers, subgraphs, training information,
// functions), whose presence is recorded so that they can be refused.

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers.
const (
	// ModelProto
	modelIRVersion       = 1
	modelProducerName    = 2
	modelProducerVersion = 3
	modelDomain          = 4
	modelModelVersion    = 5
	modelDocString       = 6
	modelGraph           = 7
	modelOpsetImport     = 8
	modelTrainingInfo    = 20
	modelFunctions       = 25

	// OperatorSetIdProto
	opsetDomain  = 1
	opsetVersion = 2

	// GraphProto
	graphNode              = 1
	graphName              = 2
	graphInitializer       = 5
	graphDocString         = 10
	graphInput             = 11
	graphOutput            = 12
	graphValueInfo         = 13
	graphSparseInitializer = 15

	// NodeProto
	nodeInput     = 1
	nodeOutput    = 2
	nodeName      = 3
	nodeOpType    = 4
	nodeAttribute = 5
	nodeDomain    = 7

	// AttributeProto
	attrName        = 1
	attrF           = 2
	attrI           = 3
	attrS           = 4
	attrT           = 5
	attrG           = 6
	attrFloats      = 7
	attrInts        = 8
	attrStrings     = 9
	attrTensors     = 10
	attrGraphs      = 11
	attrType        = 20
	attrRefAttrName = 21
	attrSparse      = 22

	// ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto
	valueName       = 1
	valueType       = 2
	typeTensor      = 1
	tensorElemType  = 1
	tensorShape     = 2
	shapeDim        = 1
	dimValue        = 1
	dimParam        = 2
	typeSequence    = 4
	typeMap         = 5
	typeSparse      = 8
	typeOptional    = 9
	typeDenotation  = 6
	tensorDenotaion = 3

	// TensorProto
	tpDims         = 1
	tpDataType     = 2
	tpSegment      = 3
	tpFloatData    = 4
	tpInt32Data    = 5
	tpStringData   = 6
	tpInt64Data    = 7
	tpName         = 8
	tpRawData      = 9
	tpDoubleData   = 10
	tpUint64Data   = 11
	tpExternalData = 13
	tpDataLocation = 14
)

// Attribute types (AttributeProto.AttributeType).
const (
	attrTypeFloat   = 1
	attrTypeInt     = 2
	attrTypeString  = 3
	attrTypeTensor  = 4
	attrTypeGraph   = 5
	attrTypeFloats  = 6
	attrTypeInts    = 7
	attrTypeStrings = 8
)

// Element types (TensorProto.DataType).
const (
	typeFloat  = 1
	typeUint8  = 2
	typeInt8   = 3
	typeInt32  = 6
	typeInt64  = 7
	typeString = 8
	typeBool   = 9
	typeDouble = 11
)

var dataTypeNames = map[int32]string{
	0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16",
	6: "INT32", 7: "INT64", 8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE",
	12: "UINT32", 13: "UINT64", 14: "COMPLEX64", 15: "COMPLEX128", 16: "BFLOAT16",
}

func dataTypeName(t int32) string {
	if s, ok := dataTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("data type %d", t)
}

// modelProto, graphProto, … are the decoded messages, restricted to the
// fields above.
type modelProto struct {
	irVersion       int64
	producerName    string
	producerVersion string
	domain          string
	modelVersion    int64
	docString       string
	graph           *graphProto
	opsets          []opsetProto
	hasTraining     bool
	hasFunctions    bool
}

type opsetProto struct {
	domain  string
	version int64
}

type graphProto struct {
	name         string
	docString    string
	nodes        []*nodeProto
	initializers []*tensorProto
	inputs       []*valueInfoProto
	outputs      []*valueInfoProto
	valueInfo    []*valueInfoProto
	hasSparse    bool
}

type nodeProto struct {
	inputs  []string
	outputs []string
	name    string
	opType  string
	domain  string
	attrs   []*attrProto
}

type attrProto struct {
	name    string
	typ     int32
	f       float32
	i       int64
	s       []byte
	t       *tensorProto
	floats  []float32
	ints    []int64
	strings [][]byte
	other   bool // a graph, tensors, graphs, sparse tensor or a reference
}

type valueInfoProto struct {
	name      string
	hasType   bool
	elemType  int32
	nonTensor bool // a sequence, map, optional or sparse type
	hasShape  bool
	dims      []dimProto
}

type dimProto struct {
	value    int64
	param    string
	hasValue bool
}

type tensorProto struct {
	name      string
	dims      []int64
	dataType  int32
	floatData []float32
	int32Data []int64
	int64Data []int64
	rawData   []byte
	hasRaw    bool
	nOther    int // elements of string, double or uint64 data
	external  bool
	segment   bool
}

// parseError is a malformed message: the kind of message and what is
// wrong.
func parseError(msg string, err error) error {
	return fmt.Errorf("onnx: not a valid model: %s: %v", msg, err)
}

// field is one decoded field of a message.
type field struct {
	num protowire.Number
	typ protowire.Type
	v   uint64 // varint, fixed32 or fixed64 value
	b   []byte // bytes value
}

// walk calls fn for each field of the message b, stopping at the first
// error.
func walk(b []byte, msg string, fn func(f field) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return parseError(msg, protowire.ParseError(n))
		}
		b = b[n:]
		f := field{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.v = uint64(v)
		case protowire.Fixed64Type:
			f.v, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.b, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return parseError(msg, fmt.Errorf("field %d: %v", num, protowire.ParseError(n)))
		}
		b = b[n:]
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// wantType checks a field's wire type.
func (f field) want(msg string, typ protowire.Type) error {
	if f.typ != typ {
		return parseError(msg, fmt.Errorf("field %d has wire type %d, want %d", f.num, f.typ, typ))
	}
	return nil
}

func (f field) str(msg string) (string, error) {
	if err := f.want(msg, protowire.BytesType); err != nil {
		return "", err
	}
	return string(f.b), nil
}

func (f field) int(msg string) (int64, error) {
	if err := f.want(msg, protowire.VarintType); err != nil {
		return 0, err
	}
	return int64(f.v), nil
}

func (f field) msg(msg string) ([]byte, error) {
	if err := f.want(msg, protowire.BytesType); err != nil {
		return nil, err
	}
	return f.b, nil
}

// ints appends a repeated int64 field, packed or not.
func (f field) ints(msg string, dst []int64) ([]int64, error) {
	switch f.typ {
	case protowire.VarintType:
		return append(dst, int64(f.v)), nil
	case protowire.BytesType:
		b := f.b
		for len(b) > 0 {
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return nil, parseError(msg, fmt.Errorf("field %d: %v", f.num, protowire.ParseError(n)))
			}
			dst = append(dst, int64(v))
			b = b[n:]
		}
		return dst, nil
	}
	return nil, parseError(msg, fmt.Errorf("field %d has wire type %d, want a varint", f.num, f.typ))
}

// floats appends a repeated float field, packed or not.
func (f field) floats(msg string, dst []float32) ([]float32, error) {
	switch f.typ {
	case protowire.Fixed32Type:
		return append(dst, math.Float32frombits(uint32(f.v))), nil
	case protowire.BytesType:
		if len(f.b)%4 != 0 {
			return nil, parseError(msg, fmt.Errorf("field %d: packed floats of %d bytes", f.num, len(f.b)))
		}
		for i := 0; i < len(f.b); i += 4 {
			dst = append(dst, math.Float32frombits(uint32(f.b[i])|uint32(f.b[i+1])<<8|uint32(f.b[i+2])<<16|uint32(f.b[i+3])<<24))
		}
		return dst, nil
	}
	return nil, parseError(msg, fmt.Errorf("field %d has wire type %d, want fixed32", f.num, f.typ))
}

// countPacked counts the elements of a repeated numeric field of
// elemSize bytes (0: varints).
func (f field) count(elemSize int) int {
	if f.typ != protowire.BytesType {
		return 1
	}
	if elemSize > 0 {
		return len(f.b) / elemSize
	}
	n := 0
	for _, c := range f.b {
		if c < 0x80 {
			n++
		}
	}
	return n
}

func decodeModel(b []byte) (*modelProto, error) {
	const msg = "ModelProto"
	m := &modelProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		switch f.num {
		case modelIRVersion:
			m.irVersion, err = f.int(msg)
		case modelProducerName:
			m.producerName, err = f.str(msg)
		case modelProducerVersion:
			m.producerVersion, err = f.str(msg)
		case modelDomain:
			m.domain, err = f.str(msg)
		case modelModelVersion:
			m.modelVersion, err = f.int(msg)
		case modelDocString:
			m.docString, err = f.str(msg)
		case modelGraph:
			var gb []byte
			if gb, err = f.msg(msg); err == nil {
				if m.graph != nil {
					return parseError(msg, fmt.Errorf("two graphs"))
				}
				m.graph, err = decodeGraph(gb)
			}
		case modelOpsetImport:
			var ob []byte
			if ob, err = f.msg(msg); err == nil {
				var o opsetProto
				o, err = decodeOpset(ob)
				m.opsets = append(m.opsets, o)
			}
		case modelTrainingInfo:
			m.hasTraining = true
		case modelFunctions:
			m.hasFunctions = true
		}
		return err
	})
	return m, err
}

func decodeOpset(b []byte) (opsetProto, error) {
	const msg = "OperatorSetIdProto"
	var o opsetProto
	err := walk(b, msg, func(f field) error {
		var err error
		switch f.num {
		case opsetDomain:
			o.domain, err = f.str(msg)
		case opsetVersion:
			o.version, err = f.int(msg)
		}
		return err
	})
	return o, err
}

func decodeGraph(b []byte) (*graphProto, error) {
	const msg = "GraphProto"
	g := &graphProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		var mb []byte
		switch f.num {
		case graphName:
			g.name, err = f.str(msg)
		case graphDocString:
			g.docString, err = f.str(msg)
		case graphNode:
			if mb, err = f.msg(msg); err == nil {
				var n *nodeProto
				n, err = decodeNode(mb)
				g.nodes = append(g.nodes, n)
			}
		case graphInitializer:
			if mb, err = f.msg(msg); err == nil {
				var t *tensorProto
				t, err = decodeTensor(mb)
				g.initializers = append(g.initializers, t)
			}
		case graphInput, graphOutput, graphValueInfo:
			if mb, err = f.msg(msg); err == nil {
				var v *valueInfoProto
				v, err = decodeValueInfo(mb)
				switch f.num {
				case graphInput:
					g.inputs = append(g.inputs, v)
				case graphOutput:
					g.outputs = append(g.outputs, v)
				default:
					g.valueInfo = append(g.valueInfo, v)
				}
			}
		case graphSparseInitializer:
			g.hasSparse = true
		}
		return err
	})
	return g, err
}

func decodeNode(b []byte) (*nodeProto, error) {
	const msg = "NodeProto"
	n := &nodeProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		var s string
		switch f.num {
		case nodeInput:
			if s, err = f.str(msg); err == nil {
				n.inputs = append(n.inputs, s)
			}
		case nodeOutput:
			if s, err = f.str(msg); err == nil {
				n.outputs = append(n.outputs, s)
			}
		case nodeName:
			n.name, err = f.str(msg)
		case nodeOpType:
			n.opType, err = f.str(msg)
		case nodeDomain:
			n.domain, err = f.str(msg)
		case nodeAttribute:
			var ab []byte
			if ab, err = f.msg(msg); err == nil {
				var a *attrProto
				a, err = decodeAttr(ab)
				n.attrs = append(n.attrs, a)
			}
		}
		return err
	})
	return n, err
}

func decodeAttr(b []byte) (*attrProto, error) {
	const msg = "AttributeProto"
	a := &attrProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		switch f.num {
		case attrName:
			a.name, err = f.str(msg)
		case attrType:
			var v int64
			v, err = f.int(msg)
			a.typ = int32(v)
		case attrF:
			var fs []float32
			if fs, err = f.floats(msg, nil); err == nil && len(fs) == 1 {
				a.f = fs[0]
			}
		case attrI:
			a.i, err = f.int(msg)
		case attrS:
			a.s, err = f.msg(msg)
		case attrT:
			var tb []byte
			if tb, err = f.msg(msg); err == nil {
				a.t, err = decodeTensor(tb)
			}
		case attrFloats:
			a.floats, err = f.floats(msg, a.floats)
		case attrInts:
			a.ints, err = f.ints(msg, a.ints)
		case attrStrings:
			var sb []byte
			if sb, err = f.msg(msg); err == nil {
				a.strings = append(a.strings, sb)
			}
		case attrG, attrTensors, attrGraphs, attrSparse, attrRefAttrName:
			a.other = true
		}
		return err
	})
	return a, err
}

func decodeValueInfo(b []byte) (*valueInfoProto, error) {
	const msg = "ValueInfoProto"
	v := &valueInfoProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		switch f.num {
		case valueName:
			v.name, err = f.str(msg)
		case valueType:
			var tb []byte
			if tb, err = f.msg(msg); err == nil {
				v.hasType = true
				err = decodeType(tb, v)
			}
		}
		return err
	})
	return v, err
}

func decodeType(b []byte, v *valueInfoProto) error {
	const msg = "TypeProto"
	return walk(b, msg, func(f field) error {
		switch f.num {
		case typeTensor:
			tb, err := f.msg(msg)
			if err != nil {
				return err
			}
			return walk(tb, "TypeProto.Tensor", func(f field) error {
				var err error
				switch f.num {
				case tensorElemType:
					var t int64
					t, err = f.int("TypeProto.Tensor")
					v.elemType = int32(t)
				case tensorShape:
					var sb []byte
					if sb, err = f.msg("TypeProto.Tensor"); err == nil {
						v.hasShape = true
						err = decodeShape(sb, v)
					}
				}
				return err
			})
		case typeSequence, typeMap, typeSparse, typeOptional:
			v.nonTensor = true
		}
		return nil
	})
}

func decodeShape(b []byte, v *valueInfoProto) error {
	const msg = "TensorShapeProto"
	return walk(b, msg, func(f field) error {
		if f.num != shapeDim {
			return nil
		}
		db, err := f.msg(msg)
		if err != nil {
			return err
		}
		var d dimProto
		err = walk(db, "TensorShapeProto.Dimension", func(f field) error {
			var err error
			switch f.num {
			case dimValue:
				d.value, err = f.int("TensorShapeProto.Dimension")
				d.hasValue = true
			case dimParam:
				d.param, err = f.str("TensorShapeProto.Dimension")
			}
			return err
		})
		v.dims = append(v.dims, d)
		return err
	})
}

func decodeTensor(b []byte) (*tensorProto, error) {
	const msg = "TensorProto"
	t := &tensorProto{}
	err := walk(b, msg, func(f field) error {
		var err error
		switch f.num {
		case tpDims:
			t.dims, err = f.ints(msg, t.dims)
		case tpDataType:
			var v int64
			v, err = f.int(msg)
			t.dataType = int32(v)
		case tpSegment:
			t.segment = true
		case tpFloatData:
			t.floatData, err = f.floats(msg, t.floatData)
		case tpInt32Data:
			t.int32Data, err = f.ints(msg, t.int32Data)
		case tpInt64Data:
			t.int64Data, err = f.ints(msg, t.int64Data)
		case tpStringData:
			t.nOther++
		case tpDoubleData:
			t.nOther += f.count(8)
		case tpUint64Data:
			t.nOther += f.count(0)
		case tpName:
			t.name, err = f.str(msg)
		case tpRawData:
			t.rawData, err = f.msg(msg)
			t.hasRaw = true
		case tpExternalData:
			t.external = true
		case tpDataLocation:
			var v int64
			v, err = f.int(msg)
			if v != 0 {
				t.external = true
			}
		}
		return err
	})
	return t, err
}

// Encoding. Each append function writes one message's fields; messages
// nested in a field are built first and written with their length.

func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendInt(b []byte, num protowire.Number, v int64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func appendMsg(b []byte, num protowire.Number, m []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, m)
}

func encodeModel(m *modelProto) []byte {
	var b []byte
	b = appendInt(b, modelIRVersion, m.irVersion)
	b = appendString(b, modelProducerName, m.producerName)
	b = appendString(b, modelProducerVersion, m.producerVersion)
	b = appendString(b, modelDomain, m.domain)
	if m.modelVersion != 0 {
		b = appendInt(b, modelModelVersion, m.modelVersion)
	}
	b = appendString(b, modelDocString, m.docString)
	if m.graph != nil {
		b = appendMsg(b, modelGraph, encodeGraph(m.graph))
	}
	for _, o := range m.opsets {
		var ob []byte
		ob = appendString(ob, opsetDomain, o.domain)
		ob = appendInt(ob, opsetVersion, o.version)
		b = appendMsg(b, modelOpsetImport, ob)
	}
	return b
}

func encodeGraph(g *graphProto) []byte {
	var b []byte
	for _, n := range g.nodes {
		b = appendMsg(b, graphNode, encodeNode(n))
	}
	b = appendString(b, graphName, g.name)
	for _, t := range g.initializers {
		b = appendMsg(b, graphInitializer, encodeTensor(t))
	}
	b = appendString(b, graphDocString, g.docString)
	for _, v := range g.inputs {
		b = appendMsg(b, graphInput, encodeValueInfo(v))
	}
	for _, v := range g.outputs {
		b = appendMsg(b, graphOutput, encodeValueInfo(v))
	}
	for _, v := range g.valueInfo {
		b = appendMsg(b, graphValueInfo, encodeValueInfo(v))
	}
	return b
}

func encodeNode(n *nodeProto) []byte {
	var b []byte
	for _, s := range n.inputs {
		b = protowire.AppendTag(b, nodeInput, protowire.BytesType)
		b = protowire.AppendString(b, s)
	}
	for _, s := range n.outputs {
		b = protowire.AppendTag(b, nodeOutput, protowire.BytesType)
		b = protowire.AppendString(b, s)
	}
	b = appendString(b, nodeName, n.name)
	b = appendString(b, nodeOpType, n.opType)
	for _, a := range n.attrs {
		b = appendMsg(b, nodeAttribute, encodeAttr(a))
	}
	b = appendString(b, nodeDomain, n.domain)
	return b
}

func encodeAttr(a *attrProto) []byte {
	var b []byte
	b = appendString(b, attrName, a.name)
	switch a.typ {
	case attrTypeFloat:
		b = protowire.AppendTag(b, attrF, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(a.f))
	case attrTypeInt:
		b = appendInt(b, attrI, a.i)
	case attrTypeString:
		b = protowire.AppendTag(b, attrS, protowire.BytesType)
		b = protowire.AppendBytes(b, a.s)
	case attrTypeTensor:
		b = appendMsg(b, attrT, encodeTensor(a.t))
	case attrTypeFloats:
		for _, f := range a.floats {
			b = protowire.AppendTag(b, attrFloats, protowire.Fixed32Type)
			b = protowire.AppendFixed32(b, math.Float32bits(f))
		}
	case attrTypeInts:
		for _, v := range a.ints {
			b = appendInt(b, attrInts, v)
		}
	}
	b = appendInt(b, attrType, int64(a.typ))
	return b
}

func encodeValueInfo(v *valueInfoProto) []byte {
	if !v.hasType {
		return appendString(nil, valueName, v.name)
	}
	var shape []byte
	for _, d := range v.dims {
		var db []byte
		if d.param != "" {
			db = appendString(db, dimParam, d.param)
		} else {
			db = appendInt(db, dimValue, d.value)
		}
		shape = appendMsg(shape, shapeDim, db)
	}
	var tt []byte
	tt = appendInt(tt, tensorElemType, int64(v.elemType))
	if v.hasShape {
		tt = appendMsg(tt, tensorShape, shape)
	}
	var typ []byte
	typ = appendMsg(typ, typeTensor, tt)
	var b []byte
	b = appendString(b, valueName, v.name)
	b = appendMsg(b, valueType, typ)
	return b
}

func encodeTensor(t *tensorProto) []byte {
	var b []byte
	if len(t.dims) > 0 {
		var packed []byte
		for _, d := range t.dims {
			packed = protowire.AppendVarint(packed, uint64(d))
		}
		b = appendMsg(b, tpDims, packed)
	}
	b = appendInt(b, tpDataType, int64(t.dataType))
	b = appendString(b, tpName, t.name)
	if t.hasRaw {
		b = protowire.AppendTag(b, tpRawData, protowire.BytesType)
		b = protowire.AppendBytes(b, t.rawData)
	}
	for _, f := range t.floatData {
		b = protowire.AppendTag(b, tpFloatData, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(f))
	}
	if t.external {
		b = appendInt(b, tpDataLocation, 1)
	}
	return b
}
