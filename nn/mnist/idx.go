package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX files: a 4-byte magic (two zero bytes, the element type, 0x08 for
// unsigned bytes, and the number of dimensions), one big-endian uint32 per
// dimension, then the elements. MNIST images are 0x00000803 (count, 28,
// 28), labels 0x00000801 (count).
const (
	imagesMagic = 0x00000803
	labelsMagic = 0x00000801
)

// openMaybeGzip opens path and returns a reader of its content,
// decompressed when the file starts with the gzip magic bytes.
func openMaybeGzip(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<16)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, formatErr(path, "", "bad gzip header: %v", err)
		}
		return zr, f.Close, nil
	}
	return br, f.Close, nil
}

// readData reads exactly n bytes, allocating as the data arrive beyond a
// first 64 MiB so that a corrupt count cannot make it allocate more than
// the file holds. It returns how many bytes it got when it gets fewer.
func readData(r io.Reader, n int) ([]byte, int, error) {
	buf := make([]byte, 0, min(n, 1<<26))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := r.Read(buf[len(buf):min(n, cap(buf))])
		buf = buf[:len(buf)+k]
		if len(buf) == n {
			break
		}
		if err == io.EOF {
			return buf, len(buf), io.ErrUnexpectedEOF
		}
		if err != nil {
			return buf, len(buf), err
		}
	}
	return buf, n, nil
}

// dataErr turns a read error of the element data into a FormatError:
// truncation reports the item where the data stop.
func dataErr(path string, err error, got, hdr, itemSize int, items string, count int) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return formatErr(path, fmt.Sprintf("byte %d", hdr+got),
			"truncated: the header announces %d %s, the data stop in %s %d", count, items, items[:len(items)-1], got/itemSize)
	}
	return formatErr(path, fmt.Sprintf("byte %d", hdr+got), "%v", err)
}

// readHeader reads the magic and dims dimensions of an IDX file.
func readHeader(path string, r io.Reader, magic uint32, dims int) ([]int, error) {
	hdr := make([]byte, 4+4*dims)
	if k, err := io.ReadFull(r, hdr); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, formatErr(path, fmt.Sprintf("byte %d", k), "truncated header: %d of %d bytes", k, len(hdr))
		}
		return nil, formatErr(path, "header", "%v", err)
	}
	if m := binary.BigEndian.Uint32(hdr); m != magic {
		return nil, formatErr(path, "byte 0", "wrong magic number %#08x, want %#08x", m, magic)
	}
	d := make([]int, dims)
	for i := range d {
		d[i] = int(binary.BigEndian.Uint32(hdr[4+4*i:]))
	}
	return d, nil
}

// expectEnd reports trailing bytes after the announced data.
func expectEnd(path string, r io.Reader, off int, what string) error {
	var b [1]byte
	k, err := io.ReadFull(r, b[:])
	if k > 0 {
		return formatErr(path, fmt.Sprintf("byte %d", off), "unexpected data after the %s the header announces", what)
	}
	if err != nil && err != io.EOF {
		return formatErr(path, fmt.Sprintf("byte %d", off), "%v", err)
	}
	return nil
}

// ReadIDXImages reads an IDX file of 28×28 images.
func ReadIDXImages(path string) ([]uint8, error) {
	r, closeFn, err := openMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	d, err := readHeader(path, r, imagesMagic, 3)
	if err != nil {
		return nil, err
	}
	n, rows, cols := d[0], d[1], d[2]
	if rows != Rows || cols != Cols {
		return nil, formatErr(path, "byte 8", "images of %d×%d pixels, want %d×%d", rows, cols, Rows, Cols)
	}
	const hdr = 16
	data, got, err := readData(r, n*Pixels)
	if err != nil {
		return nil, dataErr(path, err, got, hdr, Pixels, "images", n)
	}
	if err := expectEnd(path, r, hdr+len(data), fmt.Sprintf("%d images", n)); err != nil {
		return nil, err
	}
	return data, nil
}

// ReadIDXLabels reads an IDX file of digit labels, each 0..9.
func ReadIDXLabels(path string) ([]uint8, error) {
	r, closeFn, err := openMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	d, err := readHeader(path, r, labelsMagic, 1)
	if err != nil {
		return nil, err
	}
	n := d[0]
	const hdr = 8
	data, got, err := readData(r, n)
	if err != nil {
		return nil, dataErr(path, err, got, hdr, 1, "labels", n)
	}
	if err := expectEnd(path, r, hdr+n, fmt.Sprintf("%d labels", n)); err != nil {
		return nil, err
	}
	for i, v := range data {
		if v > 9 {
			return nil, formatErr(path, fmt.Sprintf("label %d (byte %d)", i, hdr+i), "label %d is above 9", v)
		}
	}
	return data, nil
}

// ReadIDX reads a set from an images file and a labels file, which must
// hold the same number of items.
func ReadIDX(imagesPath, labelsPath string) (*Set, error) {
	type result struct {
		b   []uint8
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b, err := ReadIDXLabels(labelsPath)
		ch <- result{b, err}
	}()
	images, err := ReadIDXImages(imagesPath)
	lr := <-ch
	if err != nil {
		return nil, err
	}
	if lr.err != nil {
		return nil, lr.err
	}
	if ni, nl := len(images)/Pixels, len(lr.b); ni != nl {
		return nil, formatErr(labelsPath, "header", "%d labels, but %s holds %d images", nl, imagesPath, ni)
	}
	return &Set{Images: images, Labels: lr.b}, nil
}
