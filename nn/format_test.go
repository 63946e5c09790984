package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func smallNet(t *testing.T, seed uint64, sizes ...int) *Network {
	t.Helper()
	net, err := NewMLP(seed, sizes...)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func encode(t *testing.T, n *Network) []byte {
	t.Helper()
	var buf bytes.Buffer
	k, err := n.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if int(k) != buf.Len() {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", k, buf.Len())
	}
	return buf.Bytes()
}

// withCRC replaces the checksum of a file whose body was edited, so that
// the reader gets past the checksum to the edit itself.
func withCRC(data []byte) []byte {
	out := append([]byte(nil), data...)
	body := len(out) - 4
	binary.LittleEndian.PutUint32(out[body:], crc32.ChecksumIEEE(out[:body]))
	return out
}

func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

func TestSaveLoadRoundTrip(t *testing.T) {
	net := smallNet(t, 216091, 12, 7, 5, 3)
	// Values whose bits a careless encoding would change.
	w := net.Params()[0].Value.Data()
	w[0], w[1], w[2] = float32(math.NaN()), float32(math.Inf(-1)), math.Float32frombits(1) // a denormal
	w[3] = float32(math.Copysign(0, -1))
	dir := t.TempDir()
	path := filepath.Join(dir, "m.model")
	if err := net.Save(path); err != nil {
		t.Fatal(err)
	}
	if err := net.Save(path); err != nil { // over an existing file
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries after Save, want only the model", len(entries))
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Layers()) != len(net.Layers()) {
		t.Fatalf("%d layers loaded, %d saved", len(got.Layers()), len(net.Layers()))
	}
	for i, l := range net.Layers() {
		if !sameSpec(l.Spec(), got.Layers()[i].Spec()) {
			t.Errorf("layer %d: %v loaded, %v saved", i, got.Layers()[i].Spec(), l.Spec())
		}
	}
	for i, p := range net.Params() {
		q := got.Params()[i]
		if p.Name != q.Name || !sameBits(p.Value.Data(), q.Value.Data()) {
			t.Errorf("param %d (%s) differs after the round trip", i, p.Name)
		}
	}
	// The file is exactly what WriteTo writes.
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, encode(t, got)) {
		t.Errorf("re-encoding the loaded network gives other bytes")
	}

	// LoadParams into a network of the same architecture.
	other := smallNet(t, 1, 12, 7, 5, 3)
	if err := other.LoadParams(path); err != nil {
		t.Fatal(err)
	}
	for i, p := range net.Params() {
		if !sameBits(p.Value.Data(), other.Params()[i].Value.Data()) {
			t.Errorf("LoadParams: param %d differs", i)
		}
	}
}

func TestLoadHeader(t *testing.T) {
	data := encode(t, smallNet(t, 1, 4, 3, 2))
	if string(data[:8]) != "GOF32NN\x1a" || binary.LittleEndian.Uint32(data[8:]) != 1 {
		t.Errorf("header %q, want magic GOF32NN\\x1a and version 1", data[:12])
	}
	// dense[4 3] + relu[3] + dense[3 2]: 8+4+4 header, records, 4 CRC.
	dense := func(in, out int) int {
		return 4 + 5 + 4 + 8 + 4 + 4 + (4 + 1 + 4 + 8 + 4*in*out) + (4 + 1 + 4 + 4 + 4*out)
	}
	relu := 4 + 4 + 4 + 4 + 4 + 4
	if want := 16 + dense(4, 3) + relu + dense(3, 2) + 4; len(data) != want {
		t.Errorf("file of %d bytes, the documented layout gives %d", len(data), want)
	}
}

// loadBytes reads a model from memory; a panic inside fails the test.
func loadBytes(data []byte) (*Network, error) {
	return ReadNetwork(bytes.NewReader(data))
}

