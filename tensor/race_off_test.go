//go:build !race

package tensor

// raceEnabled: built with -race (see race_on_test.go).
const raceEnabled = false
