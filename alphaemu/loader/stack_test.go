package loader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/internal/testtool"
)

// TestStackLayout checks the initial stack against addresses worked out by
// hand from Linux's copy_strings and create_elf_tables.
func TestStackLayout(t *testing.T) {
	file := staticELF().build()
	mem := alphaemu.NewMemory()
	opts := Options{Argv: []string{"a", "bc"}, Envv: []string{"X=1"}, ExecFn: "/p", UID: 5, EUID: 5, GID: 7, EGID: 8}
	for i := range opts.Random {
		opts.Random[i] = byte(i + 1)
	}
	img, err := Load(mem, bytes.NewReader(file), int64(len(file)), opts)
	if err != nil {
		t.Fatal(err)
	}
	// Strings "a\0bc\0X=1\0/p\0" (12 bytes) end at STACK_TOP-8; "ev67\0"
	// and the 16 random bytes go below; 50 words (argc, 2+1 argv, 1+1
	// envp, 22 auxv pairs) below that, rounded down to 16.
	const base = StackTop - 8 - 12
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"ArgStart", img.ArgStart, base},
		{"EnvEnd", img.EnvEnd, base + 9},
		{"ExecFn", img.ExecFn, base + 9},
		{"SP", img.SP, (base - 5 - 16 - 50*8) &^ 15},
		{"StackBottom", img.StackBottom, StackTop - DefaultStack},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#x, want %#x", c.name, c.got, c.want)
		}
	}
	tail := make([]byte, 8+12+5+16)
	if err := mem.ReadAt(tail, base-5-16); err != nil {
		t.Fatal(err)
	}
	want := "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10ev67\x00a\x00bc\x00X=1\x00/p\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	if string(tail) != want {
		t.Errorf("top of stack %q, want %q", tail, want)
	}
	d := dumpStack(t, mem, img.SP)
	wantDump := []string{
		"argc 2", "argv a", "argv bc", "env X=1",
		"aux 34 10062", "aux 35 10062", "aux 36 ffffffffffffffff", "aux 37 ffffffffffffffff",
		"aux 16 1307", "aux 6 2000", "aux 17 400", "aux 3 120000040", "aux 4 38", "aux 5 3",
		"aux 7 0", "aux 8 0", "aux 9 120000100", "aux 11 5", "aux 12 5", "aux 13 7", "aux 14 8",
		"aux 23 1", fmt.Sprintf("aux 25 %x", base-5-16), fmt.Sprintf("aux 31 %x", base+9), "auxstr 31 /p",
		fmt.Sprintf("aux 15 %x", base-5), "auxstr 15 ev67", "spalign 0",
	}
	if got := strings.Join(d, "\n"); got != strings.Join(wantDump, "\n") {
		t.Errorf("stack dump:\n%s\nwant:\n%s", got, strings.Join(wantDump, "\n"))
	}
}

