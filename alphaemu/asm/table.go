package asm

import "sync"

// argKind is the kind of one printed operand.
type argKind uint8

const (
	argRA      argKind = iota + 1 // integer register in bits 25:21
	argRB                         // integer register in bits 20:16
	argRC                         // integer register in bits 4:0
	argFA                         // FP register in bits 25:21
	argFB                         // FP register in bits 20:16
	argFC                         // FP register in bits 4:0
	argLit                        // 8-bit zero-extended literal in bits 20:13
	argMem                        // disp16(rb)
	argDisp                       // disp16 alone (rb = 31)
	argParenRB                    // (rb)
	argBranch                     // 21-bit instruction displacement, printed as the target address
	argJmpHint                    // 14-bit jump hint, printed as the target address it predicts
	argHint                       // 14-bit hint, printed as a number
	argPal                        // 26-bit PALcode function
)

// Instruction fields.
const (
	fieldOp   uint32 = 0x3f << 26
	fieldRA   uint32 = 0x1f << 21
	fieldRB   uint32 = 0x1f << 16
	fieldRC   uint32 = 0x1f
	fieldLit  uint32 = 0xff << 13
	fieldIsL  uint32 = 1 << 12
	fieldFn7  uint32 = 0x7f << 5
	fieldFn11 uint32 = 0x7ff << 5
	fieldD16  uint32 = 0xffff
	fieldD21  uint32 = 0x1fffff
	fieldHint uint32 = 0x3fff
	fieldKind uint32 = 3 << 14
	fieldPal  uint32 = 0x3ffffff
)

// field returns the bits an operand kind occupies.
func (k argKind) field() uint32 {
	switch k {
	case argRA, argFA:
		return fieldRA
	case argRB, argFB, argParenRB:
		return fieldRB
	case argRC, argFC:
		return fieldRC
	case argLit:
		return fieldLit
	case argMem:
		return fieldRB | fieldD16
	case argDisp:
		return fieldD16
	case argBranch:
		return fieldD21
	case argJmpHint, argHint:
		return fieldHint
	case argPal:
		return fieldPal
	}
	return 0
}

// Register-equality constraints that a mask cannot express.
const (
	sameAB  = 1 << iota // rb must equal ra (printed once, as ra)
	sameABC             // rb and rc must equal ra
)

// form is one row of the instruction table: a word w is this form when
// w&mask == bits and the constraint holds. Rows are tried in order, so
// pseudo-ops precede the instruction they specialise, as objdump does.
type form struct {
	name  string
	bits  uint32
	mask  uint32
	args  []argKind
	same  uint8
	alias bool   // objdump prints it, but another row is the canonical encoding of the same text
	dis   bool   // used for disassembly (false: an assembler-only spelling)
	extra uint32 // bits the assembler sets in fields the text does not show
}

// ignored returns the bits of a word the text of this form does not determine.
func (f *form) ignored() uint32 {
	covered := f.mask
	for _, a := range f.args {
		covered |= a.field()
	}
	if f.same&sameAB != 0 {
		covered |= fieldRA | fieldRB
	}
	if f.same&sameABC != 0 {
		covered |= fieldRA | fieldRB | fieldRC
	}
	return ^covered
}

// matches reports whether w is an instance of f.
func (f *form) matches(w uint32) bool {
	if w&f.mask != f.bits {
		return false
	}
	ra, rb, rc := w>>21&31, w>>16&31, w&31
	switch {
	case f.same&sameAB != 0:
		return ra == rb
	case f.same&sameABC != 0:
		return ra == rb && rb == rc
	}
	return true
}

const r31 = 31

func op(o uint32) uint32 { return o << 26 }

var (
	forms    []*form                // every row, in table order
	byOpcode [64][]*form            // disassembly rows per primary opcode
	byName   = map[string][]*form{} // assembly rows per mnemonic
	aliases  = map[string]string{   // other spellings gas accepts
		"bis":           "or",
		"bic":           "andnot",
		"xornot":        "eqv",
		"jsr_coroutine": "jcr",
	}
)

