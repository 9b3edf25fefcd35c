package alphaemu

import (
	"encoding/binary"
	"testing"
)

// FuzzExecute runs arbitrary instruction words: the CPU must never panic,
// must keep R31 zero, and must stop with a fault, a PAL call or the limit.
func FuzzExecute(f *testing.F) {
	f.Add([]byte{0x1f, 0x04, 0xff, 0x47, 0x83, 0, 0, 0})
	f.Add([]byte{0x00, 0x00, 0x3f, 0xa4, 0xff, 0xff, 0xff, 0xc3})                                                 // ldq t0,0(zero); br .
	f.Add([]byte{0x00, 0x00, 0x30, 0xa8, 0x01, 0x00, 0x21, 0x40, 0x00, 0x00, 0x30, 0xb8})                         // ldl_l/addl/stl_c
	f.Add([]byte{0x86, 0, 0, 0, 0x00, 0x00, 0x70, 0xb4, 0xfd, 0xff, 0xff, 0xc3})                                  // imb; stq a0; br
	f.Add([]byte{0x02, 0x00, 0x22, 0x44, 0x02, 0x00, 0xe2, 0x43, 0x01, 0x30, 0x20, 0x44, 0x21, 0x01, 0xe1, 0x43}) // and; sextl; and 1; negl
	f.Fuzz(func(t *testing.T, code []byte) {
		if len(code) > PageSize {
			code = code[:PageSize]
		}
		words := make([]uint32, (len(code)+3)/4)
		buf := make([]byte, len(words)*4)
		copy(buf, code)
		for i := range words {
			words[i] = binary.LittleEndian.Uint32(buf[i*4:])
		}
		c := cpuWithWords(t, words)
		// Make the code page writable too, so self-modification is exercised.
		c.Mem.Protect(codeBase, PageSize, ProtRead|ProtWrite|ProtExec)
		// The second data page is demand-zero, like the stack.
		if err := c.Mem.MapLazy(dataBase+PageSize, PageSize, ProtRead|ProtWrite|ProtExec); err != nil {
			t.Fatal(err)
		}
		for i := range c.R[:31] {
			c.R[i] = dataBase + uint64(i)*0x101
		}
		c.R[30] = codeBase + 64
		for stops := 0; stops < 20; stops++ {
			st := c.Run(c.Retired + 5000)
			if c.R[31] != 0 {
				t.Fatalf("R31 = %#x after %+v", c.R[31], st)
			}
			if st.Reason == StopFault {
				if st.Signal == 0 {
					t.Fatalf("fault stop without signal: %+v", st)
				}
				return
			}
		}
	})
}
