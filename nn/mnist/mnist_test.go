package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func idxImages(n int, magic uint32, rows, cols int) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint32{magic, uint32(n), uint32(rows), uint32(cols)})
	for i := range n * rows * cols {
		b.WriteByte(byte(i * 7))
	}
	return b.Bytes()
}

func idxLabels(labels ...byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, []uint32{labelsMagic, uint32(len(labels))})
	b.Write(labels)
	return b.Bytes()
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadIDX(t *testing.T) {
	dir := t.TempDir()
	for _, zip := range []bool{false, true} {
		img, lab := idxImages(3, imagesMagic, 28, 28), idxLabels(7, 0, 9)
		ext := ""
		if zip {
			img, lab, ext = gz(img), gz(lab), ".gz"
		}
		s, err := ReadIDX(write(t, dir, "i"+ext, img), write(t, dir, "l"+ext, lab))
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != 3 || len(s.Images) != 3*Pixels || !bytes.Equal(s.Labels, []byte{7, 0, 9}) {
			t.Fatalf("gzip %v: %d images, labels %v", zip, s.Len(), s.Labels)
		}
		if s.Image(2)[5] != byte((2*Pixels+5)*7%256) {
			t.Errorf("gzip %v: pixel 5 of image 2 is %d", zip, s.Image(2)[5])
		}
		x := s.Tensor()
		if got := x.Shape(); len(got) != 2 || got[0] != 3 || got[1] != Pixels {
			t.Errorf("Tensor: shape %v", got)
		}
		if x.At(2, 5) != float32(s.Image(2)[5])/255 {
			t.Errorf("Tensor: %v", x.At(2, 5))
		}
		if y := s.IntLabels(); y[0] != 7 || y[2] != 9 {
			t.Errorf("IntLabels: %v", y)
		}
		if sub := s.Slice(1, 3); sub.Len() != 2 || sub.Labels[0] != 0 || &sub.Image(0)[0] != &s.Image(1)[0] {
			t.Errorf("Slice(1, 3) is wrong")
		}
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, TrainImagesFile+".gz", gz(idxImages(4, imagesMagic, 28, 28)))
	write(t, dir, TrainLabelsFile, idxLabels(1, 2, 3, 4))
	write(t, dir, TestImagesFile, idxImages(2, imagesMagic, 28, 28))
	write(t, dir, TestLabelsFile+".gz", gz(idxLabels(5, 6)))
	train, test, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 4 || test.Len() != 2 || test.Labels[1] != 6 {
		t.Errorf("train %d test %d images", train.Len(), test.Len())
	}
	os.Remove(filepath.Join(dir, TestLabelsFile+".gz"))
	if _, _, err := ReadDir(dir); err == nil || !strings.Contains(err.Error(), TestLabelsFile) {
		t.Errorf("missing labels file: error %v", err)
	}
}

// wantFormatError checks that err is a *FormatError for file whose message
// holds every one of parts.
func wantFormatError(t *testing.T, what string, err error, file string, parts ...string) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %v (%T), want a *FormatError", what, err, err)
		return
	}
	if fe.File != file {
		t.Errorf("%s: error names file %q, want %q", what, fe.File, file)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not contain %q", what, err, p)
		}
	}
}

