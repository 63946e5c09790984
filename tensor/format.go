package tensor

import (
	"math"
	"strconv"
	"strings"
)

// Printing follows NumPy's str() of a float32 array with the default print
// options (numpy.set_printoptions: precision 8, threshold 1000, edgeitems 3,
// linewidth 75, suppress off), as of NumPy 2.3: numpy/_core/arrayprint.py,
// FloatingFormat and _formatArray, and, for scalars, floattype_str in
// numpy/_core/src/multiarray/scalartypes.c.src.
const (
	printThreshold = 1000 // more elements than this are summarised
	printEdgeItems = 3    // elements shown at each end of a summarised axis
	printLineWidth = 75
	printPrecision = 8 // fractional digits at most, in positional notation
	// printExpMax is the magnitude from which float32 values print in
	// scientific notation: 10^min(8, 6 decimal digits of float32).
	// NumPy before 2.3 used 1e8 for arrays and 1e16 for scalars.
	printExpMax = 1e6
)

// String formats t as NumPy (2.3 and later) prints a float32 array with
// its default options: nested brackets, one
// row of the last dimension per line (wrapped at 75 characters), blank
// lines between blocks of higher dimensions, and the same width for every
// element. Numbers take the fewest digits that identify the float32 (at
// most 8 after the point); scientific notation is used, for all of them,
// when the largest magnitude is at least 1e6, the smallest non-zero one
// below 1e-4, or their ratio above 1000. A tensor with more than 1000
// elements is summarised: each dimension longer than 6 shows its first
// and last 3 entries around "...". An empty tensor prints as "[]", and a
// scalar as a NumPy float32 scalar ("1.5", "1e-05").
func (t *Tensor) String() string {
	if len(t.shape) == 0 {
		return scalarString(t.data[0])
	}
	if t.Size() == 0 {
		return "[]"
	}
	p := printer{t: t, summarise: t.Size() > printThreshold}
	p.idx = make([]int, 0, len(t.shape))
	p.gather(0)
	p.ff.fill(p.shown)
	return p.recurse(" ", printLineWidth)
}

// scalarString formats v as NumPy's str of a float32 scalar: positional
// with at least one fractional digit from 1e-4 up to 1e6, scientific
// elsewhere, with the fewest digits that identify v.
func scalarString(v float32) string {
	switch {
	case v != v:
		return "nan"
	case math.IsInf(float64(v), 1):
		return "inf"
	case math.IsInf(float64(v), -1):
		return "-inf"
	}
	a := math.Abs(float64(v))
	if a == 0 || a >= 1e-4 && a < printExpMax {
		s := strconv.FormatFloat(float64(v), 'f', -1, 32)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	return strconv.FormatFloat(float64(v), 'e', -1, 32)
}

// printer formats one tensor.
type printer struct {
	t         *Tensor
	summarise bool
	idx       []int     // the index being visited
	shown     []float32 // the elements that will be printed
	ff        floatFormat
}

// axisItems returns how many items of a dimension of size n are shown at
// its start and at its end, and whether "..." stands between them.
func (p *printer) axisItems(n int) (lead, trail int, summary bool) {
	if p.summarise && n > 2*printEdgeItems {
		return printEdgeItems, printEdgeItems, true
	}
	return 0, n, false
}

// at returns the element at p.idx.
func (p *printer) at() float32 { return p.t.data[p.t.offset("String", p.idx)] }

// gather collects the elements that will be shown, from dimension axis
// on, as _leading_trailing does: only they decide the format.
func (p *printer) gather(axis int) {
	if axis == len(p.t.shape) {
		p.shown = append(p.shown, p.at())
		return
	}
	n := p.t.shape[axis]
	lead, trail, _ := p.axisItems(n)
	visit := func(i int) {
		p.idx = append(p.idx, i)
		p.gather(axis + 1)
		p.idx = p.idx[:len(p.idx)-1]
	}
	for i := range lead {
		visit(i)
	}
	for i := n - trail; i < n; i++ {
		visit(i)
	}
}

// recurse formats the sub-array at p.idx, as _formatArray's recurser: the
// hanging indent starts every line but the first, and width is what is
// left of the line.
func (p *printer) recurse(hanging string, width int) string {
	axis := len(p.idx)
	if axis == len(p.t.shape) {
		return p.ff.format(p.at())
	}
	axesLeft := len(p.t.shape) - axis
	n := p.t.shape[axis]
	lead, trail, summary := p.axisItems(n)
	nested := func(i int) string {
		p.idx = append(p.idx, i)
		s := p.recurse(hanging+" ", width-1)
		p.idx = p.idx[:len(p.idx)-1]
		return s
	}
	var s string
	if axesLeft == 1 {
		// Elements, wrapped to leave room for the closing bracket.
		elemWidth := width - 1
		line := hanging
		for i := range lead {
			s, line = extendLine(s, line, nested(i), elemWidth, hanging)
			line += " "
		}
		if summary {
			s, line = extendLine(s, line, "...", elemWidth, hanging)
			line += " "
		}
		for i := n - trail; i < n-1; i++ {
			s, line = extendLine(s, line, nested(i), elemWidth, hanging)
			line += " "
		}
		s, line = extendLine(s, line, nested(n-1), elemWidth, hanging)
		s += line
	} else {
		// Sub-arrays, one per line, with axesLeft−2 blank lines between.
		sep := strings.Repeat("\n", axesLeft-1)
		for i := range lead {
			s += hanging + nested(i) + sep
		}
		if summary {
			s += hanging + "..." + sep
		}
		for i := n - trail; i < n-1; i++ {
			s += hanging + nested(i) + sep
		}
		s += hanging + nested(n-1)
	}
	return "[" + s[len(hanging):] + "]"
}

// extendLine appends word to line, first moving line to s and starting a
// new one if word would pass width (unless the line holds nothing yet).
func extendLine(s, line, word string, width int, prefix string) (string, string) {
	if len(line)+len(word) > width && len(line) > len(prefix) {
		s += strings.TrimRight(line, " ") + "\n"
		line = prefix
	}
	return s, line + word
}

// floatFormat is NumPy's FloatingFormat: one notation and one width for
// all the elements printed.
type floatFormat struct {
	exp       bool // scientific notation
	padLeft   int  // characters before the point
	padRight  int  // characters after the point
	precision int  // scientific: fractional digits, all printed
	expDigits int  // scientific: digits of the exponent
}

// fill chooses the notation and the widths for the values vals.
func (f *floatFormat) fill(vals []float32) {
	var maxAbs, minAbs float32
	first := true
	finite, nonFinite, negInf := 0, false, false
	for _, v := range vals {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			nonFinite = true
			negInf = negInf || math.IsInf(float64(v), -1)
			continue
		}
		finite++
		if v == 0 {
			continue
		}
		a := float32(math.Abs(float64(v)))
		if first {
			maxAbs, minAbs, first = a, a, false
		}
		maxAbs, minAbs = max(maxAbs, a), min(minAbs, a)
	}
	// The comparisons are made in float32, as NumPy 2 does (NEP 50:
	// the Python float constants take the array's type).
	f.exp = !first && (maxAbs >= printExpMax || minAbs < 1e-4 || maxAbs/minAbs > 1000)

	switch {
	case finite == 0:
		f.padLeft, f.padRight = 0, 0
	case f.exp:
		f.precision, f.padLeft, f.expDigits = 0, 0, 0
		for _, v := range vals {
			if !isFinite(v) {
				continue
			}
			intPart, frac, exp := sciParts(v)
			f.padLeft = max(f.padLeft, len(intPart))
			f.precision = max(f.precision, len(frac))
			f.expDigits = max(f.expDigits, len(exp)-1)
		}
		f.padRight = f.expDigits + 2 + f.precision
	default:
		f.padLeft, f.padRight = 0, 0
		for _, v := range vals {
			if !isFinite(v) {
				continue
			}
			intPart, frac := posParts(v)
			f.padLeft = max(f.padLeft, len(intPart))
			f.padRight = max(f.padRight, len(frac))
		}
	}
	if nonFinite {
		// Room for "nan", "inf" and "-inf", right-aligned.
		offset := f.padRight + 1
		infLen := 3
		if negInf {
			infLen = 4
		}
		f.padLeft = max(f.padLeft, 3-offset, infLen-offset)
	}
}

