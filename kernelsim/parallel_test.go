package kernelsim

import (
	"fmt"
	"strings"
	"testing"
)

// parallelCase is one run of a program of testdata/procs that attacks
// threads running in parallel, with the output it must print.
type parallelCase struct {
	src  string
	args []string
	want string
}

// parallelCases runs the adversarial programs with several thread counts.
// Their output is independent of timing, so it is fixed here (the default
// arguments are also compared with qemu-alpha by TestProcsVsQemu).
func parallelCases() []parallelCase {
	var cases []parallelCase
	for _, n := range [][2]int{{1, 1}, {4, 2}, {8, 4}, {0, 12}} {
		cases = append(cases, parallelCase{"mmchurn.c", itoas(n[0], n[1]), fmt.Sprintf(
			"%d churning threads: 300 cycles each, 0 errors\n"+
				"%d computing threads: checksums as computed alone: 1\n"+
				"mprotect(PROT_NONE) vs loads: SIGSEGV 1 time(s), at the page 1, stale access 0\n"+
				"mprotect(PROT_READ) vs stores: SIGSEGV 1 time(s), at the page 1, stale access 0\n"+
				"munmap vs loads: SIGSEGV 1 time(s), at the page 1, stale access 0\n"+
				"madvise(MADV_DONTNEED) vs loads: 0 stale reads in 10\n"+
				"%d threads repairing write faults: %[3]d took exactly 200\n", n[0], n[1], n[0]+n[1])})
	}
	for _, n := range [][2]int{{1, 20}, {3, 50}, {8, 20}} {
		cases = append(cases, parallelCase{"forkthreads.c", itoas(n[0], n[1]), fmt.Sprintf(
			"%d forks with %d busy threads: %[1]d children saw a frozen snapshot, 0 did not\n"+
				"child's write seen by the parent: 0; parent's threads still counting: %[2]d of %[2]d\n"+
				"forks from another thread: 10 of 10 children ran as that thread\n", n[1], n[0])})
	}
	for _, n := range [][2]int{{1, 4}, {3, 2}, {6, 3}} {
		total := n[0] * n[1] * 20000
		cases = append(cases, parallelCase{"sharedatomics.c", itoas(n[0], n[1]), fmt.Sprintf(
			"%d children x %d threads: %[1]d exited 0, %[3]d threads started\n"+
				"atomic %[4]d locked %[4]d (want %[4]d), pairs %[5]d, odd seen under the lock 0\n", n[0], n[1], n[0]*n[1], total, 2*total)})
	}
	for _, rounds := range []int{40, 1000} {
		cases = append(cases, parallelCase{"smc.c", itoas(rounds), fmt.Sprintf(
			"before patching: 0\n%d patched constants: 0 seen wrong\n"+
				"%d patched spin loops: 0 ended with a wrong value\n", rounds, rounds/4)})
	}
	// Code patched by another process on a MAP_SHARED page (Linux's
	// behaviour; qemu-user misses the first patch).
	cases = append(cases, parallelCase{"smc.c", []string{"100", "processes"},
		"before patching: 0\n100 patched constants: 0 seen wrong\n25 patched spin loops: 0 ended with a wrong value\n" +
			"200 patches across processes: before 0, 0 seen wrong by the parent, 0 by the child\n"})
	for _, n := range [][2]int{{1, 50}, {3, 20}, {8, 100}} {
		cases = append(cases, parallelCase{"killthreads.c", itoas(n[0], n[1]), fmt.Sprintf(
			"child killed by signal 9\nchild exited with 7\nchild exited with 9\n"+
				"%d signals to a spinning thread: %[1]d observed by its loop, %[1]d handled on it\n"+
				"ITIMER_REAL: 20 signals handled while %[2]d threads spin: 1\n"+
				"ITIMER_VIRTUAL: 20 signals handled while %[2]d threads spin: 1\n"+
				"ITIMER_PROF: 20 signals handled while %[2]d threads spin: 1\n", n[1], n[0]+1)})
	}
	return cases
}

// itoas formats integers as program arguments.
func itoas(v ...int) []string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return s
}

// TestParallelStress runs the adversarial programs of testdata/procs with
// several thread counts under kernelsim: threads of one address space run
// in parallel while others map, unmap and protect memory, fork, patch code,
// signal or kill them. A lost shoot-down, copy-on-write race, lost wake-up
// or missed interrupt shows as a wrong line or a hang (the run's timeout).
func TestParallelStress(t *testing.T) {
	for _, tc := range parallelCases() {
		t.Run(tc.src+"/"+strings.Join(tc.args, "_"), func(t *testing.T) {
			exe := buildProc(t, tc.src)
			out, ex := runProcSim(t, exe, tc.args...)
			if out != tc.want || ex != (Exit{}) {
				t.Errorf("%s %v (%s):\n%s\nwant:\n%s\n%s", tc.src, tc.args, ex, out, tc.want, firstDiff(out, tc.want))
			}
		})
	}
}
