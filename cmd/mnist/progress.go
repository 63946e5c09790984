package main

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// epochProgress shows the progress of one epoch on a terminal: a bar with
// the samples done, samples/s, the time spent and the time left. Off a terminal (or when
// quiet) it shows nothing; the caller prints a plain line per epoch.
type epochProgress struct {
	bar   *progressbar.ProgressBar
	desc  string
	start time.Time
	last  int
}

// onTerminal reports whether standard error is a terminal.
func onTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

func newEpochProgress(show bool, epoch, epochs, samples int) *epochProgress {
	if !show {
		return &epochProgress{}
	}
	bar := progressbar.NewOptions(samples,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(fmt.Sprintf("epoch %d/%d", epoch, epochs)),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return &epochProgress{bar: bar, desc: fmt.Sprintf("epoch %d/%d", epoch, epochs), start: time.Now()}
}

// update reports the samples done so far. It touches the bar only every
// 2048 samples: the bar takes a lock and formats text, which would show
// in the epoch time if done at each batch.
func (p *epochProgress) update(done int) {
	if p.bar == nil || done-p.last < 2048 {
		return
	}
	p.last = done
	// The rate over the whole epoch so far: steadier than the bar's own.
	rate := float64(done) / time.Since(p.start).Seconds()
	p.bar.Set(done)
	p.bar.Describe(fmt.Sprintf("%s %6.0f samples/s", p.desc, rate))
}

func (p *epochProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