// add adds a row used in both directions.
func add(f form) {
	f.dis = true
	addForm(f)
}

// addAsm adds an assembler-only spelling.
func addAsm(f form) { addForm(f) }

// addForm records f in the row lists it belongs to.
func addForm(f form) {
	p := &f
	forms = append(forms, p)
	if p.dis {
		o := p.bits >> 26
		byOpcode[o] = append(byOpcode[o], p)
	}
	if !p.alias {
		byName[p.name] = append(byName[p.name], p)
	}
}

const (
	oprMask  = fieldOp | fieldIsL | fieldFn7
	fpMask   = fieldOp | fieldFn11
	miscMask = fieldOp | 0xffff
	memMask  = fieldOp
	jmpMask  = fieldOp | fieldKind
)

func oprBits(o, fn uint32) uint32 { return op(o) | fn<<5 }

// opr adds the register and literal forms of an integer operate instruction.
func opr(name string, o, fn uint32) {
	b := oprBits(o, fn)
	add(form{name: name, bits: b, mask: oprMask, args: []argKind{argRA, argRB, argRC}})
	add(form{name: name, bits: b | fieldIsL, mask: oprMask, args: []argKind{argRA, argLit, argRC}})
}

// oprZA adds a two-operand pseudo-op or instruction that requires ra = 31.
func oprZA(name string, o, fn uint32) {
	b := oprBits(o, fn) | r31<<21
	m := oprMask | fieldRA
	add(form{name: name, bits: b, mask: m, args: []argKind{argRB, argRC}})
	add(form{name: name, bits: b | fieldIsL, mask: m, args: []argKind{argLit, argRC}})
}

// fp adds a three-operand FP operate instruction.
func fp(name string, o, fn uint32) {
	add(form{name: name, bits: op(o) | fn<<5, mask: fpMask, args: []argKind{argFA, argFB, argFC}})
}

// fpZA adds a two-operand FP instruction that requires fa = 31.
func fpZA(name string, o, fn uint32) {
	add(form{name: name, bits: op(o) | r31<<21 | fn<<5, mask: fpMask | fieldRA, args: []argKind{argFB, argFC}})
}

// qual is one qualifier: its spelling and its value in the function field.
type qual struct {
	s string
	v uint32
}

// Qualifier spellings. IEEE: trap bits 10:8 and rounding bits 7:6; VAX:
// trap bits 10:8 and rounding bit 7.
var (
	ieeeTraps   = []qual{{"", 0}, {"u", 1}, {"su", 5}, {"sui", 7}}
	ieeeTrapsV  = []qual{{"", 0}, {"v", 1}, {"sv", 5}, {"svi", 7}}
	ieeeRounds  = []qual{{"c", 0}, {"m", 1}, {"", 2}, {"d", 3}}
	negTraps    = []qual{{"", 0}, {"su", 5}, {"sui", 7}}
	negVaxTraps = []qual{{"", 0}, {"s", 4}}
	vaxTraps    = []qual{{"", 0}, {"u", 1}, {"s", 4}, {"su", 5}}
	vaxTrapsV   = []qual{{"", 0}, {"v", 1}, {"s", 4}, {"sv", 5}}
	vaxRounds   = []qual{{"c", 0}, {"", 1}}
	cvtqxTraps  = []qual{{"", 0}, {"sui", 7}}
	noRoundings = []qual{{"", 2}}
)

func qualName(base, trap, rnd string) string {
	if trap+rnd == "" {
		return base
	}
	return base + "/" + trap + rnd
}

// ieee calls emit for each trap × rounding qualifier of an IEEE function.
func ieee(traps, rounds []qual, base string, fn uint32, emit func(string, uint32)) {
	for _, t := range traps {
		for _, r := range rounds {
			emit(qualName(base, t.s, r.s), t.v<<8|r.v<<6|fn)
		}
	}
}

