package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/bpfvm"
)

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

// allowsRegs reports whether the memo holds ALLOW for the seccomp_data the
// registers of c make (nr = low 32 bits of r1, pc, r16..r21; the arch is
// always Alpha), comparing in place.
func (m *verdictMemo) allowsRegs(c *alphaemu.CPU) bool {
	e := &m.e[uint32(c.R[1])%memoSlots]
	return e.valid && e.ret == abi.SeccompRetAllow && e.sd.Nr == int32(c.R[1]) &&
		e.sd.InstructionPointer == c.PC && e.sd.Arch == abi.AuditArchAlpha &&
		e.sd.Args[0] == c.R[16] && e.sd.Args[1] == c.R[17] && e.sd.Args[2] == c.R[18] &&
		e.sd.Args[3] == c.R[19] && e.sd.Args[4] == c.R[20] && e.sd.Args[5] == c.R[21]
}

// store remembers the verdict for sd.
func (m *verdictMemo) store(sd *bpfvm.SeccompData, ret uint32, match int) {
	m.e[uint32(sd.Nr)%memoSlots] = memoEntry{sd: *sd, ret: ret, match: int32(match), valid: true}
}
