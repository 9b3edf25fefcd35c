// Package examples holds the bundled Alpha example programs; its tests check
// that the committed binaries are reproducible from their sources and behave
// as documented under qemu-alpha.
package examples

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// programs are the committed example binaries (paths relative to examples/).
var programs = []string{"hello/hello", "cat/cat", "seccomp-allowlist/greet", "seccomp-errno/chunked", "seccomp-trap/trap"}

// TestBinariesUpToDate rebuilds the examples from source in a temporary
// directory and checks that the committed binaries are byte-identical.
func TestBinariesUpToDate(t *testing.T) {
	cc := testtool.CC(t)
	make := testtool.Look(t, "make")
	dir := t.TempDir()
	srcs := []string{"Makefile", "runtime/start.S", "runtime/divide.S", "runtime/runtime.c", "runtime/runtime.h"}
	for _, p := range programs {
		srcs = append(srcs, p+".c")
	}
	for _, s := range srcs {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, s)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(make, "-s", "-C", dir, "ALPHA_CC="+cc).CombinedOutput(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	for _, p := range programs {
		built, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run make -C examples and commit the result)", err)
		}
		if !bytes.Equal(built, committed) {
			t.Errorf("%s is out of date with its sources: run make -C examples and commit it", p)
		}
	}
}

// TestExamplesUnderQemu runs the committed binaries under qemu-alpha.
func TestExamplesUnderQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	hello, err := os.ReadFile("hello/expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdout     string
		stderr     string
		exitStatus int
	}{
		{"hello", []string{"hello/hello"}, string(hello), "", 0},
		{"hello args", []string{"hello/hello", "x", "two words"},
			"Hello from Alpha!\narg 1: x\narg 2: two words\n" +
				"20!+argc = 2432902008176640003: /11 = 221172909834240000 rem 3; negated /3 = -810967336058880001 rem 0\n" +
				"-3000009 / 7 = -428572 rem -5; as unsigned: 4291967287 / 7 = 613138183 rem 6\npid is positive\n", "", 0},
		{"cat", []string{"cat/cat", "hello/expected.txt"}, string(hello), "", 0},
		{"cat missing", []string{"cat/cat", "/nonexistent/file"}, "", "cat: /nonexistent/file: cannot open (errno 2)\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(qemu, tc.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != tc.stdout || stderr.String() != tc.stderr || code != tc.exitStatus {
				t.Errorf("got status %d, stdout %q, stderr %q\nwant status %d, stdout %q, stderr %q",
					code, stdout.String(), stderr.String(), tc.exitStatus, tc.stdout, tc.stderr)
			}
		})
	}
}
