package alphaemu

// Decoding of the FP operate formats (opcodes 0x14-0x17): fn11 = insn<15:5>.
// Only the function codes the architecture defines are accepted; everything
// else is OPCDEC (SIGILL).

// FP operations after decoding.
const (
	fpOpInvalid = iota
	fpOpADDS
	fpOpSUBS
	fpOpMULS
	fpOpDIVS
	fpOpADDT
	fpOpSUBT
	fpOpMULT
	fpOpDIVT
	fpOpCMPTUN
	fpOpCMPTEQ
	fpOpCMPTLT
	fpOpCMPTLE
	fpOpCVTTS
	fpOpCVTST
	fpOpCVTTQ
	fpOpCVTQS
	fpOpCVTQT
	fpOpSQRTS
	fpOpSQRTT
	fpOpITOFS
	fpOpITOFF
	fpOpITOFT
	fpOpSQRTF
	fpOpSQRTG
	fpOpADDF
	fpOpSUBF
	fpOpMULF
	fpOpDIVF
	fpOpADDG
	fpOpSUBG
	fpOpMULG
	fpOpDIVG
	fpOpCMPGEQ
	fpOpCMPGLT
	fpOpCMPGLE
	fpOpCVTGF
	fpOpCVTGQ
	fpOpCVTQF
	fpOpCVTQG
	fpOpCVTDG
	fpOpCVTGD
)

// Qualifier bits of fn11.
const (
	fpQualRnd   = 3 << 6 // IEEE rounding: 0 /C, 1 /M, 2 normal, 3 /D
	fpQualU     = 1 << 8 // underflow enable (/V for integer results)
	fpQualI     = 1 << 9 // inexact enable
	fpQualS     = 1 << 10
	fpQualVAXRn = 1 << 7 // VAX: 1 = normal rounding, 0 = chopped
)

var (
	fpTable14 = fpBuildTable14()
	fpTable15 = fpBuildTable15()
	fpTable16 = fpBuildTable16()
)

// fpIEEETraps are the trap qualifier sets of IEEE arithmetic: none, /U, /SU, /SUI.
var fpIEEETraps = []uint32{0, 1, 5, 7}

func fpBuildTable16() *[2048]uint8 {
	t := new([2048]uint8)
	arith := map[uint32]uint8{
		0x00: fpOpADDS, 0x01: fpOpSUBS, 0x02: fpOpMULS, 0x03: fpOpDIVS,
		0x20: fpOpADDT, 0x21: fpOpSUBT, 0x22: fpOpMULT, 0x23: fpOpDIVT,
		0x2C: fpOpCVTTS, 0x2F: fpOpCVTTQ,
	}
	for op6, op := range arith {
		for _, trap := range fpIEEETraps {
			for rnd := uint32(0); rnd < 4; rnd++ {
				t[trap<<8|rnd<<6|op6] = op
			}
		}
	}
	for i, op := range []uint8{fpOpCMPTUN, fpOpCMPTEQ, fpOpCMPTLT, fpOpCMPTLE} {
		t[0x0A4+i] = op
		t[0x5A4+i] = op
	}
	t[0x2AC] = fpOpCVTST
	t[0x6AC] = fpOpCVTST
	for rnd := uint32(0); rnd < 4; rnd++ {
		for _, trap := range []uint32{0, 7} {
			t[trap<<8|rnd<<6|0x3C] = fpOpCVTQS
			t[trap<<8|rnd<<6|0x3E] = fpOpCVTQT
		}
	}
	return t
}

func fpBuildTable14() *[2048]uint8 {
	t := new([2048]uint8)
	t[0x004] = fpOpITOFS
	t[0x014] = fpOpITOFF
	t[0x024] = fpOpITOFT
	for _, trap := range fpIEEETraps {
		for rnd := uint32(0); rnd < 4; rnd++ {
			t[trap<<8|rnd<<6|0x0B] = fpOpSQRTS
			t[trap<<8|rnd<<6|0x2B] = fpOpSQRTT
		}
	}
	for _, trap := range []uint32{0, 1, 4, 5} {
		for rn := uint32(0); rn < 2; rn++ {
			t[trap<<8|rn<<7|0x0A] = fpOpSQRTF
			t[trap<<8|rn<<7|0x2A] = fpOpSQRTG
		}
	}
	return t
}

func fpBuildTable15() *[2048]uint8 {
	t := new([2048]uint8)
	full := map[uint32]uint8{
		0x00: fpOpADDF, 0x01: fpOpSUBF, 0x02: fpOpMULF, 0x03: fpOpDIVF,
		0x20: fpOpADDG, 0x21: fpOpSUBG, 0x22: fpOpMULG, 0x23: fpOpDIVG,
		0x1E: fpOpCVTDG, 0x2C: fpOpCVTGF, 0x2D: fpOpCVTGD, 0x2F: fpOpCVTGQ,
	}
	for op6, op := range full {
		for _, trap := range []uint32{0, 1, 4, 5} {
			for rn := uint32(0); rn < 2; rn++ {
				t[trap<<8|rn<<7|op6] = op
			}
		}
	}
	for i, op := range []uint8{fpOpCMPGEQ, fpOpCMPGLT, fpOpCMPGLE} {
		t[0x0A5+i] = op
		t[0x4A5+i] = op
	}
	for rn := uint32(0); rn < 2; rn++ {
		t[rn<<7|0x3C] = fpOpCVTQF
		t[rn<<7|0x3E] = fpOpCVTQG
	}
	return t
}