// vax calls emit for each trap × rounding qualifier of a VAX function (rounding in bit 7).
func vax(traps, rounds []qual, base string, fn uint32, emit func(string, uint32)) {
	for _, t := range traps {
		for _, r := range rounds {
			emit(qualName(base, t.s, r.s), t.v<<8|r.v<<7|fn)
		}
	}
}

// loadTable builds the instruction table on first use, so that programs
// importing the package (axpsec run) do not pay for it at start-up.
var loadTable = sync.OnceFunc(buildTable)

// buildTable fills forms, byOpcode, byName and the disassembly indexes.
func buildTable() {
	// PALcode calls (opcode 0x00) with the names objdump knows.
	for _, p := range []struct {
		name string
		fn   uint32
	}{{"halt", 0x00}, {"draina", 0x02}, {"bpt", 0x80}, {"bugchk", 0x81}, {"callsys", 0x83},
		{"imb", 0x86}, {"rduniq", 0x9e}, {"wruniq", 0x9f}, {"gentrap", 0xaa}} {
		add(form{name: p.name, bits: p.fn, mask: 0xffffffff})
	}
	add(form{name: "call_pal", bits: 0, mask: fieldOp, args: []argKind{argPal}})
	for _, p := range []struct {
		name string
		o    uint32
	}{{"pal19", 0x19}, {"pal1b", 0x1b}, {"pal1d", 0x1d}, {"pal1e", 0x1e}, {"pal1f", 0x1f}} {
		add(form{name: p.name, bits: op(p.o), mask: fieldOp, args: []argKind{argPal}})
	}

	// Memory format.
	intMem := []argKind{argRA, argMem}
	fpMem := []argKind{argFA, argMem}
	add(form{name: "lda", bits: op(0x08) | r31<<16, mask: memMask | fieldRB, args: []argKind{argRA, argDisp}})
	add(form{name: "ldah", bits: op(0x09) | r31<<16, mask: memMask | fieldRB, args: []argKind{argRA, argDisp}})
	add(form{name: "unop", bits: op(0x0b) | r31<<21, mask: fieldOp | fieldRA, extra: 30 << 16})
	for _, m := range []struct {
		name string
		o    uint32
		args []argKind
	}{
		{"lda", 0x08, intMem}, {"ldah", 0x09, intMem}, {"ldbu", 0x0a, intMem}, {"ldq_u", 0x0b, intMem},
		{"ldwu", 0x0c, intMem}, {"stw", 0x0d, intMem}, {"stb", 0x0e, intMem}, {"stq_u", 0x0f, intMem},
		{"ldf", 0x20, fpMem}, {"ldg", 0x21, fpMem}, {"lds", 0x22, fpMem}, {"ldt", 0x23, fpMem},
		{"stf", 0x24, fpMem}, {"stg", 0x25, fpMem}, {"sts", 0x26, fpMem}, {"stt", 0x27, fpMem},
		{"ldl", 0x28, intMem}, {"ldq", 0x29, intMem}, {"ldl_l", 0x2a, intMem}, {"ldq_l", 0x2b, intMem},
		{"stl", 0x2c, intMem}, {"stq", 0x2d, intMem}, {"stl_c", 0x2e, intMem}, {"stq_c", 0x2f, intMem},
	} {
		add(form{name: m.name, bits: op(m.o), mask: memMask, args: m.args})
	}

	// Branch format.
	add(form{name: "br", bits: op(0x30) | r31<<21, mask: fieldOp | fieldRA, args: []argKind{argBranch}})
	for _, b := range []struct {
		name string
		o    uint32
		fp   bool
	}{
		{"br", 0x30, false}, {"fbeq", 0x31, true}, {"fblt", 0x32, true}, {"fble", 0x33, true},
		{"bsr", 0x34, false}, {"fbne", 0x35, true}, {"fbge", 0x36, true}, {"fbgt", 0x37, true},
		{"blbc", 0x38, false}, {"beq", 0x39, false}, {"blt", 0x3a, false}, {"ble", 0x3b, false},
		{"blbs", 0x3c, false}, {"bne", 0x3d, false}, {"bge", 0x3e, false}, {"bgt", 0x3f, false},
	} {
		r := argRA
		if b.fp {
			r = argFA
		}
		add(form{name: b.name, bits: op(b.o), mask: fieldOp, args: []argKind{r, argBranch}})
	}
	addAsm(form{name: "bsr", bits: op(0x34) | 26<<21, mask: fieldOp | fieldRA, args: []argKind{argBranch}})

	// Memory-format jumps (opcode 0x1a, kind in bits 15:14).
	jmp := op(0x1a)
	add(form{name: "jmp", bits: jmp | r31<<21, mask: jmpMask | fieldRA | fieldHint, args: []argKind{argParenRB}})
	add(form{name: "jmp", bits: jmp, mask: jmpMask, args: []argKind{argRA, argParenRB, argJmpHint}})
	add(form{name: "jsr", bits: jmp | 1<<14, mask: jmpMask, args: []argKind{argRA, argParenRB, argJmpHint}})
	add(form{name: "ret", bits: jmp | r31<<21 | 26<<16 | 2<<14 | 1, mask: 0xffffffff})
	add(form{name: "ret", bits: jmp | 2<<14, mask: jmpMask, args: []argKind{argRA, argParenRB, argHint}})
	add(form{name: "jcr", bits: jmp | 3<<14, mask: jmpMask, args: []argKind{argRA, argParenRB, argHint}})
	addAsm(form{name: "jmp", bits: jmp, mask: jmpMask | fieldHint, args: []argKind{argRA, argParenRB}})
	addAsm(form{name: "jsr", bits: jmp | 1<<14, mask: jmpMask | fieldHint, args: []argKind{argRA, argParenRB}})
	addAsm(form{name: "jsr", bits: jmp | 26<<21 | 1<<14, mask: jmpMask | fieldRA | fieldHint, args: []argKind{argParenRB}})
	addAsm(form{name: "ret", bits: jmp | 2<<14 | 1, mask: jmpMask | fieldHint, args: []argKind{argRA, argParenRB}})
	addAsm(form{name: "ret", bits: jmp | r31<<21 | 2<<14 | 1, mask: jmpMask | fieldRA | fieldHint, args: []argKind{argParenRB}})
	addAsm(form{name: "jcr", bits: jmp | 3<<14, mask: jmpMask | fieldHint, args: []argKind{argRA, argParenRB}})

	initOperate()
	initFP()
	initMisc()
	buildIndexes()
}

