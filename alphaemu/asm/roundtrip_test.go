package asm

import (
	"strings"
	"testing"
)

// checkRoundTrip verifies that Disassemble's text of w assembles back: to a
// word with the same text always, and to w itself wherever the text
// determines the bits (all bits but the ones the matched form ignores, such
// as the should-be-zero bits 15:13 of operate instructions or unop's
// operands), unless the text is an alias whose canonical encoding differs
// (objdump's "mov ra,rc" for "or ra,ra,rc").
func checkRoundTrip(t testing.TB, w uint32, pc uint64) {
	text := Disassemble(w, pc)
	got, err := Assemble(text, pc)
	if err != nil {
		t.Fatalf("word %#08x: Assemble(%q): %v", w, text, err)
	}
	if len(got) != 1 {
		t.Fatalf("word %#08x: Assemble(%q) gave %d words", w, text, len(got))
	}
	if again := Disassemble(got[0], pc); again != text {
		t.Fatalf("word %#08x: %q assembles to %#08x, which disassembles to %q", w, text, got[0], again)
	}
	f := decode(w)
	if f == nil {
		if got[0] != w {
			t.Fatalf("word %#08x: %q assembles to %#08x", w, text, got[0])
		}
		return
	}
	if !f.alias && (got[0]^w)&^f.ignored() != 0 {
		t.Fatalf("word %#08x: %q assembles to %#08x (differs in determined bits %#08x)",
			w, text, got[0], (got[0]^w)&^f.ignored())
	}
}

func TestRoundTripCorpus(t *testing.T) {
	for i, w := range corpus(2, false, 20000) {
		checkRoundTrip(t, w, 0x120000000+uint64(i)*4)
	}
}

// TestRoundTripText checks Disassemble(Assemble(x)) == x for canonical text.
func TestRoundTripText(t *testing.T) {
	src := []string{
		"nop", "unop", "fnop", "ret", "callsys", "rduniq", "wruniq", "imb", "bpt", "bugchk", "gentrap", "halt",
		"ldq     t0,8(sp)", "stq     ra,0(sp)", "lda     sp,-16(sp)", "ldah    gp,8192(t12)", "lda     t0,-8",
		"mov     t0,t1", "mov     0x10,v0", "clr     t2", "negq    t0,t1", "not     a0,a1", "sextl   t3,t3",
		"addq    t0,0xff,t1", "subl    t0,zero,zero", "zapnot  t0,0xf,t0", "implver v0", "amask   0x7,t0",
		"sextb   t1,t2", "ctpop   t1,t2", "perr    t0,t1,t2", "ftoit   $f1,t2", "itoft   t0,$f2",
		"addt/sud        $f1,$f2,$f3", "cvttq/svc       $f31,$f2", "cvttq/svc       $f1,$f2", "cvtst/s $f3,$f4",
		"fmov    $f1,$f2", "fclr    $f3", "fabs    $f4,$f5", "fneg    $f6,$f7", "cpys    $f1,$f2,$f3",
		"mt_fpcr $f0", "mf_fpcr $f1", "sqrtt/su        $f2,$f3", "negt/su $f1,$f2", "cmpteq/su       $f1,$f2,$f3",
		"addf/sc $f1,$f2,$f3", "cvtgq/svc       $f1,$f2", "negg/s  $f1,$f2",
		"trapb", "excb", "mb", "wmb", "rpcc    v0", "rpcc    v0,t1", "rc      t0", "fetch   (t1)", "wh64    (a0)",
		"jmp     (t12)", "jsr     ra,(t12),0x120000004", "ret     zero,(ra),0", "jcr     t0,(t1),0x2",
		"br      0x120000000", "bsr     ra,0x120000404", "beq     t0,0x11ff00004", "fbne    $f1,0x120000040",
		"call_pal        0x3f", "pal19   0x1234", ".long 0x4000000",
	}
	for _, s := range src {
		w, err := Assemble(s, 0x120000000)
		if err != nil {
			t.Errorf("Assemble(%q): %v", s, err)
			continue
		}
		if got := Disassemble(w[0], 0x120000000); got != s {
			t.Errorf("Disassemble(Assemble(%q)) = %q", s, got)
		}
	}
}

