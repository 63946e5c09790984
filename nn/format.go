package nn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// The model file format, version 1, is documented in the package
// comment (doc.go). A reader rejects a file with another magic or version,
// a truncated or overlong file, a checksum that does not match, an unknown
// layer kind, parameters whose names or shapes do not match what the kind
// builds, and layers that do not chain.

const (
	fileMagic   = "GOF32NN\x1a"
	fileVersion = 2 // the newest; a network of version-1 kinds only is written as version 1

	maxKindLen  = 64
	maxNameLen  = 64
	maxDims     = 8
	maxAttrs    = 64
	maxParams   = 64
	maxLayers   = 4096
	maxFileSize = 1 << 31
)

// ErrFormat is wrapped by every error about the content of a model file.
var ErrFormat = errors.New("invalid model file")

// WriteTo writes the network in the model file format.
func (n *Network) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	crc := crc32.NewIEEE()
	e := &encoder{w: io.MultiWriter(bw, crc)}
	e.bytes([]byte(fileMagic))
	e.u32(n.fileVersion())
	e.u32(len(n.layers))
	for _, l := range n.layers {
		s := l.Spec()
		e.str(s.Kind)
		e.u32(len(s.Shape))
		for _, d := range s.Shape {
			e.u32(d)
		}
		e.u32(len(s.Attrs))
		e.floats(s.Attrs)
		ps := l.Params()
		e.u32(len(ps))
		for _, p := range ps {
			e.str(p.Name)
			e.u32(p.Value.Dims())
			for i := range p.Value.Dims() {
				e.u32(p.Value.Dim(i))
			}
			e.floats(p.Value.Data())
		}
	}
	e.w = bw
	e.u32(int(crc.Sum32()))
	if e.err == nil {
		e.err = bw.Flush()
	}
	return e.n, e.err
}

type encoder struct {
	w   io.Writer
	n   int64
	err error
	buf [4096]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err != nil {
		return
	}
	k, err := e.w.Write(b)
	e.n += int64(k)
	e.err = err
}

func (e *encoder) u32(v int) {
	binary.LittleEndian.PutUint32(e.buf[:4], uint32(v))
	e.bytes(e.buf[:4])
}

func (e *encoder) str(s string) {
	e.u32(len(s))
	e.bytes([]byte(s))
}

func (e *encoder) floats(x []float32) {
	for len(x) > 0 {
		k := min(len(x), len(e.buf)/4)
		for i, v := range x[:k] {
			binary.LittleEndian.PutUint32(e.buf[4*i:], math.Float32bits(v))
		}
		e.bytes(e.buf[:4*k])
		x = x[k:]
	}
}

// Save writes the network to path: to a temporary file in the same
// directory first, synced and then renamed over path, so that path holds
// either the old or the new model, never a partial one.
func (n *Network) Save(path string) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = n.WriteTo(f); err != nil {
		return fmt.Errorf("writing %s: %w", f.Name(), err)
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// Load reads a network saved by Save.
func Load(path string) (*Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := ReadNetwork(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// ReadNetwork reads a network in the model file format from r, to its end.
func ReadNetwork(r io.Reader) (*Network, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrFormat, maxFileSize)
	}
	recs, err := parse(data)
	if err != nil {
		return nil, err
	}
	layers := make([]Layer, len(recs))
	for i, rec := range recs {
		l, err := Build(rec.spec)
		if err != nil {
			return nil, fmt.Errorf("%w: layer %d: %v", ErrFormat, i, err)
		}
		if err := setParams(l, rec.params); err != nil {
			return nil, fmt.Errorf("%w: layer %d (%v): %v", ErrFormat, i, rec.spec, err)
		}
		layers[i] = l
	}
	n, err := NewNetwork(layers...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return n, nil
}

// LoadParams reads the parameter values of the model file at path into n,
// whose layers must be exactly those of the file (kinds, shapes,
// attributes and parameters); n is left unchanged on error.
func (n *Network) LoadParams(path string) error {
	m, err := Load(path)
	if err != nil {
		return err
	}
	if len(m.layers) != len(n.layers) {
		return fmt.Errorf("%s: %w: the file has %d layers, the network %d", path, ErrFormat, len(m.layers), len(n.layers))
	}
	for i, l := range n.layers {
		if a, b := l.Spec(), m.layers[i].Spec(); !sameSpec(a, b) {
			return fmt.Errorf("%s: %w: layer %d is %v in the file, %v in the network", path, ErrFormat, i, b, a)
		}
	}
	for i, l := range n.layers {
		for j, p := range l.Params() {
			p.Value.CopyFrom(m.layers[i].Params()[j].Value)
		}
	}
	return nil
}

func sameSpec(a, b Spec) bool {
	return a.Kind == b.Kind && slices.Equal(a.Shape, b.Shape) && slices.Equal(a.Attrs, b.Attrs)
}

type paramRec struct {
	name string
	dims []int
	data []float32
}

type layerRec struct {
	spec   Spec
	params []paramRec
}

// setParams copies the stored parameters into a freshly built layer after
// checking that they are the ones it has, in the same order.
func setParams(l Layer, recs []paramRec) error {
	ps := l.Params()
	if len(ps) != len(recs) {
		return fmt.Errorf("the file stores %d parameters, the layer has %d", len(recs), len(ps))
	}
	for i, p := range ps {
		r := recs[i]
		if shape := p.Value.Shape(); r.name != p.Name || !slices.Equal(r.dims, shape) {
			return fmt.Errorf("parameter %d is %s%v in the file, the layer expects %s%v", i, r.name, r.dims, p.Name, shape)
		}
	}
	for i, p := range ps {
		copy(p.Value.Data(), recs[i].data)
	}
	return nil
}

// decoder reads the fields of a model file held in memory, remembering
// the first error, which names the field and its byte offset.
type decoder struct {
	data []byte
	off  int
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: %s", ErrFormat, d.off, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) take(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.data)-d.off {
		d.fail("truncated: %s needs %d bytes, the file has %d left", what, n, len(d.data)-d.off)
		return nil
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b
}

func (d *decoder) u32(what string) int {
	b := d.take(4, what)
	if b == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint32(b))
}

// count reads a u32 that must not exceed limit.
func (d *decoder) count(what string, limit int) int {
	v := d.u32(what)
	if d.err == nil && v > limit {
		d.off -= 4
		d.fail("%s is %d, more than the limit %d", what, v, limit)
		return 0
	}
	return v
}

func (d *decoder) str(what string, limit int) string {
	n := d.count(what+" length", limit)
	b := d.take(n, what)
	if d.err != nil {
		return ""
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			d.fail("%s %q is not printable ASCII", what, b)
			return ""
		}
	}
	return string(b)
}