func TestReadIDXMalformed(t *testing.T) {
	dir := t.TempDir()
	good := idxImages(3, imagesMagic, 28, 28)
	labels := write(t, dir, "labels", idxLabels(1, 2, 3))
	cases := []struct {
		name  string
		data  []byte
		parts []string
	}{
		{"magic", idxImages(3, labelsMagic, 28, 28), []string{"byte 0", "wrong magic number 0x00000801, want 0x00000803"}},
		{"shape", idxImages(3, imagesMagic, 32, 32), []string{"32×32"}},
		{"short header", good[:10], []string{"truncated header: 10 of 16 bytes"}},
		{"empty", nil, []string{"truncated header: 0 of 16"}},
		{"truncated", good[:16+2*Pixels+100], []string{"byte 1684", "truncated", "3 images", "image 2"}},
		{"truncated gz", gz(good)[:500], []string{"truncated"}},
		{"trailing", append(append([]byte(nil), good...), 0), []string{"byte 2368", "unexpected data after the 3 images"}},
	}
	for _, c := range cases {
		p := write(t, dir, c.name, c.data)
		_, err := ReadIDX(p, labels)
		wantFormatError(t, c.name, err, p, c.parts...)
	}

	images := write(t, dir, "images", good)
	lcases := []struct {
		name  string
		data  []byte
		parts []string
	}{
		{"label 10", idxLabels(1, 10, 3), []string{"label 1 (byte 9)", "label 10 is above 9"}},
		{"label magic", idxImages(0, imagesMagic, 28, 28)[:8], []string{"wrong magic"}},
		{"labels truncated", idxLabels(1, 2, 3)[:9], []string{"byte 9", "truncated", "3 labels", "label 1"}},
		{"count", idxLabels(1, 2), []string{"2 labels, but", "holds 3 images"}},
		{"corrupt gz", func() []byte {
			b := gz(idxLabels(1, 2, 3))
			b[len(b)-6] ^= 0xff // the CRC-32 of the gzip trailer
			return b
		}(), []string{"checksum"}},
	}
	for _, c := range lcases {
		p := write(t, dir, c.name, c.data)
		_, err := ReadIDX(images, p)
		wantFormatError(t, c.name, err, p, c.parts...)
	}
	if _, err := ReadIDX(filepath.Join(dir, "none"), labels); err == nil || !os.IsNotExist(err) {
		t.Errorf("a missing file: error %v", err)
	}
}

func csvRow(label int, pix ...string) string {
	fields := []string{fmt.Sprint(label)}
	for i := range Pixels {
		v := fmt.Sprint(i % 256)
		if i < len(pix) {
			v = pix[i]
		}
		fields = append(fields, v)
	}
	return strings.Join(fields, ",")
}

func TestReadCSV(t *testing.T) {
	dir := t.TempDir()
	header := "label," + strings.Repeat("px,", Pixels-1) + "px"
	text := header + "\n" + csvRow(5, "255.0", " 3 ") + "\r\n" + csvRow(0) + "\n"
	for _, zip := range []bool{false, true} {
		data := []byte(text)
		if zip {
			data = gz(data)
		}
		s, err := ReadCSV(write(t, dir, fmt.Sprint("ok", zip), data))
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != 2 || s.Labels[0] != 5 || s.Labels[1] != 0 || s.Image(0)[0] != 255 || s.Image(0)[1] != 3 || s.Image(1)[300] != 300%256 {
			t.Errorf("gzip %v: read %d images, labels %v", zip, s.Len(), s.Labels)
		}
	}
	// Without a header line and without a final newline.
	s, err := ReadCSV(write(t, dir, "nohdr", []byte(csvRow(1)+"\n"+csvRow(2))))
	if err != nil || s.Len() != 2 || s.Labels[1] != 2 {
		t.Errorf("no header: %v", err)
	}
}

func TestReadCSVMalformed(t *testing.T) {
	dir := t.TempDir()
	header := "label,pixels\n"
	cases := []struct {
		name  string
		text  string
		parts []string
	}{
		{"columns", header + csvRow(1) + "\n" + csvRow(2)[:strings.LastIndexByte(csvRow(2), ',')] + "\n", []string{"line 3", "784 columns, want 785"}},
		{"extra column", header + csvRow(1) + ",0\n", []string{"line 2", "786 columns"}},
		{"pixel", header + csvRow(1, "0", "256") + "\n", []string{"line 2, column 3", "pixel 256 outside 0..255"}},
		{"negative pixel", header + csvRow(1, "-1") + "\n", []string{"line 2, column 2", "pixel -1 outside"}},
		{"label", header + csvRow(12) + "\n", []string{"line 2, column 1", "label 12"}},
		{"not a number", header + csvRow(3, "1", "x") + "\n", []string{"line 2, column 3", `"x" is not an integer`}},
		{"fraction", header + csvRow(3, "1.5") + "\n", []string{"line 2, column 2", `"1.5"`}},
		{"empty field", header + csvRow(3, "") + "\n", []string{"column 2"}},
		{"blank line", header + csvRow(3) + "\n\n" + csvRow(4) + "\n", []string{"line 3", "empty line"}},
		{"no image", header, []string{"no image"}},
	}
	for _, c := range cases {
		p := write(t, dir, c.name, []byte(c.text))
		_, err := ReadCSV(p)
		wantFormatError(t, c.name, err, p, c.parts...)
	}
}
