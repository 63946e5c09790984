package nn_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// classifier is an HTTP handler that classifies the MNIST-sized images
// (28×28 bytes each, 0 white … 255 black) posted to it, several at once
// if the body holds several, and answers with their digits as JSON. Many
// requests run at once: the Predictor gives each its own activations and
// shares the network's weights.
type classifier struct{ p *nn.Predictor }

func (c classifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const pixels = 28 * 28
	body, err := io.ReadAll(io.LimitReader(r.Body, 1000*pixels+1))
	if err != nil || len(body) == 0 || len(body)%pixels != 0 || len(body) > 1000*pixels {
		http.Error(w, fmt.Sprintf("want 1 to 1000 images of %d bytes, got %d bytes", pixels, len(body)), http.StatusBadRequest)
		return
	}
	x := tensor.Zeros(len(body)/pixels, pixels)
	for i, b := range body {
		x.Data()[i] = float32(b) / 255
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string][]int{"digits": c.p.Predict(nil, x)})
}

// Example_serve serves a network over HTTP from many goroutines. The
// network here is untrained (a real server loads one: nn.Load), so the
// example shows the plumbing, not the digits.
func Example_serve() {
	net, err := nn.NewMLP(216091, 784, 100, 200, 10)
	if err != nil {
		panic(err)
	}
	p, err := nn.NewPredictor(net)
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(classifier{p})
	defer srv.Close()

	images := make([]byte, 3*784) // three blank images
	resp, err := http.Post(srv.URL, "application/octet-stream", bytes.NewReader(images))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var answer struct{ Digits []int }
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		panic(err)
	}
	fmt.Println(resp.Status, len(answer.Digits), "digits")

	resp, err = http.Post(srv.URL, "application/octet-stream", bytes.NewReader(images[:100]))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// 200 OK 3 digits
	// 400 Bad Request
}