func TestLoadTruncated(t *testing.T) {
	data := encode(t, smallNet(t, 1, 6, 4, 3))
	for n := 0; n < len(data); n++ {
		_, err := loadBytes(data[:n])
		if err == nil || !errors.Is(err, ErrFormat) {
			t.Fatalf("file cut at %d of %d bytes: error %v", n, len(data), err)
		}
		if n >= 12 && !strings.Contains(err.Error(), "truncated") {
			t.Errorf("file cut at %d of %d bytes: error %q does not say truncated", n, len(data), err)
		}
	}
	_, err := loadBytes(append(append([]byte(nil), data...), 0))
	if err == nil || !strings.Contains(err.Error(), "after the checksum") {
		t.Errorf("one extra byte: error %v", err)
	}
}

func TestLoadCorrupted(t *testing.T) {
	data := encode(t, smallNet(t, 1, 6, 4, 3))
	for i := range data {
		for _, bit := range []byte{0x01, 0x80} {
			c := append([]byte(nil), data...)
			c[i] ^= bit
			if _, err := loadBytes(c); err == nil || !errors.Is(err, ErrFormat) {
				t.Fatalf("bit %#x of byte %d flipped: error %v", bit, i, err)
			}
		}
	}
	// Weights changed: only the checksum tells.
	c := append([]byte(nil), data...)
	c[len(c)-8] ^= 0x10
	if _, err := loadBytes(c); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a weight changed: error %v, want a checksum mismatch", err)
	}
}

// put32 returns data with the u32 at off replaced and the checksum fixed.
func put32(data []byte, off int, v uint32) []byte {
	c := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(c[off:], v)
	return withCRC(c)
}

func TestLoadMismatched(t *testing.T) {
	net := smallNet(t, 1, 4, 3, 2)
	data := encode(t, net)
	// Offsets in the file of dense[4 3] relu[3] dense[3 2].
	const kind0 = 16                                     // "dense"
	const shape0 = 25                                    // count, 4, 3
	const wDims = 16 + 5 + 4 + 4 + 8 + 4 + 4 + 4 + 1 + 4 // first dim of W: 4
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"magic", withCRC(append([]byte("GOF32NX\x1a"), data[8:]...)), "not a gof32 model file"},
		{"version", put32(data, 8, 3), "version 3"},
		{"unknown kind", withCRC(bytes.Replace(data, []byte("dense"), []byte("dunce"), 1)), `unknown layer kind "dunce"`},
		{"layer shape", put32(data, shape0+4, 5), "parameter 0 is W[4 3] in the file, the layer expects W[5 3]"},
		{"param shape", put32(put32(data, wDims, 3), wDims+4, 4), "parameter 0 is W[3 4]"},
		{"huge dims", put32(data, wDims, 1<<30), "truncated"},
		{"layer count", put32(data, 12, 1<<20), "layer count"},
		{"zero dim", put32(data, wDims, 0), "is 0"},
		{"kind length", put32(data, kind0, 1000), "kind length"},
	}
	for _, c := range cases {
		_, err := loadBytes(c.data)
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}

	// Layers that do not chain: relu[3] made relu[4].
	relu := bytes.Index(data, []byte("relu"))
	if _, err := loadBytes(put32(data, relu+4+4, 4)); err == nil || !strings.Contains(err.Error(), "takes rows of 4") {
		t.Errorf("unchained layers: error %v", err)
	}

	// A valid file for another architecture.
	path := filepath.Join(t.TempDir(), "other.model")
	if err := smallNet(t, 1, 4, 5, 2).Save(path); err != nil {
		t.Fatal(err)
	}
	before := net.Params()[0].Value.Clone().Data()
	err := net.LoadParams(path)
	if err == nil || !strings.Contains(err.Error(), "layer 0 is dense[4 5] in the file, dense[4 3] in the network") {
		t.Errorf("LoadParams of another architecture: error %v", err)
	}
	if !sameBits(before, net.Params()[0].Value.Data()) {
		t.Errorf("a failed LoadParams changed the network")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Errorf("loading a missing file gave no error")
	}
}