func initOperate() {
	// Opcode 0x10: integer arithmetic.
	oprZA("sextl", 0x10, 0x00)
	opr("addl", 0x10, 0x00)
	opr("s4addl", 0x10, 0x02)
	oprZA("negl", 0x10, 0x09)
	opr("subl", 0x10, 0x09)
	opr("s4subl", 0x10, 0x0b)
	opr("cmpbge", 0x10, 0x0f)
	opr("s8addl", 0x10, 0x12)
	opr("s8subl", 0x10, 0x1b)
	opr("cmpult", 0x10, 0x1d)
	opr("addq", 0x10, 0x20)
	opr("s4addq", 0x10, 0x22)
	oprZA("negq", 0x10, 0x29)
	opr("subq", 0x10, 0x29)
	opr("s4subq", 0x10, 0x2b)
	opr("cmpeq", 0x10, 0x2d)
	opr("s8addq", 0x10, 0x32)
	opr("s8subq", 0x10, 0x3b)
	opr("cmpule", 0x10, 0x3d)
	opr("addl/v", 0x10, 0x40)
	oprZA("negl/v", 0x10, 0x49)
	opr("subl/v", 0x10, 0x49)
	opr("cmplt", 0x10, 0x4d)
	opr("addq/v", 0x10, 0x60)
	oprZA("negq/v", 0x10, 0x69)
	opr("subq/v", 0x10, 0x69)
	opr("cmple", 0x10, 0x6d)

	// Opcode 0x11: logical and conditional move.
	opr("and", 0x11, 0x00)
	opr("andnot", 0x11, 0x08)
	opr("cmovlbs", 0x11, 0x14)
	opr("cmovlbc", 0x11, 0x16)
	or := oprBits(0x11, 0x20)
	add(form{name: "nop", bits: or | r31<<21 | r31<<16 | r31, mask: oprMask | fieldRA | fieldRB | fieldRC})
	add(form{name: "clr", bits: or | r31<<21 | r31<<16, mask: oprMask | fieldRA | fieldRB, args: []argKind{argRC}})
	oprZA("mov", 0x11, 0x20)
	add(form{name: "mov", bits: or, mask: oprMask, args: []argKind{argRA, argRC}, same: sameAB, alias: true})
	opr("or", 0x11, 0x20)
	opr("cmoveq", 0x11, 0x24)
	opr("cmovne", 0x11, 0x26)
	oprZA("not", 0x11, 0x28)
	opr("ornot", 0x11, 0x28)
	opr("xor", 0x11, 0x40)
	opr("cmovlt", 0x11, 0x44)
	opr("cmovge", 0x11, 0x46)
	opr("eqv", 0x11, 0x48)
	oprZA("amask", 0x11, 0x61)
	opr("cmovle", 0x11, 0x64)
	opr("cmovgt", 0x11, 0x66)
	add(form{name: "implver", bits: oprBits(0x11, 0x6c) | r31<<21 | 1<<13 | fieldIsL,
		mask: oprMask | fieldRA | fieldLit, args: []argKind{argRC}})

	// Opcode 0x12: shifts and byte manipulation.
	for _, s := range []struct {
		name string
		fn   uint32
	}{
		{"mskbl", 0x02}, {"extbl", 0x06}, {"insbl", 0x0b}, {"mskwl", 0x12}, {"extwl", 0x16}, {"inswl", 0x1b},
		{"mskll", 0x22}, {"extll", 0x26}, {"insll", 0x2b}, {"zap", 0x30}, {"zapnot", 0x31}, {"mskql", 0x32},
		{"srl", 0x34}, {"extql", 0x36}, {"sll", 0x39}, {"insql", 0x3b}, {"sra", 0x3c}, {"mskwh", 0x52},
		{"inswh", 0x57}, {"extwh", 0x5a}, {"msklh", 0x62}, {"inslh", 0x67}, {"extlh", 0x6a}, {"mskqh", 0x72},
		{"insqh", 0x77}, {"extqh", 0x7a},
	} {
		opr(s.name, 0x12, s.fn)
	}

	// Opcode 0x13: multiply.
	opr("mull", 0x13, 0x00)
	opr("mulq", 0x13, 0x20)
	opr("umulh", 0x13, 0x30)
	opr("mull/v", 0x13, 0x40)
	opr("mulq/v", 0x13, 0x60)

	// Opcode 0x1c: BWX, CIX, MVI and FIX FP-to-integer moves.
	unary := func(name string, fn uint32) { // register form only, ra = 31
		add(form{name: name, bits: oprBits(0x1c, fn) | r31<<21, mask: oprMask | fieldRA, args: []argKind{argRB, argRC}})
	}
	unary("sextb", 0x00)
	unary("sextw", 0x01)
	unary("ctpop", 0x30)
	add(form{name: "perr", bits: oprBits(0x1c, 0x31), mask: oprMask, args: []argKind{argRA, argRB, argRC}})
	unary("ctlz", 0x32)
	unary("cttz", 0x33)
	unary("unpkbw", 0x34)
	unary("unpkbl", 0x35)
	unary("pkwb", 0x36)
	unary("pklb", 0x37)
	for _, m := range []struct {
		name string
		fn   uint32
	}{{"minsb8", 0x38}, {"minsw4", 0x39}, {"minub8", 0x3a}, {"minuw4", 0x3b},
		{"maxub8", 0x3c}, {"maxuw4", 0x3d}, {"maxsb8", 0x3e}, {"maxsw4", 0x3f}} {
		opr(m.name, 0x1c, m.fn)
	}
	ftoi := func(name string, fn uint32) { // register form only, rb = 31, bits 15:12 zero
		add(form{name: name, bits: oprBits(0x1c, fn) | r31<<16, mask: fpMask | fieldRB, args: []argKind{argFA, argRC}})
	}
	ftoi("ftoit", 0x70)
	ftoi("ftois", 0x78)
}

