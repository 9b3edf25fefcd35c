/* signals: handlers via signal and sigaction (with and without SA_SIGINFO),
 * raise, masks and pending signals, sigaltstack, and synchronous faults
 * (SIGSEGV and integer division by zero) recovered with siglongjmp. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int got[65];
static volatile int last_code;
static volatile uintptr_t last_addr;
static volatile int on_alt;
static char altstack[65536];
static sigjmp_buf recover;

static void plain(int sig) { got[sig]++; }

static volatile int depth, maxdepth, total;

static void nest(int sig)
{
	depth++;
	total++;
	if (depth > maxdepth)
		maxdepth = depth;
	if (total < 3)
		raise(sig);
	depth--;
}

static void info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got[sig]++;
	last_code = si->si_code;
	last_addr = (uintptr_t)si->si_addr;
	char here;
	on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

static void fault(int sig, siginfo_t *si, void *uc)
{
	info(sig, si, uc);
	siglongjmp(recover, sig);
}

int main(void)
{
	signal(SIGUSR1, plain);
	raise(SIGUSR1);
	raise(SIGUSR1);
	printf("SIGUSR1 x%d\n", got[SIGUSR1]);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("SIGUSR2 x%d code %d\n", got[SIGUSR2], last_code);

	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: pending %d delivered %d\n", sigismember(&pend, SIGUSR1), got[SIGUSR1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: delivered %d\n", got[SIGUSR1]);

	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
	if (sigaltstack(&ss, NULL) != 0)
		return 2;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGTERM, &sa, NULL);
	raise(SIGTERM);
	printf("SIGTERM x%d on altstack %d\n", got[SIGTERM], on_alt);

	sa.sa_sigaction = fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	if (sigsetjmp(recover, 1) == 0) {
		volatile int *bad = (int *)0x1000;
		*bad = 1;
	}
	printf("SIGSEGV x%d code %d addr %#lx\n", got[SIGSEGV], last_code, (unsigned long)last_addr);
	volatile long zero = 0, num = 17;
	if (sigsetjmp(recover, 1) == 0)
		num = num / zero;
	printf("SIGFPE x%d code %d\n", got[SIGFPE], last_code);

	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	printf("ignored ok\n");

	/* Nested delivery with SA_NODEFER; without it the raise stays pending
	 * until the handler returns. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = nest;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("nodefer depth %d total %d\n", maxdepth, total);
	maxdepth = depth = total = 0;
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("deferred depth %d total %d\n", maxdepth, total);
	sa.sa_handler = plain;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	struct sigaction prev;
	sigaction(SIGUSR2, NULL, &prev);
	printf("resethand: default again %d\n", prev.sa_handler == SIG_DFL);
	errno = 0;
	printf("sigaction(SIGKILL) %d errno %d\n", sigaction(SIGKILL, &sa, NULL), errno);
	return 0;
}
