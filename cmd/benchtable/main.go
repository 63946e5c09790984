// Command benchtable turns `go test -bench` output into the table that
// `make bench` prints: one row per benchmark and path, with the median of
// its runs of the main metric (GFLOPS, GB/s or s/epoch), the share of the
// machine's FMA peak where the benchmark reports one, and the speedup over
// the naive path of the same benchmark.
//
// Usage:
//
//	go test -run '^$' -bench . -count 6 . | go run ./cmd/benchtable
//
// Benchmark names follow the project's contract:
// Benchmark<Kernel>/<path>/<size...>, e.g. BenchmarkSgemm/avx512/32x784x100/threads=1
// or BenchmarkKernels/<kernel>/<path>/<n>. Lines that are not benchmark
// results pass through to standard error untouched.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// paths are the kernel paths, in the order the table lists them.
var paths = []string{"naive", "generic", "avx2", "avx512", "avx512bf16", "neon"}

// primary lists the metrics that are a row's headline figure, with whether
// higher is better.
var primary = []struct {
	unit   string
	higher bool
}{{"GFLOPS", true}, {"GB/s", true}, {"samples/s", true}, {"s/epoch", false}, {"ns/op", false}}

const header = "kernel\tpath\tsize\tvalue\tunit\t%peak\t×naive\truns\t\n"

type row struct {
	kernel, path, size string
	metrics            map[string][]float64
	order              int
}

var gomaxprocs = regexp.MustCompile(`-\d+$`)

func main() {
	rows, err := parse(os.Stdin, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no benchmark results on standard input")
		os.Exit(1)
	}
	write(os.Stdout, rows)
}

// parse reads benchmark result lines; other lines are copied to pass.
func parse(r io.Reader, pass io.Writer) (map[string]*row, error) {
	rows := map[string]*row{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			fmt.Fprintln(pass, line)
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			fmt.Fprintln(pass, line)
			continue
		}
		kernel, path, size := split(gomaxprocs.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), ""))
		key := kernel + "\x00" + path + "\x00" + size
		rw := rows[key]
		if rw == nil {
			rw = &row{kernel: kernel, path: path, size: size, metrics: map[string][]float64{}, order: n}
			rows[key] = rw
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			rw.metrics[f[i+1]] = append(rw.metrics[f[i+1]], v)
		}
	}
	return rows, sc.Err()
}

// split finds the path element of a benchmark name: what precedes it is the
// kernel, what follows the size.
func split(name string) (kernel, path, size string) {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		if slices.Contains(paths, p) {
			return strings.Join(parts[:i], "/"), p, strings.Join(parts[i+1:], "/")
		}
	}
	return parts[0], "", strings.Join(parts[1:], "/")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// headline returns a row's main metric: its unit, median, and whether
// higher is better.
func (r *row) headline() (string, float64, bool) {
	for _, p := range primary {
		if v, ok := r.metrics[p.unit]; ok {
			return p.unit, median(v), p.higher
		}
	}
	return "", 0, false
}

func write(w io.Writer, rows map[string]*row) {
	list := make([]*row, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	pathIndex := func(p string) int { return slices.Index(paths, p) }
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.kernel != b.kernel {
			return a.order < b.order
		}
		if a.size != b.size {
			return sizeOrder(list, a) < sizeOrder(list, b)
		}
		return pathIndex(a.path) < pathIndex(b.path)
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	io.WriteString(tw, header)
	for _, r := range list {
		unit, v, higher := r.headline()
		peak := ""
		if p, ok := r.metrics["%peak"]; ok {
			peak = fmt.Sprintf("%.1f", median(p))
		}
		speed := ""
		if n, ok := rows[r.kernel+"\x00naive\x00"+r.size]; ok && r.path != "naive" {
			nu, nv, _ := n.headline()
			if nu == unit && nv > 0 && v > 0 {
				if higher {
					speed = fmt.Sprintf("%.1f", v/nv)
				} else {
					speed = fmt.Sprintf("%.1f", nv/v)
				}
			}
		}
		runs := 0
		for _, m := range r.metrics {
			runs = max(runs, len(m))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", r.kernel, r.path, r.size, format(v), unit, peak, speed, runs)
	}
	tw.Flush()
}

// sizeOrder keeps sizes in the order they first appeared for the kernel.
func sizeOrder(list []*row, r *row) int {
	best := r.order
	for _, o := range list {
		if o.kernel == r.kernel && o.size == r.size {
			best = min(best, o.order)
		}
	}
	return best
}

func format(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	case v >= 0.01:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.3g", v)
	}
}
