package kernelsim

// Linux/Alpha's software IEEE control word (asm/fpu.h) and its mapping to the
// hardware FPCR (ieee_swcr_to_fpcr, swcr_update_status on EV6), used by
// osf_getsysinfo(GSI_IEEE_FP_CONTROL) and osf_setsysinfo(SSI_IEEE_FP_CONTROL).
const (
	ieeeTrapEnableINV = 1 << 1
	ieeeTrapEnableDZE = 1 << 2
	ieeeTrapEnableOVF = 1 << 3
	ieeeTrapEnableUNF = 1 << 4
	ieeeTrapEnableINE = 1 << 5
	ieeeTrapEnableDNO = 1 << 6
	ieeeTrapEnableMsk = 0x7e
	ieeeMapDMZ        = 1 << 12
	ieeeMapUMZ        = 1 << 13
	ieeeMapMask       = ieeeMapDMZ | ieeeMapUMZ
	ieeeStatusMask    = 0x7e << 16
	ieeeSWMask        = ieeeTrapEnableMsk | ieeeStatusMask | ieeeMapMask

	fpcrDynMask = 3 << 58
	fpcrSUM     = 1 << 63
	fpcrUNDZ    = 1 << 60
	fpcrUNFD    = 1 << 61
)

// swcrToFPCR is ieee_swcr_to_fpcr.
func swcrToFPCR(sw uint64) uint64 {
	fp := (sw & ieeeStatusMask) << 35
	fp |= (sw & ieeeMapDMZ) << 36
	if sw&ieeeStatusMask != 0 {
		fp |= fpcrSUM
	}
	fp |= (^sw & (ieeeTrapEnableINV | ieeeTrapEnableDZE | ieeeTrapEnableOVF)) << 48
	fp |= (^sw & (ieeeTrapEnableUNF | ieeeTrapEnableINE)) << 57
	if sw&ieeeMapUMZ != 0 {
		fp |= fpcrUNDZ | fpcrUNFD
	}
	fp |= (^sw & ieeeTrapEnableDNO) << 41
	return fp
}

// ieeeControl is what GSI_IEEE_FP_CONTROL returns: the software control
// word with the status bits taken from the FPCR.
func (t *Thread) ieeeControl() uint64 {
	c := t.cpu
	w := c.SWCR & ieeeSWMask
	return w&^ieeeStatusMask | (c.FPCR>>35)&ieeeStatusMask
}

// setIEEEControl is SSI_IEEE_FP_CONTROL: it stores the control word and
// rebuilds the FPCR from it, keeping the dynamic rounding mode.
func (t *Thread) setIEEEControl(sw uint64) {
	c := t.cpu
	c.SWCR = c.SWCR&^ieeeSWMask | sw&ieeeSWMask
	c.FPCR = c.FPCR&fpcrDynMask | swcrToFPCR(sw)
}