func (d *decoder) dims(what string) []int {
	n := d.count(what+" count", maxDims)
	ds := make([]int, n)
	for i := range ds {
		ds[i] = d.u32(what)
		if d.err == nil && ds[i] < 1 {
			d.off -= 4
			d.fail("%s %d is 0", what, i)
		}
	}
	return ds
}

func (d *decoder) floats(n int, what string) []float32 {
	b := d.take(4*n, what)
	if b == nil {
		return nil
	}
	x := make([]float32, n)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// parse checks the framing of a model file: magic, version, the records
// within bounds, the checksum, and nothing after it.
func parse(data []byte) ([]layerRec, error) {
	d := &decoder{data: data}
	if m := d.take(len(fileMagic), "magic"); m != nil && string(m) != fileMagic {
		return nil, fmt.Errorf("%w: not a gof32 model file (magic %q, want %q)", ErrFormat, m, fileMagic)
	}
	version := d.u32("version")
	if d.err == nil && (version < 1 || version > fileVersion) {
		return nil, fmt.Errorf("%w: version %d, this reader knows versions 1 to %d", ErrFormat, version, fileVersion)
	}
	nl := d.count("layer count", maxLayers)
	recs := make([]layerRec, 0, nl)
	for i := 0; i < nl && d.err == nil; i++ {
		var r layerRec
		where := fmt.Sprintf("layer %d", i)
		r.spec.Kind = d.str(where+" kind", maxKindLen)
		if d.err == nil && version == 1 && version2Kinds[r.spec.Kind] {
			d.fail("%s kind %q is not part of version 1", where, r.spec.Kind)
		}
		r.spec.Shape = d.dims(where + " shape")
		na := d.count(where+" attribute count", maxAttrs)
		r.spec.Attrs = d.floats(na, where+" attributes")
		if na == 0 {
			r.spec.Attrs = nil
		}
		np := d.count(where+" parameter count", maxParams)
		for j := 0; j < np && d.err == nil; j++ {
			pw := fmt.Sprintf("%s parameter %d", where, j)
			var p paramRec
			p.name = d.str(pw+" name", maxNameLen)
			p.dims = d.dims(pw + " dimension")
			if d.err != nil {
				break
			}
			// The values must fit in what is left of the file: checking
			// before multiplying keeps absurd dimensions from overflowing
			// or allocating.
			left, size := (len(data)-d.off)/4, 1
			for _, k := range p.dims {
				if size > left/k {
					d.fail("truncated: %s %s%v needs more values than the %d bytes left", pw, p.name, p.dims, len(data)-d.off)
					break
				}
				size *= k
			}
			p.data = d.floats(size, pw+" values")
			r.params = append(r.params, p)
		}
		recs = append(recs, r)
	}
	body := d.off
	sum := d.u32("checksum")
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(data) {
		return nil, fmt.Errorf("%w: %d unexpected bytes after the checksum at byte %d", ErrFormat, len(data)-d.off, body)
	}
	if got := crc32.ChecksumIEEE(data[:body]); uint32(sum) != got {
		return nil, fmt.Errorf("%w: checksum mismatch (stored %08x, computed %08x): the file is corrupted", ErrFormat, uint32(sum), got)
	}
	return recs, nil
}

// version2Kinds are the layer kinds that version 2 of the model file
// added to version 1.
var version2Kinds = map[string]bool{"conv2d": true, "max_pooling2d": true, "flatten": true}

// fileVersion returns the version a network is written in: 1 when none of
// its layers is of a version-2 kind (so that readers of version 1 still
// read it), else the newest.
func (n *Network) fileVersion() int {
	for _, l := range n.layers {
		if version2Kinds[l.Spec().Kind] {
			return fileVersion
		}
	}
	return 1
}
