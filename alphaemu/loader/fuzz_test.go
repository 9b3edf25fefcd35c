package loader

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/alphaemu"
)

// FuzzLoad feeds arbitrary files to Load: it must return an image or an
// error, never panic, and a returned image must be consistent.
func FuzzLoad(f *testing.F) {
	f.Add(staticELF().build())
	f.Add(pieELF().build())
	for _, p := range []string{"hello/hello", "cat/cat"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "examples", p)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		mem := alphaemu.NewMemory()
		opts := Options{Argv: []string{"prog", "arg"}, Envv: []string{"A=B"}, ExecFn: "prog", StackSize: 64 << 10, MaxMem: 32 << 20}
		img, err := Load(mem, bytes.NewReader(data), int64(len(data)), opts)
		if err != nil {
			return
		}
		if img.SP < img.StackBottom || img.SP >= img.StackTop || img.SP%16 != 0 {
			t.Fatalf("SP %#x outside stack [%#x, %#x) or misaligned", img.SP, img.StackBottom, img.StackTop)
		}
		if p, ok := mem.Prot(img.Entry); !ok || p&alphaemu.ProtExec == 0 {
			t.Fatalf("entry %#x not executable (%v, %v)", img.Entry, p, ok)
		}
		if mem.MappedBytes() > opts.MaxMem {
			t.Fatalf("mapped %d bytes, over the %d limit", mem.MappedBytes(), opts.MaxMem)
		}
	})
}