// format returns v in the chosen notation and width.
func (f *floatFormat) format(v float32) string {
	if !isFinite(v) {
		s := "nan"
		switch {
		case math.IsInf(float64(v), 1):
			s = "inf"
		case math.IsInf(float64(v), -1):
			s = "-inf"
		}
		return pad(s, f.padLeft+f.padRight+1)
	}
	if f.exp {
		intPart, frac, exp := sciParts(v)
		if len(frac) < f.precision {
			// More digits of v itself, as Dragon4's min_digits gives.
			s := strconv.FormatFloat(float64(v), 'e', f.precision, 64)
			mant, e, _ := strings.Cut(s, "e")
			intPart, exp = mant[:len(mant)-f.precision-1], e
			frac = mant[len(mant)-f.precision:]
		}
		if len(exp)-1 < f.expDigits {
			exp = exp[:1] + strings.Repeat("0", f.expDigits-len(exp)+1) + exp[1:]
		}
		return pad(intPart, f.padLeft) + "." + frac + "e" + exp
	}
	intPart, frac := posParts(v)
	return pad(intPart, f.padLeft) + "." + frac + strings.Repeat(" ", f.padRight-len(frac))
}

func isFinite(v float32) bool { return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) }

// pad right-aligns s in width characters.
func pad(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}

// posParts returns the integer and fractional digits of v in positional
// notation (the sign goes with the integer part): the fewest digits that
// identify the float32, or, when that needs more than 8 fractional digits,
// v correctly rounded to 8 with trailing zeros dropped; an integer is
// printed exactly.
func posParts(v float32) (intPart, frac string) {
	s := strconv.FormatFloat(float64(v), 'f', -1, 32)
	intPart, frac, _ = strings.Cut(s, ".")
	if frac == "" {
		// v is an integer: NumPy prints all its digits ("93706608."),
		// not the shortest form padded with zeros ("93706610.").
		intPart = strconv.FormatFloat(float64(v), 'f', 0, 64)
	}
	if len(frac) > printPrecision {
		s = strconv.FormatFloat(float64(v), 'f', printPrecision, 64)
		intPart, frac, _ = strings.Cut(s, ".")
		frac = strings.TrimRight(frac, "0")
	}
	return intPart, frac
}

// sciParts returns the integer digit (with the sign), the fractional
// digits and the signed exponent ("-05") of v in scientific notation,
// with the fewest digits that identify the float32 (never more than 8
// fractional ones).
func sciParts(v float32) (intPart, frac, exp string) {
	s := strconv.FormatFloat(float64(v), 'e', -1, 32)
	mant, exp, _ := strings.Cut(s, "e")
	intPart, frac, _ = strings.Cut(mant, ".")
	return intPart, frac, exp
}
