package alphaemu

import (
	"encoding/binary"

	"github.com/axpsec/axpsec/abi"
)

// loadSlow performs a load the fast path could not: unaligned (fixed up like
// Linux's unaligned trap handler, and counted), crossing a page, or faulting.
func (c *CPU) loadSlow(a uint64, size uint64) (uint64, *Fault) {
	var buf [8]byte
	if err := c.Mem.access(buf[:size], a, ProtRead, false); err != nil {
		return 0, c.unalignedFault(err.(*Fault), a, size, false)
	}
	if a&(size-1) != 0 {
		c.UnalignedFixups++
	}
	return binary.LittleEndian.Uint64(buf[:]), nil
}

// storeSlow performs a store the fast path could not: unaligned, crossing a
// page, faulting, or hitting a page with decoded code (which it invalidates).
// Nothing is written if any byte would fault.
func (c *CPU) storeSlow(a uint64, size uint64, v uint64) *Fault {
	m := c.Mem
	for _, b := range [2]uint64{a, a + size - 1} {
		p := m.lookup(b)
		if p == nil || p.prot()&ProtWrite == 0 {
			return c.unalignedFault(&Fault{Addr: b, Write: true, Unmapped: p == nil}, a, size, true)
		}
	}
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	err := m.access(buf[:size], a, ProtWrite, true)
	c.storeDone(a, size)
	if err != nil {
		return err.(*Fault)
	}
	if a&(size-1) != 0 {
		c.UnalignedFixups++
	}
	return nil
}

// unalignedFault reports a fault of an access of size bytes at a the way
// Linux does: an unaligned access whose fix-up faults reports the access's
// own address (do_entUnaUser), an aligned one the faulting address.
func (c *CPU) unalignedFault(f *Fault, a, size uint64, write bool) *Fault {
	if a&(size-1) == 0 {
		return f
	}
	p := c.Mem.lookup(a)
	return &Fault{Addr: a, Write: write, Unmapped: p == nil}
}

// faultStop converts a memory fault into the SIGSEGV stop Linux delivers.
func faultStop(f *Fault) Stop {
	code := int32(codeSegvAcc)
	if f.Unmapped {
		code = codeSegvMap
	}
	return Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: code, Addr: f.Addr}
}

// alignStop is the SIGBUS Linux sends for an unaligned access it does not fix
// up (LDx_L, STx_C, VAX F/G loads and stores).
func alignStop(a uint64) Stop {
	return Stop{Reason: StopFault, Signal: abi.SIGBUS, Code: codeBusAdrAln, Addr: a}
}
