package alphaemu

import (
	"encoding/binary"
	"testing"

	"github.com/axpsec/axpsec/alphaemu/asm"
)

// Test address space: code at codeBase (R+X), data at dataBase (R+W, two pages).
const (
	codeBase = 0x120000000
	dataBase = 0x140000000
)

// newTestCPU assembles src at codeBase into a fresh address space.
func newTestCPU(t testing.TB, src string) *CPU {
	t.Helper()
	words, err := asm.Assemble(src, codeBase)
	if err != nil {
		t.Fatalf("assemble: %v\n%s", err, src)
	}
	return cpuWithWords(t, words)
}

// cpuWithWords places words at codeBase.
func cpuWithWords(t testing.TB, words []uint32) *CPU {
	t.Helper()
	m := NewMemory()
	codeSize := uint64(len(words)*4+PageSize-1) &^ pageMask
	if err := m.Map(codeBase, codeSize, ProtRead|ProtExec); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len(words)*4)
	for i, w := range words {
		binary.LittleEndian.PutUint32(buf[i*4:], w)
	}
	if err := m.Poke(buf, codeBase); err != nil {
		t.Fatal(err)
	}
	if err := m.Map(dataBase, 2*PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	c := NewCPU(m)
	c.PC = codeBase
	return c
}

// runToCallsys runs until the first stop and requires it to be a callsys.
func runToCallsys(t testing.TB, c *CPU) {
	t.Helper()
	st := c.Run(1 << 40)
	if st.Reason != StopCallsys {
		t.Fatalf("stopped with %+v at pc %#x, want callsys", st, c.PC)
	}
}

// regNum maps the register names used in test tables to numbers.
var regNum = map[string]int{
	"v0": 0, "t0": 1, "t1": 2, "t2": 3, "t3": 4, "t4": 5, "t5": 6, "t6": 7, "t7": 8,
	"s0": 9, "s1": 10, "a0": 16, "a1": 17, "a2": 18, "a3": 19, "a4": 20, "ra": 26, "pv": 27,
	"sp": 30, "zero": 31,
}

func reg(t testing.TB, name string) int {
	t.Helper()
	n, ok := regNum[name]
	if !ok {
		t.Fatalf("unknown register %q in test table", name)
	}
	return n
}
