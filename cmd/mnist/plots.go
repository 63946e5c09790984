package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gof32/gof32/nn/mnist"
)

// accuracyPlot draws the training and validation accuracy per epoch.
func accuracyPlot(path, title string, train, val []float64) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "accuracy"
	p.Add(plotter.NewGrid())
	lo := 1.0
	for i, series := range [][]float64{train, val} {
		if len(series) == 0 {
			continue // nothing held out for validation
		}
		xys := make(plotter.XYs, len(series))
		for e, a := range series {
			xys[e] = plotter.XY{X: float64(e + 1), Y: a}
			lo = math.Min(lo, a)
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		c := plotColors[i]
		line.Color, points.Color = c, c
		points.Shape = draw.CircleGlyph{}
		points.Radius = vg.Points(2)
		p.Add(line, points)
		p.Legend.Add([]string{"training", "validation"}[i], line, points)
	}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = vg.Points(20)
	p.Y.Max = 1
	p.Y.Min = math.Max(0, math.Floor(lo*50)/50)
	p.X.Min, p.X.Max = 0.5, float64(len(train))+0.5
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

var plotColors = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
}

// digitBars draws the accuracy per digit, in percent, as a bar chart.
func digitBars(path string, perDigit []float64) error {
	p := plot.New()
	p.Title.Text = "test accuracy per digit"
	p.X.Label.Text = "digit"
	p.Y.Label.Text = "accuracy (%)"
	vals := make(plotter.Values, len(perDigit))
	lo := 100.0
	for d, a := range perDigit {
		vals[d] = 100 * a
		lo = math.Min(lo, vals[d])
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(18))
	if err != nil {
		return err
	}
	bars.Color = plotColors[0]
	bars.LineStyle.Width = 0
	p.Add(plotter.NewGrid(), bars)
	names := make([]string, len(perDigit))
	for d := range names {
		names[d] = fmt.Sprint(d)
	}
	p.NominalX(names...)
	// As the reference network's chapter: from 90 % up, unless a digit falls below.
	p.Y.Min = math.Min(90, math.Floor(lo/5)*5)
	p.Y.Max = 100
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

// sampleGrid draws the first rows×cols images of s with their labels.
func sampleGrid(path string, s *mnist.Set, rows, cols int) error {
	n := min(rows*cols, s.Len())
	const tile = 3 * vg.Centimeter
	c := vgimg.New(tile*vg.Length(cols), tile*vg.Length(rows))
	dc := draw.New(c)
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
		for k := range plots[r] {
			i := r*cols + k
			if i >= n {
				continue
			}
			img := image.NewGray(image.Rect(0, 0, mnist.Cols, mnist.Rows))
			for j, v := range s.Image(i) {
				img.Pix[j] = 255 - v // ink dark on white
			}
			p := plot.New()
			p.Title.Text = fmt.Sprintf("label %d", s.Labels[i])
			p.HideAxes()
			p.Add(plotter.NewImage(img, 0, 0, mnist.Cols, mnist.Rows))
			plots[r][k] = p
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter, PadY: vg.Millimeter,
		PadTop: vg.Millimeter, PadBottom: vg.Millimeter, PadLeft: vg.Millimeter, PadRight: vg.Millimeter}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for k, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][k])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// confusionGrid is a confusion matrix as a heat map grid: column c is the
// predicted class, row r the true class counted from the top (class 0 at
// the top, as scikit-learn draws it).
type confusionGrid struct {
	z [][]float64
}

func (g confusionGrid) Dims() (c, r int)   { return len(g.z), len(g.z) }
func (g confusionGrid) Z(c, r int) float64 { return g.z[len(g.z)-1-r][c] }
func (g confusionGrid) X(c int) float64    { return float64(c) }
func (g confusionGrid) Y(r int) float64    { return float64(r) }

// confusionHeatmap draws the confusion matrix cm (rows: true classes,
// columns: predicted) as a heat map in shades of blue, each cell labelled
// with its count, or, when normalized, with its fraction of the row in
// percent (the colours then follow the fractions too).
func confusionHeatmap(path string, cm [][]int, normalized bool) error {
	n := len(cm)
	frac := make([][]float64, n)
	var hi float64
	for i, row := range cm {
		frac[i] = make([]float64, n)
		s := 0
		for _, c := range row {
			s += c
		}
		for j, c := range row {
			if normalized {
				if s > 0 {
					frac[i][j] = float64(c) / float64(s)
				}
			} else {
				frac[i][j] = float64(c)
			}
			hi = math.Max(hi, frac[i][j])
		}
	}
	p := plot.New()
	p.Title.Text = "confusion matrix"
	if normalized {
		p.Title.Text = "confusion matrix, normalised by row"
	}
	p.X.Label.Text = "predicted digit"
	p.Y.Label.Text = "true digit"
	hm := plotter.NewHeatMap(confusionGrid{frac}, brewer.Blues[9])
	hm.Min, hm.Max = 0, math.Max(hi, 1e-9)
	p.Add(hm)
	var xys plotter.XYs
	var labels []string
	for r := range n {
		for c := range n {
			v := frac[r][c]
			xys = append(xys, plotter.XY{X: float64(c), Y: float64(n - 1 - r)})
			if normalized {
				labels = append(labels, fmt.Sprintf("%.1f", 100*v))
			} else {
				labels = append(labels, fmt.Sprint(cm[r][c]))
			}
		}
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return err
	}
	for i := range lab.TextStyle {
		r, c := i/n, i%n
		lab.TextStyle[i].XAlign, lab.TextStyle[i].YAlign = -0.5, -0.5
		lab.TextStyle[i].Font.Size = vg.Points(7)
		if frac[r][c] > hi/2 {
			lab.TextStyle[i].Color = color.White
		}
	}
	p.Add(lab)
	names := make([]string, n)
	for d := range names {
		names[d] = fmt.Sprint(d)
	}
	p.NominalX(names...)
	rev := make([]string, n)
	for d := range rev {
		rev[d] = names[n-1-d]
	}
	p.NominalY(rev...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p.Save(14*vg.Centimeter, 13*vg.Centimeter, path)
}
