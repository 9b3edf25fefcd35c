/* trap: installs its own seccomp filter with a TRAP action and emulates the
 * trapped system call in its SIGSYS handler, the way sandboxes built on
 * SECCOMP_RET_TRAP do. It shows the Linux/Alpha SECCOMPv3 register model a
 * handler has to deal with:
 *   - the skipped call sets no return value, so on return r0 still holds
 *     the syscall number and r19 the 4th argument, unless the handler writes
 *     sc_regs[0] and sc_regs[19];
 *   - r1 (the syscall number the kernel works with) is rolled back to the
 *     original number r2 before the signal, then marked -1 for "skipped".
 * No policy is needed; it also runs under one (see policy.toml). */
#include "../runtime/runtime.h"

enum {
	NR_getxuid = 24,
	NR_prctl = 348,
	NR_rt_sigaction = 352,
	NR_seccomp = 514,
	PR_SET_NO_NEW_PRIVS = 38,
	SECCOMP_SET_MODE_FILTER = 1,
	SIGSYS = 12,
	SA_SIGINFO = 0x40,
	SYS_SECCOMP = 1,
};

#define AUDIT_ARCH_ALPHA 0xC0009026u
#define RET_ALLOW 0x7fff0000u
#define RET_TRAP 0x00030000u
#define RET_KILL_PROCESS 0x80000000u

struct sock_filter {
	unsigned short code;
	unsigned char jt, jf;
	unsigned int k;
};

struct sock_fprog {
	unsigned short len;
	const struct sock_filter *filter;
};

/* The kernel's struct sigaction on Alpha (rt_sigaction). */
struct kernel_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	unsigned long mask;
};

/* The handler returns here (rt_sigaction's restorer argument, as glibc
 * passes one): rt_sigreturn(sp) restores the registers the handler edited.
 * Without it the kernel would build a trampoline on the stack, which is not
 * executable. */
void rt_restorer(void);
__asm__(".text\n"
	"\t.align 4\n"
	"\t.globl rt_restorer\n"
	"\t.ent rt_restorer\n"
	"rt_restorer:\n"
	"\tmov $30, $16\n"
	"\tlda $0, 351\n"
	"\tcall_pal 0x83\n"
	"\t.end rt_restorer\n");

/* What the handler saw, printed by main afterwards. */
static struct {
	int count, signo, code, errno_, syscall;
	unsigned arch;
	unsigned long call_addr, pc, r0, r1, r2, r19;
} seen;

/* The ucontext's sigcontext starts at byte 48; sc_pc is its word 2 and
 * sc_regs[32] start at word 4. */
static unsigned long *sc_regs(void *uc) { return (unsigned long *)((char *)uc + 48) + 4; }
static unsigned long sc_pc(void *uc) { return ((unsigned long *)((char *)uc + 48))[2]; }

static void on_sigsys(int sig, void *info, void *uc)
{
	int *si = info;
	unsigned long *regs = sc_regs(uc);
	seen.count++;
	seen.signo = sig;
	seen.errno_ = si[1];
	seen.code = si[2];
	seen.call_addr = *(unsigned long *)((char *)info + 16);
	seen.syscall = si[6];
	seen.arch = (unsigned)si[7];
	seen.pc = sc_pc(uc);
	seen.r0 = regs[0];
	seen.r1 = regs[1];
	seen.r2 = regs[2];
	seen.r19 = regs[19];
	if (seen.errno_ == 1) {
		/* Emulate getxpid: a fake pid as a successful result. */
		regs[0] = 4242;
		regs[19] = 0;
	}
	/* For TRAP(2) the handler sets nothing: the caller gets r0 = nr. */
}

static void report(const char *what, long ret)
{
	printf("%s returned %ld\n", what, ret);
	printf("  handler: signal %d, si_code %d%s, si_errno (TRAP data) %d, si_syscall %d, si_arch 0x%x\n",
	       seen.signo, seen.code, seen.code == SYS_SECCOMP ? " (SYS_SECCOMP)" : "", seen.errno_,
	       seen.syscall, seen.arch);
	printf("  handler: si_call_addr %s sc_pc (the address after callsys)\n",
	       seen.call_addr == seen.pc ? "==" : "!=");
	printf("  handler: sc_regs[0] = %ld (r0: the syscall number, no return value was set)\n", (long)seen.r0);
	printf("  handler: sc_regs[19] = %ld (r19: still the 4th argument)\n", (long)seen.r19);
	printf("  handler: sc_regs[1] = %ld (r1: rolled back to r2, then -1 = skipped)\n", (long)seen.r1);
	printf("  handler: sc_regs[2] = %ld (r2: the original syscall number)\n", (long)seen.r2);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	static const struct sock_filter prog[] = {
		{0x20, 0, 0, 4},                   /* A = arch */
		{0x15, 1, 0, AUDIT_ARCH_ALPHA},    /* if (A == ALPHA) skip */
		{0x06, 0, 0, RET_KILL_PROCESS},
		{0x20, 0, 0, 0},                   /* A = nr */
		{0x15, 0, 1, NR_getxpid},
		{0x06, 0, 0, RET_TRAP | 1},        /* getxpid: TRAP(1), emulated */
		{0x15, 0, 1, NR_getxuid},
		{0x06, 0, 0, RET_TRAP | 2},        /* getxuid: TRAP(2), not emulated */
		{0x06, 0, 0, RET_ALLOW},
	};
	struct sock_fprog fprog = {sizeof prog / sizeof prog[0], prog};
	struct kernel_sigaction act = {on_sigsys, SA_SIGINFO, 0};

	long r = syscall6(NR_rt_sigaction, SIGSYS, (long)&act, 0, 8, (long)rt_restorer, 0);
	if (r < 0) {
		printf("rt_sigaction: errno %ld\n", -r);
		return 1;
	}
	r = syscall6(NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r < 0) {
		printf("prctl(PR_SET_NO_NEW_PRIVS): errno %ld\n", -r);
		return 1;
	}
	r = syscall3(NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&fprog);
	if (r < 0) {
		printf("seccomp(SET_MODE_FILTER): errno %ld\n", -r);
		return 1;
	}
	printf("filter installed: getxpid -> TRAP(1), getxuid -> TRAP(2)\n");

	report("getxpid()", syscall6(NR_getxpid, 0, 0, 0, 0, 0, 0));
	report("getxuid() with a3 = 0", syscall6(NR_getxuid, 0, 0, 0, 0, 0, 0));
	/* With a non-zero 4th argument the untouched r19 reads as an error flag:
	 * the runtime's syscall6 reports -r0 = -24. */
	report("getxuid() with a3 = 1", syscall6(NR_getxuid, 0, 0, 0, 1, 0, 0));
	printf("SIGSYS handled %d times\n", seen.count);
	return 0;
}
