package bpfvm

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// dataFromBytes fills a SeccompData from up to 64 little-endian bytes.
func dataFromBytes(b []byte) SeccompData {
	var buf [dataSize]byte
	copy(buf[:], b)
	d := SeccompData{Nr: int32(binary.LittleEndian.Uint32(buf[0:])), Arch: binary.LittleEndian.Uint32(buf[4:]),
		InstructionPointer: binary.LittleEndian.Uint64(buf[8:])}
	for i := range d.Args {
		d.Args[i] = binary.LittleEndian.Uint64(buf[16+8*i:])
	}
	return d
}

func fuzzSeeds(f *testing.F, add func(prog []byte)) {
	add(EncodeRaw(sampleProg()))
	add(EncodeRaw(argFilter()))
	add(EncodeRaw(allowList(abi.AuditArchAlpha, []int{3, 4}, abi.SeccompRetErrno|1)))
	add(EncodeRaw([]bpf.RawInstruction{ri(opcLdxImm, 0, 0, 0), ri(0x3c, 0, 0, 0), ri(opcSt, 0, 0, 1), ri(opcLdMem, 0, 0, 1), ri(opcRetA, 0, 0, 0)}))
	add(EncodeRaw([]bpf.RawInstruction{ri(opcLdAbsH, 0, 0, 0), retAllow}))
	add(nil)
}

// FuzzLoad feeds arbitrary bytes to LoadBytes: it must never panic, must
// reject with a *ValidationError, and accepted programs must run like the
// reference interpreter. Every decodable program must round-trip through
// the text form.
func FuzzLoad(f *testing.F) {
	fuzzSeeds(f, func(p []byte) { f.Add(p) })
	inputs := []SeccompData{{}, alphaCall("ioctl", 1, 0x5401), {Nr: -1, Arch: 0xffffffff, InstructionPointer: ^uint64(0), Args: [6]uint64{^uint64(0), 1, 2, 3, 4, 5}}}
	f.Fuzz(func(t *testing.T, b []byte) {
		insns, derr := DecodeRaw(b)
		p, err := LoadBytes(b)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Errno == 0 || ve.Rule == "" {
				t.Fatalf("LoadBytes error %v is not a complete *ValidationError", err)
			}
		} else {
			for _, d := range inputs {
				if got, want := p.Run(&d), refRun(insns, d.Bytes()); got != want {
					t.Fatalf("Run = %#x, reference = %#x", got, want)
				}
			}
		}
		if derr != nil {
			return
		}
		text := Disassemble(insns, DisasmOptions{})
		back, err := Assemble(text, AsmOptions{})
		if err != nil || !slices.Equal(back, insns) {
			t.Fatalf("round trip failed (%v):\n%s", err, text)
		}
	})
}

// FuzzRun compares Run, Trace and the reference interpreter on arbitrary
// programs and inputs.
func FuzzRun(f *testing.F) {
	fuzzSeeds(f, func(p []byte) { f.Add(p, []byte{3, 0, 0, 0, 0x26, 0x90, 0, 0xc0}) })
	f.Fuzz(func(t *testing.T, b, data []byte) {
		p, err := LoadBytes(b)
		if err != nil {
			return
		}
		d := dataFromBytes(data)
		got := p.Run(&d)
		if want := refRun(p.Instructions(), d.Bytes()); got != want {
			t.Fatalf("Run = %#x, reference = %#x", got, want)
		}
		if tr, _ := p.Trace(&d); tr != got {
			t.Fatalf("Trace = %#x, Run = %#x", tr, got)
		}
	})
}

// FuzzCache checks every cached verdict of an arbitrary program (attached
// after a fixed allow-list) against full evaluation with fuzzed args and ip.
func FuzzCache(f *testing.F) {
	fuzzSeeds(f, func(p []byte) { f.Add(p, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}) })
	base := mustLoad(f, allowList(abi.AuditArchAlpha, []int{1, 2, 3, 4, 45, 64, 71}, abi.SeccompRetTrap|3))
	f.Fuzz(func(t *testing.T, b, data []byte) {
		p, err := LoadBytes(b)
		if err != nil {
			return
		}
		c := mustAttach(t, mustAttach(t, nil, base), p)
		k := c.Cache(abi.Alpha)
		d := dataFromBytes(data)
		d.Arch = abi.AuditArchAlpha
		for nr := 0; nr < k.Size(); nr++ {
			ret, m, ok := k.LookupMatch(int32(nr))
			if !ok {
				continue
			}
			d.Nr = int32(nr)
			if got, gm := c.Run(&d); got != ret || gm != m {
				t.Fatalf("nr %d: cache %#x (filter %d), Run %#x (filter %d)", nr, ret, m, got, gm)
			}
		}
	})
}

// FuzzAssemble feeds arbitrary text to Assemble: it must never panic, and
// whatever it accepts must survive Disassemble → Assemble unchanged.
func FuzzAssemble(f *testing.F) {
	f.Add(sampleText)
	f.Add(emuSample)
	f.Add("x: if (!(A & X)) goto y else goto next\ny: .insn 0x6, 0, 0, 0x7fff0000")
	f.Fuzz(func(t *testing.T, text string) {
		insns, err := Assemble(text, AsmOptions{})
		if err != nil {
			var ae *AsmError
			if !errors.As(err, &ae) {
				t.Fatalf("Assemble error %v is not an *AsmError", err)
			}
			return
		}
		out := Disassemble(insns, DisasmOptions{})
		back, err := Assemble(out, AsmOptions{})
		if err != nil || !slices.Equal(back, insns) {
			t.Fatalf("round trip failed (%v):\n%s", err, out)
		}
	})
}

const emuSample = `# arch: x86_64
	A = arch
	if (A == ARCH_X86_64) goto ok else goto bad
ok:	A = sys_number
	if (A >= 0x40000000) goto bad
	if (A == openat) goto bad
	A = args[2] >> 32
	A &= 0xff
	mem[3] = A
	X = mem[3]
	A = instruction_pointer
	if (A > X) goto bad
	return ALLOW
bad:	return ERRNO(1)
`
