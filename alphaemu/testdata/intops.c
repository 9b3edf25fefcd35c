/* Differential test program for the Alpha CPU: integer arithmetic, division,
 * shifts, bit counts, the byte-manipulation idioms, unaligned accesses and
 * LL/SC atomics, hashed and printed; argv[1] selects a final fault to check
 * how each one is reported and counted. Built freestanding with axpsec's
 * examples/runtime and run under both qemu-alpha and alphaemu. */
#include "runtime.h"

static unsigned long h = 0xcbf29ce484222325UL;
static unsigned long steps;

static void mix(unsigned long v)
{
	h ^= v;
	h *= 0x100000001b3UL;
	if (++steps % 4096 == 0)
		printf("%lx\n", h);
}

static volatile long vals[] = {
	0, 1, -1, 2, -2, 3, 7, -7, 255, 256, 0x7fffffff, -0x7fffffff - 1, 0xffffffffL,
	0x7fffffffffffffffL, (long)0x8000000000000000UL, 12345678901L, -98765, 1L << 32, 1000003,
};

static char buf[512] __attribute__((aligned(16)));
static volatile long counter;
static const long readonly[4] = { 42, 43, 44, 45 }; /* too big for .sdata */

static void arith(void)
{
	int n = sizeof vals / sizeof vals[0];
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			long a = vals[i], b = vals[j];
			unsigned long ua = a, ub = b;
			int ia = (int)a, ib = (int)b;
			mix(a + b);
			mix(a - b);
			mix(a * b);
			mix((long)ia * ib);
			mix((unsigned)ia * (unsigned)ib);
			mix(a < b);
			mix(ua < ub);
			mix(ua <= ub);
			mix(a == b);
			if (b != 0 && !(b == -1 && a == (long)0x8000000000000000UL)) {
				mix(a / b);
				mix(a % b);
			}
			if (b != 0) {
				mix(ua / ub);
				mix(ua % ub);
			}
			if (ib != 0 && !(ib == -1 && ia == -0x7fffffff - 1)) {
				mix(ia / ib);
				mix(ia % ib);
				mix((unsigned)ia / (unsigned)ib);
			}
			mix(a >> (b & 63));
			mix(ua >> (b & 63));
			mix(ua << (b & 63));
			mix(ia >> (b & 31));
			mix((unsigned)ia << (b & 31));
			mix((unsigned long)((__int128)a * b >> 64));
			mix((unsigned long)((unsigned __int128)ua * ub >> 64));
		}
		long a = vals[i];
		mix(__builtin_popcountl(a));
		mix(__builtin_clzl(a | 1));
		mix(__builtin_ctzl(a | (1UL << 63)));
		mix((unsigned char)a);
		mix((signed char)a);
		mix((short)a);
		mix((unsigned short)a);
		mix(a > 0 ? a : -a);
	}
}

static void bytes(void)
{
	static const char text[] = "The quick brown fox jumps over the lazy dog; 0123456789!";
	int len = sizeof text - 1;
	for (int off = 0; off < 16; off++) {
		volatile char *d = buf + off;
		for (int i = 0; i < len; i++)
			d[i] = text[i] ^ (char)off;
		for (int i = 0; i < len; i++)
			mix((unsigned char)d[i] + i);
		volatile short *s = (volatile short *)(buf + (off & ~1));
		s[3] = (short)(off * 4099);
		mix(s[3]);
		mix((unsigned short)s[2]);
		volatile int *w = (volatile int *)(buf + (off & ~3));
		w[2] = off * 0x01010101;
		mix(w[2]);
	}
	/* Unaligned ordinary loads and stores: fixed up by Linux (and qemu). */
	for (int off = 1; off < 8; off++) {
		volatile long *p = (volatile long *)(buf + 64 + off);
		volatile int *q = (volatile int *)(buf + 128 + off);
		*p = 0x0102030405060708L * off;
		*q = 0x11223344 * off;
		mix(*p);
		mix(*q);
	}
}

static void atomics(void)
{
	for (int i = 0; i < 100; i++) {
		mix(__atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST));
		long expect = counter;
		mix(__atomic_compare_exchange_n(&counter, &expect, expect * 3, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	}
	int x = 5;
	mix(__atomic_exchange_n(&x, 9, __ATOMIC_ACQ_REL) + x);
}

static void fault(const char *how)
{
	volatile long *null = 0;
	volatile long zero = 0;
	if (!strcmp(how, "segv"))
		mix(*null);
	if (!strcmp(how, "store"))
		__asm__ __volatile__("stq %0,0(%1)" : : "r"(1L), "r"(&readonly[1]) : "memory"); /* .rodata is read-only */
	if (!strcmp(how, "div0"))
		mix(100 / zero);
	if (!strcmp(how, "ill"))
		__asm__ __volatile__(".long 0x04000000");
	if (!strcmp(how, "ovf")) {
		long r;
		__asm__ __volatile__("addq/v %1,%1,%0" : "=r"(r) : "r"(0x4000000000000000L));
		mix(r);
	}
	if (!strcmp(how, "bpt"))
		__asm__ __volatile__("call_pal 0x80");
	if (!strcmp(how, "llsc")) {
		long *p = (long *)(buf + 4), v;
		__asm__ __volatile__("ldq_l %0,0(%1)" : "=r"(v) : "r"(p));
		mix(v);
	}
}

/* The kernel's struct sigaction on Alpha: handler, flags, mask. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	unsigned long mask;
};

/* on_signal reports a fatal signal by exiting normally, so that qemu's
 * plugin still prints its count. */
static void on_signal(int sig)
{
	printf("signal %d\n", sig);
	exit(128 + sig);
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	static const int sigs[] = { 4, 5, 8, 10, 11 }; /* ILL TRAP FPE BUS SEGV */
	struct ksigaction sa = { on_signal, 0, 0 };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		syscall6(352, sigs[i], (long)&sa, 0, 8, 0, 0); /* rt_sigaction */
	arith();
	bytes();
	atomics();
	printf("final %lx after %lu steps\n", h, steps);
	flush();
	if (argc > 1)
		fault(argv[1]);
	return (int)(h & 0x7f);
}
