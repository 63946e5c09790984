package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gof32/gof32/nn"
)

// kerasConvArch is Keras's MNIST convnet example (trained there with Adam,
// batch 128, 10 % held out, 15 epochs: see `make mnist-cnn`).
const kerasConvArch = "conv32:3x3:relu,maxpool2,conv64:3x3:relu,maxpool2,flatten,dropout:0.5,10:softmax"

// convItem adds the convolutional layer item names to s, if it names one,
// and reports whether it did:
//
//	convF:KHxKW[:OPTION]...  a Conv2D of F filters; options: an activation
//	                         (relu, sigmoid, tanh, softplus, linear), same or
//	                         valid (padding, valid by default), sN or sNxM
//	                         (strides, 1 by default)
//	maxpoolN, maxpoolNxM     a MaxPool2D over N×N (N×M) windows, stride the window
//	flatten                  a Flatten
//
// The first of them declares the inputs to be 28×28×1 images (*images).
func convItem(s *nn.Sequential, item string, images *bool) (bool, error) {
	parts := strings.Split(item, ":")
	head := strings.ToLower(parts[0])
	var add func()
	switch {
	case strings.HasPrefix(head, "conv"):
		f, err := strconv.Atoi(head[4:])
		if err != nil || f < 1 || len(parts) < 2 {
			return false, fmt.Errorf("-arch: %q: a convolution is convFILTERS:KHxKW[:ACTIVATION][:same][:sSTRIDE], as in conv32:3x3:relu", item)
		}
		kh, kw, err := pair(parts[1])
		if err != nil {
			return false, fmt.Errorf("-arch: %q: kernel size %q: %v", item, parts[1], err)
		}
		cfg := nn.Conv2DConfig{Filters: f, KH: kh, KW: kw}
		for _, o := range parts[2:] {
			o = strings.ToLower(o)
			switch {
			case o == "same" || o == "valid":
				cfg.Padding = o
			case len(o) > 1 && o[0] == 's' && o[1] >= '0' && o[1] <= '9':
				if cfg.SH, cfg.SW, err = pair(o[1:]); err != nil {
					return false, fmt.Errorf("-arch: %q: strides %q: %v", item, o, err)
				}
			default:
				cfg.Activation = o
			}
		}
		add = func() { s.Conv2DConfig(cfg) }
	case strings.HasPrefix(head, "maxpool"):
		ph, pw, err := pair(head[7:])
		if err != nil || len(parts) > 1 {
			return false, fmt.Errorf("-arch: %q: a pooling is maxpoolN or maxpoolNxM, as in maxpool2", item)
		}
		add = func() { s.MaxPool2DConfig(ph, pw, ph, pw) }
	case head == "flatten" && len(parts) == 1:
		add = func() { s.Flatten() }
	default:
		return false, nil
	}
	if !*images {
		s.Input(28, 28, 1)
		*images = true
	}
	add()
	return true, nil
}

// pair reads N or NxM (N×N for N).
func pair(s string) (int, int, error) {
	a, b, two := strings.Cut(strings.ToLower(s), "x")
	n, err := strconv.Atoi(a)
	m := n
	if err == nil && two {
		m, err = strconv.Atoi(b)
	}
	if err != nil || n < 1 || m < 1 {
		return 0, 0, fmt.Errorf("want N or NxM, positive")
	}
	return n, m, nil
}
