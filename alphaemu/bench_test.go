package alphaemu

import (
	"syscall"
	"testing"
	"time"
)

// Integer kernels for the interpreter benchmarks, shaped like the hot loops
// of shared/bench (performance.md §1 mix): each runs a0 iterations and ends
// with callsys.
var benchKernels = []struct {
	name string
	src  string
}{
	// Bitwise CRC32 inner loop (crc: and/subl/bne/xor/addl/srl/zapnot dominate).
	{"crc", `
		ldah t2,-4865(zero)     # 0xedb88320 polynomial (sign-extended)
		lda t2,-31968(t2)
		zapnot t2,15,t2
		lda t0,-1(zero)
	outer:
		lda t3,8(zero)
	inner:
		and t0,1,t4
		srl t0,1,t0
		subq zero,t4,t4
		and t4,t2,t4
		xor t0,t4,t0
		subl t3,1,t3
		bne t3,inner
		subq a0,1,a0
		bne a0,outer
		callsys
	`},
	// Array sum with loads and stores (qsort-like ldq/stq/lda/cmplt/beq mix).
	{"mem", `
		mov a1,t1
	loop:
		and a0,255,t3
		s8addq t3,t1,t4
		ldq t5,0(t4)
		addq t5,a0,t5
		stq t5,0(t4)
		cmplt t5,a0,t6
		beq t6,skip
		lda t7,1(t7)
	skip:
		subq a0,1,a0
		bne a0,loop
		callsys
	`},
	// Unaligned byte copy with the non-BWX idiom (str: ldq_u/extbl/insbl/mskbl/stq_u).
	{"bytes", `
	loop:
		and a0,255,t0
		addq a1,t0,t1
		ldq_u t2,0(t1)
		extbl t2,t1,t2
		addq t2,1,t2
		lda t3,1024(t1)
		ldq_u t4,0(t3)
		insbl t2,t3,t5
		mskbl t4,t3,t4
		or t4,t5,t4
		stq_u t4,0(t3)
		subq a0,1,a0
		bne a0,loop
		callsys
	`},
	// Indirect calls through a register, like qsort's comparator (jsr/ret).
	{"call", `
		br t0,base
	base:
		lda pv,40(t0)          # fn
	loop:
		jsr ra,(pv)
		subq a0,1,a0
		bne a0,loop
		callsys
		nop
		nop
		nop
		nop
		nop
	fn:
		cmplt a0,a1,v0
		ret zero,(ra),1
	`},
}

// BenchmarkInterpreter reports guest MIPS on each kernel, by wall time and by
// the process's CPU time (cpu-MIPS, meaningful on a loaded machine). The
// reference for the same workload is BenchmarkVsQemu (qemu-alpha).
func BenchmarkInterpreter(b *testing.B) {
	for _, k := range benchKernels {
		b.Run(k.name, func(b *testing.B) {
			c := newTestCPU(b, k.src)
			const iters = 100000
			var insns uint64
			b.ResetTimer()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				c.PC, c.R[16], c.R[17], c.Retired = codeBase, iters, dataBase, 0
				runToCallsys(b, c)
				insns += c.Retired
			}
			b.ReportMetric(float64(insns)/b.Elapsed().Seconds()/1e6, "MIPS")
			b.ReportMetric(float64(insns)/(cpuTime()-start).Seconds()/1e6, "cpu-MIPS")
		})
	}
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
