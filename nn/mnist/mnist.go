// Package mnist reads the MNIST handwritten digits: the four IDX files of
// the original distribution (gzipped or not) and the CSV layout of the
// reference network's chapter (a header line, then per row the label and
// the 784 pixels).
//
// Malformed input is reported as a *FormatError naming the file and the
// place (byte offset, item, line or column), never as a panic: a wrong
// magic number, a truncated file or trailing bytes, image and label counts
// that disagree, a label above 9, a pixel outside 0..255, a CSV row with
// the wrong number of columns.
package mnist

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gof32/gof32/tensor"
)

// Image geometry.
const (
	Rows   = 28
	Cols   = 28
	Pixels = Rows * Cols
)

// The names of the four IDX files, without the ".gz" a gzipped copy adds.
const (
	TrainImagesFile = "train-images-idx3-ubyte"
	TrainLabelsFile = "train-labels-idx1-ubyte"
	TestImagesFile  = "t10k-images-idx3-ubyte"
	TestLabelsFile  = "t10k-labels-idx1-ubyte"
)

// Set is a set of labelled images: image i is Images[i*Pixels:(i+1)*Pixels],
// row-major, one byte per pixel (0 white … 255 black), and Labels[i] its
// digit.
type Set struct {
	Images []uint8
	Labels []uint8
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the pixels of image i.
func (s *Set) Image(i int) []uint8 { return s.Images[i*Pixels : (i+1)*Pixels] }

// Slice returns images lo..hi-1, sharing the memory of s.
func (s *Set) Slice(lo, hi int) *Set {
	return &Set{Images: s.Images[lo*Pixels : hi*Pixels], Labels: s.Labels[lo:hi]}
}

// Tensor returns the images as a new Len()×784 tensor of float32 pixels
// divided by 255, in [0, 1], the input of a dense network (a convnet
// takes x.Reshape(s.Len(), Rows, Cols, 1)).
func (s *Set) Tensor() *tensor.Tensor {
	x := tensor.Zeros(s.Len(), Pixels)
	d := x.Data()
	for i, v := range s.Images {
		d[i] = float32(v) / 255
	}
	return x
}

// IntLabels returns the labels as ints.
func (s *Set) IntLabels() []int {
	y := make([]int, len(s.Labels))
	for i, v := range s.Labels {
		y[i] = int(v)
	}
	return y
}

// FormatError is malformed input: File is the file, Place where in it
// (such as "byte 16", "image 1234", "line 5, column 3"), Msg what is wrong.
type FormatError struct {
	File  string
	Place string
	Msg   string
}

func (e *FormatError) Error() string {
	if e.Place == "" {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.File, e.Place, e.Msg)
}

func formatErr(file, place, format string, args ...any) error {
	return &FormatError{File: file, Place: place, Msg: fmt.Sprintf(format, args...)}
}

// findFile returns dir/name.gz or dir/name, whichever exists (the
// gzipped one first).
func findFile(dir, name string) (string, error) {
	for _, n := range []string{name + ".gz", name} {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("mnist: neither %s nor %s.gz in %s", name, name, dir)
}

// ReadDir reads the training and test sets from the four IDX files in dir,
// gzipped or not, the four at once.
func ReadDir(dir string) (train, test *Set, err error) {
	var paths [4]string
	for i, name := range []string{TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile} {
		if paths[i], err = findFile(dir, name); err != nil {
			return nil, nil, err
		}
	}
	type result struct {
		s   *Set
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := ReadIDX(paths[2], paths[3])
		ch <- result{s, err}
	}()
	train, err = ReadIDX(paths[0], paths[1])
	r := <-ch
	if err != nil {
		return nil, nil, err
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return train, r.s, nil
}