func TestAssembleProgram(t *testing.T) {
	src := `
# count down from 10
start:  lda   $1, 10($31)      ; r1 = 10
loop:   subq  r1, 1, t0
        mov   t0, $1
        bne   t0, loop
        br    done
        .long 0x47ff041f, 0
        .word 0x041f, 0x47ff
done:   ret
        bsr   start
        jsr   (pv)
        beq   v0, 0x1000
`
	want := []uint32{
		0x203f000a, // lda t0,10(zero)
		0x40203521, // subq t0,1,t0
		0x47e10401, // mov t0,t0 (bis zero,t0,t0)
		0xf43ffffd, // bne t0,loop
		0xc3e00003, // br done
		0x47ff041f, 0,
		0x47ff041f,
		0x6bfa8001,
		0xd35ffff6, // bsr ra,start
		0x6b5b4000, // jsr ra,(t12),0
		0xe41fffff, // beq v0,0x1000 from 0x1000
	}
	got, err := Assemble(src, 0x1000-11*4)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d words, want %d: %#x", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("word %d: got %#08x (%s), want %#08x (%s)", i, got[i], Disassemble(got[i], 0),
				want[i], Disassemble(want[i], 0))
		}
	}
}

func TestAssembleErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"frob t0", "1:1: unknown instruction"},
		{"nop\n  addq t0,256,t1", "2:11: literal 256 out of range"},
		{"ldq t0,40000(sp)", "1:8: displacement"},
		{"addq t0,t1", "1:1: operands do not match addq"},
		{"addq $f1,t1,t2", "1:1: operands do not match"},
		{"br nowhere", "1:4: undefined label"},
		{"x: nop\nx: nop", "2:1: label \"x\" defined twice"},
		{"ldq t0,8(sp", "1:8: missing ')'"},
		{"ldq t0,8(f1)", "1:10: \"f1\" is not an integer register"},
		{"addq t0,,t1", "1:9: empty operand"},
		{"addq t0,@,t1", "1:9: cannot parse operand"},
		{".word 1", "1:1: odd number of .word halves"},
		{".word 1\nnop", "2:1: instruction after an odd number"},
		{".long 0x100000000", "1:7: value 0x100000000 does not fit in 32 bits"},
		{".align 3", "1:1: unknown directive"},
		{"br 0x1000002", "1:4: target 0x1000002 is not 4-byte aligned"},
		{"br 0x10000000", "1:4: target 0x10000000 out of range"},
		{"jsr ra,(t12),0x100000", "1:14: target 0x100000 out of range of a 14-bit"},
		{"ret zero,(ra),0x4000", "1:15: hint 0x4000 out of range"},
		{"call_pal 0x4000000", "1:10: PALcode function"},
		{"addq r32,t1,t2", "1:1: operands do not match"},
		{"1: br 1f", "1:7: no local label 1: after this statement"},
		{"br 2b\n2: nop", "1:4: no local label 2: before this statement"},
	}
	for _, c := range cases {
		_, err := Assemble(c.src, 0)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Assemble(%q) error = %v, want containing %q", c.src, err, c.want)
		}
	}
}

func TestTarget(t *testing.T) {
	cases := []struct {
		word   uint32
		pc     uint64
		want   uint64
		wantOK bool
	}{
		{0xc3e00003, 0x1000, 0x1010, true},                      // br 0x1010
		{0xd35ffff6, 0x1028, 0x1004, true},                      // bsr ra,-10 insns
		{0xc3f00000, 0x0, 0xffffffffffc00004, true},             // br, most negative displacement
		{0x6b5b4000, 0x2000, 0x2004, true},                      // jsr ra,(t12) hint 0
		{0x6b5b7fff, 0x2000, 0x2000, true},                      // jsr hint -1
		{0x6bfa8001, 0x2000, 0, false},                          // ret: hint is not a target
		{0x47ff041f, 0x2000, 0, false},                          // nop
		{0x04000000, 0x2000, 0, false},                          // .long
		{0xc4200000 | 0x1fffff, 0x120000000, 0x120000000, true}, // fbeq $f1,. (disp -1)
	}
	for _, c := range cases {
		got, ok := Target(c.word, c.pc)
		if got != c.want || ok != c.wantOK {
			t.Errorf("Target(%#08x, %#x) = %#x, %v; want %#x, %v", c.word, c.pc, got, ok, c.want, c.wantOK)
		}
	}
}

func TestAssembleLocalLabels(t *testing.T) {
	src := `
1:	br	1f	# forward: the next "1:"
	beq	t0,1b	# backward: the "1:" above
1:	bne	t1,1b	# a label on the statement's own line counts as before it
	br	2f
2:	br	1b
`
	want := []uint32{0xc3e00001, 0xe43ffffe, 0xf45fffff, 0xc3e00000, 0xc3fffffd}
	got, err := Assemble(src, 0x1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d words, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("word %d: got %#08x (%s), want %#08x (%s)", i, got[i], Disassemble(got[i], 0x1000+uint64(i)*4),
				want[i], Disassemble(want[i], 0x1000+uint64(i)*4))
		}
	}
}
