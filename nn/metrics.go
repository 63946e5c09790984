package nn

import "fmt"

// ConfusionMatrix returns the classes×classes matrix whose element [t][p]
// counts the samples of true class t predicted as p (scikit-learn's
// confusion_matrix): the diagonal holds the right answers. It panics on a
// class outside [0, classes) or on slices of different lengths.
func ConfusionMatrix(pred, labels []int, classes int) [][]int {
	if len(pred) != len(labels) || classes < 1 {
		panic(fmt.Sprintf("nn.ConfusionMatrix: %d predictions, %d labels, %d classes", len(pred), len(labels), classes))
	}
	cm := make([][]int, classes)
	for i := range cm {
		cm[i] = make([]int, classes)
	}
	for i, p := range pred {
		t := labels[i]
		if uint(t) >= uint(classes) || uint(p) >= uint(classes) {
			panic(fmt.Sprintf("nn.ConfusionMatrix: sample %d: label %d, prediction %d outside [0, %d)", i, t, p, classes))
		}
		cm[t][p]++
	}
	return cm
}

// NormalizeRows returns the confusion matrix with each row divided by its
// sum: element [t][p] is the fraction of the samples of class t predicted
// as p, the diagonal the recall of each class. A row without samples
// stays 0.
func NormalizeRows(cm [][]int) [][]float64 {
	out := make([][]float64, len(cm))
	for i, row := range cm {
		out[i] = make([]float64, len(row))
		s := 0
		for _, c := range row {
			s += c
		}
		if s == 0 {
			continue
		}
		for j, c := range row {
			out[i][j] = float64(c) / float64(s)
		}
	}
	return out
}
