package kernelsim

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestOrphanedStoppedChild: the initial process exits leaving a stopped
// child in its group; the child is hung up (SIGHUP, SIGCONT) and the run
// ends with the initial process's status, well before the timeout. The
// child-group case (orphanpgrp.c) is compared with qemu-alpha in
// TestProcsVsQemu.
func TestOrphanedStoppedChild(t *testing.T) {
	exe := buildProc(t, "orphanstop.c")
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 20 * time.Second})
	if err := k.Start(exe, []string{exe}, []string{"LC_ALL=C"}); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil || ex != (Exit{}) || out.String() != "child stopped 1\n" {
		t.Errorf("run: %v, exit %s, output %q; want exit 0 and %q", err, ex, out.String(), "child stopped 1\n")
	}
}
