package alphaemu

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// TestFPThroughRun runs FP code through the CPU's dispatcher: loads and
// stores in S and T format, arithmetic, FPCR moves and /D rounding, FP
// branches on compare results, and the traps' stop reports.
func TestFPThroughRun(t *testing.T) {
	cases := []struct {
		name string
		src  string
		data []uint64 // initial quadwords at dataBase (a0)
		want []uint64 // quadwords at dataBase afterwards (nil: not checked)
		stop Stop     // expected stop; Addr is an offset from codeBase
	}{
		{
			name: "S arithmetic through memory",
			src: `lds f1,0(a0)
				lds f2,4(a0)
				adds/su f1,f2,f3
				muls/su f3,f3,f4
				sts f3,8(a0)
				sts f4,12(a0)
				call_pal 0x83`,
			data: []uint64{uint64(math.Float32bits(2.5))<<32 | uint64(math.Float32bits(1.25))},
			want: []uint64{
				uint64(math.Float32bits(2.5))<<32 | uint64(math.Float32bits(1.25)),
				uint64(math.Float32bits(3.75*3.75))<<32 | uint64(math.Float32bits(3.75)),
			},
			stop: Stop{Reason: StopCallsys},
		},
		{
			name: "dynamic rounding after mt_fpcr",
			src: `ldt f1,0(a0)
				ldt f2,8(a0)
				mf_fpcr f10
				ldt f11,16(a0)
				mt_fpcr f11
				divt/sud f1,f2,f3
				mt_fpcr f10
				divt/sud f1,f2,f4
				stt f3,24(a0)
				stt f4,32(a0)
				call_pal 0x83`,
			data: []uint64{fpT(1), fpT(3), 0x0c00000000000000},
			want: []uint64{fpT(1), fpT(3), 0x0c00000000000000, fpT(1.0/3) + 1, fpT(1.0 / 3)},
			stop: Stop{Reason: StopCallsys},
		},
		{
			name: "integer division idiom: cvtqt, divt/c, cvttq/c",
			src: `ldt f1,0(a0)
				ldt f2,8(a0)
				cvtqt f1,f1
				cvtqt f2,f2
				divt/c f1,f2,f3
				cvttq/c f3,f3
				stt f3,16(a0)
				call_pal 0x83`,
			data: []uint64{uint64(1<<64 - 100), 7},
			want: []uint64{uint64(1<<64 - 100), 7, uint64(1<<64 - 14)},
			stop: Stop{Reason: StopCallsys},
		},
		{
			name: "compare and FP branch",
			src: `ldt f1,0(a0)
				ldt f2,8(a0)
				cmptlt/su f1,f2,f3
				fbeq f3,no
				stq zero,16(a0)
				call_pal 0x83
			no:	call_pal 0x80`,
			data: []uint64{fpT(1), fpT(2), 5},
			want: []uint64{fpT(1), fpT(2), 0},
			stop: Stop{Reason: StopCallsys},
		},
		{
			name: "ftois and itofs round trip",
			src: `lds f1,0(a0)
				ftois f1,t0
				addl t0,1,t0
				itofs t0,f2
				sts f2,8(a0)
				call_pal 0x83`,
			data: []uint64{uint64(math.Float32bits(1.5))},
			want: []uint64{uint64(math.Float32bits(1.5)), uint64(math.Float32bits(1.5) + 1)},
			stop: Stop{Reason: StopCallsys},
		},
		{
			name: "divide by zero without /S traps at the next pc",
			src: `ldt f1,0(a0)
				divt f1,f31,f3
				call_pal 0x83`,
			data: []uint64{fpT(1)},
			stop: Stop{Reason: StopFault, Signal: abi.SIGFPE, Code: codeFltInv, Addr: 8},
		},
		{
			name: "enabled exception with /S: precise si_code",
			src: `ldt f1,0(a0)
				mult/su f1,f1,f3
				call_pal 0x83`,
			data: []uint64{fpT(1e300)},
			stop: Stop{Reason: StopFault, Signal: abi.SIGFPE, Code: fpeFltOvf, Addr: 8},
		},
		{
			name: "undefined FP function",
			src: `ldt f1,0(a0)
				.long 0x5c220463
				call_pal 0x83`,
			data: []uint64{fpT(1)},
			stop: Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: 8},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCPU(t, tc.src)
			if tc.stop.Code == fpeFltOvf {
				c.SetIEEEControl(swcrEnaOVF)
			}
			buf := make([]byte, 8*8)
			for i, v := range tc.data {
				binary.LittleEndian.PutUint64(buf[8*i:], v)
			}
			if err := c.Mem.WriteAt(buf, dataBase); err != nil {
				t.Fatal(err)
			}
			c.R[16] = dataBase
			st := c.Run(1000)
			want := tc.stop
			if want.Reason == StopFault {
				want.Addr += codeBase
			}
			if st != want {
				t.Fatalf("stop %+v, want %+v", st, want)
			}
			if tc.want == nil {
				return
			}
			if err := c.Mem.ReadAt(buf, dataBase); err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if got := binary.LittleEndian.Uint64(buf[8*i:]); got != w {
					t.Errorf("quadword %d = %#x, want %#x", i, got, w)
				}
			}
		})
	}
}
