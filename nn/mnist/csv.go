package mnist

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// ReadCSV reads a set in the reference network's CSV layout: a header line, then
// one line per image with the label and the 784 pixels, comma-separated
// integers (a value written as a decimal with a zero fraction, such as
// 255.0, is accepted). The header is recognised as a first line that does
// not start with a number; a file without one loses no image. The file
// may be gzipped.
func ReadCSV(path string) (*Set, error) {
	r, closeFn, err := openMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return readCSV(path, r)
}

func readCSV(path string, r io.Reader) (*Set, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	s := &Set{}
	var pix [Pixels]uint8
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return nil, formatErr(path, fmt.Sprintf("line %d", line), "line longer than %d bytes", br.Size())
		}
		if err != nil && err != io.EOF {
			return nil, formatErr(path, fmt.Sprintf("line %d", line), "%v", err)
		}
		text = bytes.TrimRight(text, "\r\n")
		if len(text) == 0 {
			if err == io.EOF {
				break
			}
			// A blank line: only allowed at the end (checked below).
			if rest, _ := br.Peek(1); len(rest) > 0 {
				return nil, formatErr(path, fmt.Sprintf("line %d", line), "empty line")
			}
			continue
		}
		if line == 1 && (text[0] < '0' || text[0] > '9') {
			continue // the header
		}
		label, err2 := parseRow(path, line, text, &pix)
		if err2 != nil {
			return nil, err2
		}
		s.Labels = append(s.Labels, label)
		s.Images = append(s.Images, pix[:]...)
		if err == io.EOF {
			break
		}
	}
	if s.Len() == 0 {
		return nil, formatErr(path, "", "no image")
	}
	return s, nil
}

// parseRow parses "label,p0,…,p783" into the label and pix.
func parseRow(path string, line int, text []byte, pix *[Pixels]uint8) (uint8, error) {
	var label uint8
	col := 0
	for start := 0; ; col++ {
		end := bytes.IndexByte(text[start:], ',')
		var field []byte
		if end < 0 {
			field = text[start:]
		} else {
			field = text[start : start+end]
		}
		if col <= Pixels {
			v, ok := parseInt(field)
			if !ok {
				return 0, formatErr(path, fmt.Sprintf("line %d, column %d", line, col+1), "%q is not an integer", field)
			}
			switch {
			case col == 0 && (v < 0 || v > 9):
				return 0, formatErr(path, fmt.Sprintf("line %d, column 1", line), "label %d is not a digit 0..9", v)
			case col == 0:
				label = uint8(v)
			case v < 0 || v > 255:
				return 0, formatErr(path, fmt.Sprintf("line %d, column %d", line, col+1), "pixel %d outside 0..255", v)
			default:
				pix[col-1] = uint8(v)
			}
		}
		if end < 0 {
			break
		}
		start += end + 1
	}
	if col != Pixels {
		return 0, formatErr(path, fmt.Sprintf("line %d", line), "%d columns, want %d (the label and %d pixels)", col+1, Pixels+1, Pixels)
	}
	return label, nil
}

// parseInt parses a decimal integer, allowing surrounding spaces and a
// zero fraction ("255.0"); values are bounded to keep it from overflowing.
func parseInt(b []byte) (int, bool) {
	b = bytes.TrimSpace(b)
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	v, i := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if v < 1<<20 {
			v = v*10 + int(b[i]-'0')
		}
	}
	if i == 0 {
		return 0, false
	}
	if i < len(b) {
		// Only a fraction of zeros may follow.
		if b[i] != '.' {
			return 0, false
		}
		for _, c := range b[i+1:] {
			if c != '0' {
				return 0, false
			}
		}
	}
	if neg {
		v = -v
	}
	return v, true
}
