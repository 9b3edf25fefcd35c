package kernelsim

import "github.com/axpsec/axpsec/bpfvm"

// memoSlots is the number of entries of a verdictMemo (direct-mapped by
// syscall number).
const memoSlots = 64

// verdictMemo remembers the chain's verdict for the last seccomp_data seen
// in each slot. Filters are pure functions of seccomp_data, so the verdict
// for identical data is known without running them; this covers the
// argument-dependent verdicts the constant cache cannot (a loop writing to
// the same fd from the same buffer). A new memo is made whenever the chain
// changes.
type verdictMemo struct {
	e [memoSlots]memoEntry
}

type memoEntry struct {
	sd    bpfvm.SeccompData
	ret   uint32
	match int32
	valid bool
}

// lookup returns the remembered verdict for sd.
func (m *verdictMemo) lookup(sd *bpfvm.SeccompData) (ret uint32, match int, ok bool) {
	e := &m.e[uint32(sd.Nr)%memoSlots]
	if e.valid && e.sd == *sd {
		return e.ret, int(e.match), true
	}
	return 0, 0, false
}

// store remembers the verdict for sd.
func (m *verdictMemo) store(sd *bpfvm.SeccompData, ret uint32, match int) {
	m.e[uint32(sd.Nr)%memoSlots] = memoEntry{sd: *sd, ret: ret, match: int32(match), valid: true}
}