// TestEmptyArgv checks Linux's rule that an empty argv becomes {""}.
func TestEmptyArgv(t *testing.T) {
	file := staticELF().build()
	mem := alphaemu.NewMemory()
	img, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{ExecFn: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	d := dumpStack(t, mem, img.SP)
	if d[0] != "argc 1" || d[1] != "argv " {
		t.Errorf("stack starts %q, want argc 1 and an empty argv[0]", d[:2])
	}
}

// dumpStack renders the initial stack at sp in auxprobe's output format.
func dumpStack(t *testing.T, mem *alphaemu.Memory, sp uint64) []string {
	t.Helper()
	word := func(a uint64) uint64 {
		var b [8]byte
		if err := mem.ReadAt(b[:], a); err != nil {
			t.Fatalf("reading stack word at %#x: %v", a, err)
		}
		return binary.LittleEndian.Uint64(b[:])
	}
	str := func(a uint64) string {
		s, err := mem.ReadString(a, 4096)
		if err != nil {
			t.Fatalf("reading stack string at %#x: %v", a, err)
		}
		return s
	}
	argc := word(sp)
	out := []string{fmt.Sprintf("argc %d", argc)}
	p := sp + 8
	for i := uint64(0); i < argc; i++ {
		out = append(out, "argv "+str(word(p)))
		p += 8
	}
	p += 8
	for ; word(p) != 0; p += 8 {
		out = append(out, "env "+str(word(p)))
	}
	for p += 8; word(p) != 0; p += 16 {
		typ, val := word(p), word(p+8)
		out = append(out, fmt.Sprintf("aux %d %x", typ, val))
		if typ == AtExecFn || typ == AtPlatform {
			out = append(out, fmt.Sprintf("auxstr %d %s", typ, str(val)))
		}
	}
	return append(out, fmt.Sprintf("spalign %d", sp%16))
}

// qemuDifferences are the auxiliary vector entries where qemu-alpha 7.2 is
// known to differ from Linux (alpha-isa.md §4.2): the key is the AT_ type,
// the value what qemu sends ("absent" if it sends none). Address-valued
// entries pointing into the stack (AT_RANDOM, AT_EXECFN, AT_PLATFORM) differ
// because qemu's stack is elsewhere; their strings are compared instead.
var qemuDifferences = map[uint64]string{
	AtL1ICacheShape: "absent", AtL1DCacheShape: "absent", AtL2CacheShape: "absent", AtL3CacheShape: "absent",
	AtPlatform: "absent", AtHWCap: "0", AtClkTck: "64",
	AtRandom: "address", AtExecFn: "address",
}

// qemuEnv returns env in the order to give qemu-alpha so that its guest sees
// env in the original order: qemu 7.2 builds the guest environment in
// reverse (its envlist prepends), while Linux keeps execve's order.
func qemuEnv(env []string) []string {
	r := make([]string, len(env))
	for i, e := range env {
		r[len(env)-1-i] = e
	}
	return r
}

// TestStackMatchesQemu runs a probe under qemu-alpha and compares what it
// sees on its initial stack with what Load builds, allowing only the listed
// qemu differences.
func TestStackMatchesQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	rt := filepath.Join("..", "..", "examples", "runtime")
	probe := testtool.BuildAlpha(t, []string{filepath.Join(rt, "start.S"), filepath.Join(rt, "divide.S"), filepath.Join(rt, "runtime.c"), filepath.Join("testdata", "auxprobe.c")},
		"-O2", "-ffreestanding", "-fno-builtin", "-nostdlib", "-static", "-Wl,--no-relax")
	argv := []string{probe, "one", "", "three words"}
	envv := []string{"A=1", "PATH=/bin", "EMPTY="}
	cmd := exec.Command(qemu, argv...)
	cmd.Env = qemuEnv(envv)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qemu-alpha probe: %v", err)
	}
	qlines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")

	data, err := os.ReadFile(probe)
	if err != nil {
		t.Fatal(err)
	}
	mem := alphaemu.NewMemory()
	uid, gid := uint64(os.Getuid()), uint64(os.Getgid())
	img, err := Load(mem, bytes.NewReader(data), int64(len(data)), Options{Argv: argv, Envv: envv, ExecFn: probe, UID: uid, EUID: uid, GID: gid, EGID: gid})
	if err != nil {
		t.Fatal(err)
	}
	ours := dumpStack(t, mem, img.SP)

	type view struct {
		lines []string
		aux   map[uint64]string
	}
	split := func(lines []string) view {
		v := view{aux: map[uint64]string{}}
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) == 3 && f[0] == "aux" {
				typ, _ := strconv.ParseUint(f[1], 10, 64)
				v.aux[typ] = f[2]
				continue
			}
			v.lines = append(v.lines, l)
		}
		return v
	}
	q, o := split(qlines), split(ours)
	// Lines other than aux values (argv, env, the AT_EXECFN string,
	// alignment) must agree, except AT_PLATFORM's string, which qemu omits.
	var oLines []string
	for _, l := range o.lines {
		if !strings.HasPrefix(l, "auxstr 15 ") {
			oLines = append(oLines, l)
		}
	}
	if strings.Join(q.lines, "\n") != strings.Join(oLines, "\n") {
		t.Errorf("stack contents differ:\nqemu:\n%s\nours:\n%s", strings.Join(q.lines, "\n"), strings.Join(oLines, "\n"))
	}
	types := map[uint64]bool{}
	for k := range q.aux {
		types[k] = true
	}
	for k := range o.aux {
		types[k] = true
	}
	var keys []uint64
	for k := range types {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		qv, qok := q.aux[k]
		ov, ook := o.aux[k]
		if !ook {
			t.Errorf("auxv type %d: qemu sends %s, we send nothing", k, qv)
			continue
		}
		want, known := qemuDifferences[k]
		switch {
		case !known && qv != ov:
			t.Errorf("auxv type %d: qemu %q, ours %q", k, qv, ov)
		case known && want == "absent" && qok:
			t.Errorf("auxv type %d: listed as absent under qemu, but qemu sends %s", k, qv)
		case known && want != "absent" && want != "address" && qv != want:
			t.Errorf("auxv type %d: listed qemu value %s, but qemu sends %s", k, want, qv)
		}
	}
}