func initFP() {
	// Opcode 0x14: integer-to-FP moves and square roots.
	itof := func(name string, fn uint32) {
		add(form{name: name, bits: op(0x14) | r31<<16 | fn<<5, mask: fpMask | fieldRB, args: []argKind{argRA, argFC}})
	}
	itof("itofs", 0x004)
	itof("itoff", 0x014)
	itof("itoft", 0x024)
	z14 := func(name string, fn uint32) { fpZA(name, 0x14, fn) }
	vax(vaxTraps, vaxRounds, "sqrtf", 0x0a, z14)
	ieee(ieeeTraps, ieeeRounds, "sqrts", 0x0b, z14)
	vax(vaxTraps, vaxRounds, "sqrtg", 0x2a, z14)
	ieee(ieeeTraps, ieeeRounds, "sqrtt", 0x2b, z14)

	// Opcode 0x15: VAX floating point.
	f15 := func(name string, fn uint32) { fp(name, 0x15, fn) }
	z15 := func(name string, fn uint32) { fpZA(name, 0x15, fn) }
	vax(vaxTraps, vaxRounds, "addf", 0x00, f15)
	vax(negVaxTraps, vaxRounds[1:], "negf", 0x01, z15)
	vax(vaxTraps, vaxRounds, "subf", 0x01, f15)
	vax(vaxTraps, vaxRounds, "mulf", 0x02, f15)
	vax(vaxTraps, vaxRounds, "divf", 0x03, f15)
	vax(vaxTraps, vaxRounds, "cvtdg", 0x1e, z15)
	vax(vaxTraps, vaxRounds, "addg", 0x20, f15)
	vax(negVaxTraps, vaxRounds[1:], "negg", 0x21, z15)
	vax(vaxTraps, vaxRounds, "subg", 0x21, f15)
	vax(vaxTraps, vaxRounds, "mulg", 0x22, f15)
	vax(vaxTraps, vaxRounds, "divg", 0x23, f15)
	for _, c := range []struct {
		name string
		fn   uint32
	}{{"cmpgeq", 0x25}, {"cmpglt", 0x26}, {"cmpgle", 0x27}} {
		fp(c.name, 0x15, 0x080|c.fn)
		fp(c.name+"/s", 0x15, 0x480|c.fn)
	}
	vax(vaxTraps, vaxRounds, "cvtgf", 0x2c, z15)
	vax(vaxTraps, vaxRounds, "cvtgd", 0x2d, z15)
	vax(vaxTrapsV, vaxRounds, "cvtgq", 0x2f, z15)
	vax(vaxTraps[:1], vaxRounds, "cvtqf", 0x3c, z15)
	vax(vaxTraps[:1], vaxRounds, "cvtqg", 0x3e, z15)

	// Opcode 0x16: IEEE floating point.
	f16 := func(name string, fn uint32) { fp(name, 0x16, fn) }
	z16 := func(name string, fn uint32) { fpZA(name, 0x16, fn) }
	ieee(ieeeTraps, ieeeRounds, "adds", 0x00, f16)
	ieee(negTraps, noRoundings, "negs", 0x01, z16)
	ieee(ieeeTraps, ieeeRounds, "subs", 0x01, f16)
	ieee(ieeeTraps, ieeeRounds, "muls", 0x02, f16)
	ieee(ieeeTraps, ieeeRounds, "divs", 0x03, f16)
	ieee(ieeeTraps, ieeeRounds, "addt", 0x20, f16)
	ieee(negTraps, noRoundings, "negt", 0x21, z16)
	ieee(ieeeTraps, ieeeRounds, "subt", 0x21, f16)
	ieee(ieeeTraps, ieeeRounds, "mult", 0x22, f16)
	ieee(ieeeTraps, ieeeRounds, "divt", 0x23, f16)
	for _, c := range []struct {
		name string
		fn   uint32
	}{{"cmptun", 0x24}, {"cmpteq", 0x25}, {"cmptlt", 0x26}, {"cmptle", 0x27}} {
		fp(c.name, 0x16, 0x080|c.fn)
		fp(c.name+"/su", 0x16, 0x580|c.fn)
	}
	fpZA("cvtst", 0x16, 0x2ac)
	fpZA("cvtst/s", 0x16, 0x6ac)
	ieee(ieeeTraps, ieeeRounds, "cvtts", 0x2c, z16)
	ieee(ieeeTrapsV, ieeeRounds, "cvttq", 0x2f, z16)
	ieee(cvtqxTraps, ieeeRounds, "cvtqs", 0x3c, z16)
	ieee(cvtqxTraps, ieeeRounds, "cvtqt", 0x3e, z16)

	// Opcode 0x17: FP miscellany.
	fpZA("cvtlq", 0x17, 0x010)
	cpys := op(0x17) | 0x020<<5
	add(form{name: "fnop", bits: cpys | r31<<21 | r31<<16 | r31, mask: fpMask | fieldRA | fieldRB | fieldRC})
	add(form{name: "fclr", bits: cpys | r31<<21 | r31<<16, mask: fpMask | fieldRA | fieldRB, args: []argKind{argFC}})
	add(form{name: "fabs", bits: cpys | r31<<21, mask: fpMask | fieldRA, args: []argKind{argFB, argFC}})
	add(form{name: "fmov", bits: cpys, mask: fpMask, args: []argKind{argFA, argFC}, same: sameAB})
	fp("cpys", 0x17, 0x020)
	add(form{name: "fneg", bits: op(0x17) | 0x021<<5, mask: fpMask, args: []argKind{argFA, argFC}, same: sameAB})
	fp("cpysn", 0x17, 0x021)
	fp("cpyse", 0x17, 0x022)
	add(form{name: "mt_fpcr", bits: op(0x17) | 0x024<<5, mask: fpMask, args: []argKind{argFA}, same: sameABC})
	add(form{name: "mf_fpcr", bits: op(0x17) | 0x025<<5, mask: fpMask, args: []argKind{argFA}, same: sameABC})
	for i, c := range []string{"fcmoveq", "fcmovne", "fcmovlt", "fcmovge", "fcmovle", "fcmovgt"} {
		fp(c, 0x17, 0x02a+uint32(i))
	}
	fpZA("cvtql", 0x17, 0x030)
	fpZA("cvtql/v", 0x17, 0x130)
	fpZA("cvtql/sv", 0x17, 0x530)
}

func initMisc() {
	misc := func(name string, fn uint32, args ...argKind) {
		f := form{name: name, bits: op(0x18) | fn, mask: miscMask, args: args}
		if len(args) == 1 && args[0] == argParenRB {
			f.bits |= r31 << 21
			f.mask |= fieldRA
		}
		add(f)
	}
	misc("trapb", 0x0000)
	misc("excb", 0x0400)
	misc("mb", 0x4000)
	misc("wmb", 0x4400)
	misc("fetch", 0x8000, argParenRB)
	misc("fetch_m", 0xa000, argParenRB)
	add(form{name: "rpcc", bits: op(0x18) | r31<<16 | 0xc000, mask: miscMask | fieldRB, args: []argKind{argRA}})
	misc("rpcc", 0xc000, argRA, argRB)
	misc("rc", 0xe000, argRA)
	misc("ecb", 0xe800, argParenRB)
	misc("rs", 0xf000, argRA)
	misc("wh64", 0xf800, argParenRB)
	misc("wh64en", 0xfc00, argParenRB)
}
