/* Hardware FP traps of instructions without software completion.
 *
 * Built with -mno-ieee (no /S qualifiers, optionally -mfp-trap-mode=u):
 * infinite, NaN and denormal operands and INV/DZE/OVF results raise SIGFPE
 * whatever the FPCR says, and Linux reports FPE_FLTINV at the next pc. Each
 * case runs in a sigsetjmp block and prints whether it trapped, with the
 * si_code, or its result. With the argument "nop" it exits at once.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static volatile int code;
static volatile int have_addr;

static void on_fpe(int sig, siginfo_t *si, void *uc) {
	(void)sig;
	(void)uc;
	code = si->si_code;
	have_addr = si->si_addr != 0;
	siglongjmp(jb, 1);
}

static uint64_t bits(double d) {
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

static double from_bits(uint64_t u) {
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "nop") == 0)
		return 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fpe;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGFPE, &sa, NULL);

	volatile double v[] = {1.0, 3.0, 0.0, 1e308, 1e-308, from_bits(1), from_bits(0x7ff0000000000000),
			       from_bits(0x7ff8000000000000), -2.5, 1e-200};
	const int n = sizeof v / sizeof v[0];
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			for (int op = 0; op < 5; op++) {
				volatile double a = v[i], b = v[j], r = 0;
				volatile long l = 0;
				if (sigsetjmp(jb, 1) == 0) {
					switch (op) {
					case 0: r = a + b; break;
					case 1: r = a * b; break;
					case 2: r = a / b; break;
					case 3: r = a < b ? 1.0 : 0.0; break;
					case 4: l = (long)(a * 1e10); r = (double)l; break;
					}
					printf("%d %d %d: %016llx\n", i, j, op, (unsigned long long)bits(r));
				} else {
					printf("%d %d %d: SIGFPE code %d addr %d\n", i, j, op, code, have_addr);
				}
			}
		}
	}
	printf("fpcr flags %x\n", fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW));
	return 0;
}
