package alphaemu

// FPCR bits (Alpha Architecture Handbook table 4-11). Only bits 63:47 exist.
const (
	fpcrSUM  = 1 << 63 // summary: OR of the status bits 57:52
	fpcrINED = 1 << 62 // inexact trap disable
	fpcrUNFD = 1 << 61 // underflow trap disable
	fpcrUNDZ = 1 << 60 // underflow to zero (with UNFD)
	fpcrDYN  = 3 << 58 // dynamic rounding mode
	fpcrIOV  = 1 << 57 // integer overflow status
	fpcrINE  = 1 << 56 // inexact status
	fpcrUNF  = 1 << 55 // underflow status
	fpcrOVF  = 1 << 54 // overflow status
	fpcrDZE  = 1 << 53 // division by zero status
	fpcrINV  = 1 << 52 // invalid operation status
	fpcrOVFD = 1 << 51 // overflow trap disable
	fpcrDZED = 1 << 50 // division by zero trap disable
	fpcrINVD = 1 << 49 // invalid operation trap disable
	fpcrDNZ  = 1 << 48 // denormal operands to zero
	fpcrDNOD = 1 << 47 // denormal operand trap disable

	fpcrStatus   = fpcrIOV | fpcrINE | fpcrUNF | fpcrOVF | fpcrDZE | fpcrINV
	fpcrMask     = ^uint64(1<<47 - 1) // bits 46:0 read as zero
	fpcrDynShift = 58
)

// SWCR bits: Linux's per-thread IEEE software control word (asm/fpu.h).
const (
	swcrEnaINV = 1 << 1 // trap enables
	swcrEnaDZE = 1 << 2
	swcrEnaOVF = 1 << 3
	swcrEnaUNF = 1 << 4
	swcrEnaINE = 1 << 5
	swcrEnaDNO = 1 << 6
	swcrEnable = swcrEnaINV | swcrEnaDZE | swcrEnaOVF | swcrEnaUNF | swcrEnaINE | swcrEnaDNO

	swcrMapDMZ = 1 << 12 // map denormal inputs to zero
	swcrMapUMZ = 1 << 13 // map underflowed outputs to zero
	swcrMap    = swcrMapDMZ | swcrMapUMZ

	swcrStaINV = 1 << 17 // status bits
	swcrStaDZE = 1 << 18
	swcrStaOVF = 1 << 19
	swcrStaUNF = 1 << 20
	swcrStaINE = 1 << 21
	swcrStaDNO = 1 << 22
	swcrStatus = swcrStaINV | swcrStaDZE | swcrStaOVF | swcrStaUNF | swcrStaINE | swcrStaDNO

	swcrSWMask = swcrEnable | swcrStatus | swcrMap

	// swcrStatusToEnable is the distance from a status bit to its enable bit.
	swcrStatusToEnable = 16
)

// SIGFPE si_code values (asm-generic/siginfo.h); FPE_FLTINV is codeFltInv.
const (
	fpeFltDiv = 3
	fpeFltOvf = 4
	fpeFltUnd = 5
	fpeFltRes = 6
	fpeFltUnk = 14
)

// ieeeSWCRToFPCR converts SWCR enables, status and mapping bits to the FPCR
// value Linux writes for them (ieee_swcr_to_fpcr).
func ieeeSWCRToFPCR(sw uint64) uint64 {
	fp := (sw & swcrStatus) << 35
	fp |= (sw & swcrMapDMZ) << 36
	if sw&swcrStatus != 0 {
		fp |= fpcrSUM
	}
	fp |= (^sw & (swcrEnaINV | swcrEnaDZE | swcrEnaOVF)) << 48
	fp |= (^sw & (swcrEnaUNF | swcrEnaINE)) << 57
	if sw&swcrMapUMZ != 0 {
		fp |= fpcrUNDZ | fpcrUNFD
	}
	fp |= (^sw & swcrEnaDNO) << 41
	return fp
}

// SetIEEEControl implements osf_setsysinfo(SSI_IEEE_FP_CONTROL): it stores
// the SWCR enables, status and mapping bits, and rewrites the FPCR from them
// while keeping its dynamic rounding mode.
func (c *CPU) SetIEEEControl(swcr uint64) {
	c.SWCR = c.SWCR&^swcrSWMask | swcr&swcrSWMask
	c.FPCR = c.FPCR&fpcrDYN | ieeeSWCRToFPCR(swcr)
}

// IEEEControl implements osf_getsysinfo(GSI_IEEE_FP_CONTROL): the SWCR with
// its status bits replaced by the FPCR's (as Linux does on EV6).
func (c *CPU) IEEEControl() uint64 {
	return c.SWCR&swcrSWMask&^swcrStatus | (c.FPCR>>35)&swcrStatus
}

// RaiseIEEE implements osf_setsysinfo(SSI_IEEE_RAISE_EXCEPTION): it ORs the
// SWCR status bits in exc into the SWCR and the FPCR and reports the SIGFPE
// si_code to deliver when a raised exception is enabled in the SWCR.
func (c *CPU) RaiseIEEE(exc uint64) (code int32, signal bool) {
	exc &= swcrStatus
	sw := c.SWCR&swcrSWMask | exc
	c.SWCR |= exc
	c.FPCR |= ieeeSWCRToFPCR(sw)
	fex := exc >> swcrStatusToEnable & sw
	if fex == 0 {
		return 0, false
	}
	return fpSWCRCode(fex, fpeFltUnk), true
}

// fpSWCRCode picks the si_code for the enabled exceptions fex (SWCR enable
// bits), with Linux's priority INV > DZE > OVF > UNF > INE > DNO.
func fpSWCRCode(fex uint64, dflt int32) int32 {
	switch {
	case fex&swcrEnaINV != 0:
		return codeFltInv
	case fex&swcrEnaDZE != 0:
		return fpeFltDiv
	case fex&swcrEnaOVF != 0:
		return fpeFltOvf
	case fex&swcrEnaUNF != 0:
		return fpeFltUnd
	case fex&swcrEnaINE != 0:
		return fpeFltRes
	case fex&swcrEnaDNO != 0:
		return fpeFltUnd
	}
	return dflt
}

// fpWriteFPCR is mt_fpcr: bits 46:0 are dropped and SUM follows the status bits.
func (c *CPU) fpWriteFPCR(v uint64) {
	v &= fpcrMask &^ fpcrSUM
	if v&fpcrStatus != 0 {
		v |= fpcrSUM
	}
	c.FPCR = v
}
