package loader

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/internal/testtool"
)

// sysroot is Debian's Alpha cross sysroot holding ld-linux.so.2.
const sysroot = "/usr/alpha-linux-gnu"

// TestLoadDynamic loads a dynamically linked glibc program with its
// interpreter from the sysroot and checks where everything went.
func TestLoadDynamic(t *testing.T) {
	interpPath := filepath.Join(sysroot, "lib", "ld-linux.so.2")
	interpData, err := os.ReadFile(interpPath)
	if err != nil {
		testtool.Unavailable(t, "Alpha sysroot: %v", err)
	}
	exe := testtool.BuildAlpha(t, []string{filepath.Join("testdata", "hello.c")}, "-O2")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	mem := alphaemu.NewMemory()
	var opened []string
	img, err := Load(mem, bytes.NewReader(data), int64(len(data)), Options{
		Argv: []string{"hello"}, ExecFn: "hello", Sysroot: sysroot,
		Open: func(p string) (io.ReaderAt, int64, error) {
			opened = append(opened, p)
			return openFile(p)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || opened[0] != interpPath {
		t.Errorf("opened %q, want [%s]", opened, interpPath)
	}
	interpEntry := binary.LittleEndian.Uint64(interpData[24:])
	aux := map[uint64]uint64{}
	for _, a := range img.Auxv {
		aux[a.Type] = a.Value
	}
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"Interp base", img.InterpBase, MmapBase},
		{"Entry", img.Entry, MmapBase + interpEntry},
		{"AT_BASE", aux[AtBase], MmapBase},
		{"AT_ENTRY", aux[AtEntry], binary.LittleEndian.Uint64(data[24:])},
		{"LoadBias", img.LoadBias, 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#x, want %#x", c.name, c.got, c.want)
		}
	}
	if img.Interp != "/lib/ld-linux.so.2" {
		t.Errorf("Interp = %q", img.Interp)
	}
	head := make([]byte, 4)
	if err := mem.ReadAt(head, MmapBase); err != nil || string(head) != "\x7fELF" {
		t.Errorf("interpreter header at %#x: %q, %v", uint64(MmapBase), head, err)
	}
	if p, ok := mem.Prot(img.Entry); !ok || p&alphaemu.ProtExec == 0 {
		t.Errorf("interpreter entry %#x not executable: %v %v", img.Entry, p, ok)
	}

	// The same program refuses to load without a sysroot, and with a
	// sysroot lacking the interpreter.
	for _, root := range []string{"", t.TempDir()} {
		_, err := Load(alphaemu.NewMemory(), bytes.NewReader(data), int64(len(data)), Options{Sysroot: root})
		if err == nil || !strings.Contains(err.Error(), "ld-linux.so.2") {
			t.Errorf("sysroot %q: error %v, want one naming the interpreter", root, err)
		}
	}
}
