package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// TestRunWaitsForTree checks that axpsec run returns only when the whole
// guest process tree has exited, with the initial process's status.
func TestRunWaitsForTree(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("..", "..", "kernelsim", "testdata", "procs", "orphan.c"))
	if err != nil {
		t.Fatal(err)
	}
	exe := testtool.BuildAlpha(t, []string{src}, testtool.StaticFlags...)
	var out, errb bytes.Buffer
	code := runMain([]string{"run", "--timeout", "30s", exe}, &out, &errb)
	want := "parent exits\nchild done, re-parented: 1\n"
	if code != 3 || out.String() != want {
		t.Errorf("exit %d, output %q (stderr %q); want 3, %q", code, out.String(), errb.String(), want)
	}
}
