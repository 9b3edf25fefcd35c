package bpfvm

// Classic BPF opcode fields (include/uapi/linux/bpf_common.h, filter.h).
const (
	classLD   = 0x00
	classLDX  = 0x01
	classST   = 0x02
	classSTX  = 0x03
	classALU  = 0x04
	classJMP  = 0x05
	classRET  = 0x06
	classMISC = 0x07

	sizeW = 0x00
	sizeH = 0x08
	sizeB = 0x10

	modeIMM = 0x00
	modeABS = 0x20
	modeIND = 0x40
	modeMEM = 0x60
	modeLEN = 0x80
	modeMSH = 0xa0

	aluADD = 0x00
	aluSUB = 0x10
	aluMUL = 0x20
	aluDIV = 0x30
	aluOR  = 0x40
	aluAND = 0x50
	aluLSH = 0x60
	aluRSH = 0x70
	aluNEG = 0x80
	aluMOD = 0x90
	aluXOR = 0xa0

	jmpJA   = 0x00
	jmpJEQ  = 0x10
	jmpJGT  = 0x20
	jmpJGE  = 0x30
	jmpJSET = 0x40

	srcK = 0x00
	srcX = 0x08

	retK = 0x00
	retA = 0x10

	miscTAX = 0x00
	miscTXA = 0x80
)

// Full opcodes used by the validator, the analyser and the text forms.
const (
	opcLdAbsW  = classLD | sizeW | modeABS  // 0x20
	opcLdLen   = classLD | sizeW | modeLEN  // 0x80
	opcLdxLen  = classLDX | sizeW | modeLEN // 0x81
	opcLdImm   = classLD | modeIMM          // 0x00
	opcLdxImm  = classLDX | modeIMM         // 0x01
	opcLdMem   = classLD | modeMEM          // 0x60
	opcLdxMem  = classLDX | modeMEM         // 0x61
	opcSt      = classST                    // 0x02
	opcStx     = classSTX                   // 0x03
	opcNeg     = classALU | aluNEG          // 0x84
	opcJa      = classJMP | jmpJA           // 0x05
	opcRetK    = classRET | retK            // 0x06
	opcRetA    = classRET | retA            // 0x16
	opcTax     = classMISC | miscTAX        // 0x07
	opcTxa     = classMISC | miscTXA        // 0x87
	opcLdAbsH  = classLD | sizeH | modeABS  // 0x28
	opcLdAbsB  = classLD | sizeB | modeABS  // 0x30
	opcLdIndW  = classLD | sizeW | modeIND  // 0x40
	opcLdIndH  = classLD | sizeH | modeIND  // 0x48
	opcLdIndB  = classLD | sizeB | modeIND  // 0x50
	opcLdxMsh  = classLDX | sizeB | modeMSH // 0xb1
	opcDivK    = classALU | aluDIV | srcK   // 0x34
	opcModK    = classALU | aluMOD | srcK   // 0x94
	opcLshK    = classALU | aluLSH | srcK   // 0x64
	opcRshK    = classALU | aluRSH | srcK   // 0x74
	skfAdOff   = 0xfffff000                 // SKF_AD_OFF: start of ancillary loads
	skfAdMax   = 64                         // SKF_AD_MAX: ancillary offsets are below SKF_AD_OFF+SKF_AD_MAX
	maxInsns   = 4096                       // BPF_MAXINSNS
	memWords   = 16                         // BPF_MEMWORDS
	dataSize   = 64                         // sizeof(struct seccomp_data)
	maxPathLen = 1 << 18 / 8                // MAX_INSNS_PER_PATH: 32768
)

// aluOps lists the ALU operations seccomp allows with both K and X operands.
var aluOps = [...]uint16{aluADD, aluSUB, aluMUL, aluDIV, aluOR, aluAND, aluLSH, aluRSH, aluXOR}

// jmpConds lists the conditional jumps, with both K and X operands.
var jmpConds = [...]uint16{jmpJEQ, jmpJGT, jmpJGE, jmpJSET}
