package guard

// Side says which end of a slice touches a guard page.
type Side int

const (
	// After puts the slice's last element immediately before a PROT_NONE
	// page: touching x[len(x)] faults.
	After Side = iota
	// Before puts the slice's first element immediately after a PROT_NONE
	// page: touching x[-1] faults.
	Before
)

// Sides lists both, for tests that loop over them.
var Sides = []Side{After, Before}

func (s Side) String() string {
	if s == Before {
		return "before"
	}
	return "after"
}
