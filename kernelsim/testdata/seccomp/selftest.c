/* Guest-level seccomp tests for axpsec's simulated Linux/Alpha kernel, in
 * the spirit of the kernel's tools/testing/selftests/seccomp: the program
 * installs filters itself through prctl(2) and seccomp(2) and checks what
 * the kernel does. argv[1] selects a scenario; "checks" runs the non-fatal
 * ones and prints one line per check, the others end in the way the Go test
 * (seccomp_guest_test.go) expects: an exit status or a fatal signal. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define NR_getxpid 20
#define NR_getxuid 24
#define NR_getxgid 47
#define NR_sigreturn 103
#define NR_sched_yield 334
#define NR_gettid 378
#define NR_getppid 532
#define NR_seccomp 514
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a seccomp SIGSYS */
#endif

static int failures;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

/* regs is what user code sees after a raw callsys. */
struct regs {
	long r0, r19, r1, r2;
};

static struct regs raw(long nr, long a0, long a1, long a2, long a3)
{
	register long v0 __asm__("$0") = nr;
	register long t0 __asm__("$1");
	register long t1 __asm__("$2");
	register long r16 __asm__("$16") = a0;
	register long r17 __asm__("$17") = a1;
	register long r18 __asm__("$18") = a2;
	register long r19 __asm__("$19") = a3;
	__asm__ volatile("callsys"
			 : "+r"(v0), "=r"(t0), "=r"(t1), "+r"(r16), "+r"(r17), "+r"(r18), "+r"(r19)
			 :
			 : "$3", "$4", "$5", "$6", "$7", "$8", "$20", "$21", "$22", "$23", "$24", "$25",
			   "$27", "$28", "memory");
	struct regs r = {v0, r19, t0, t1};
	return r;
}

static long sc(unsigned op, unsigned flags, void *args)
{
	return syscall(NR_seccomp, op, flags, args);
}

/* filter_nr installs "nr -> ret, else ALLOW" with an arch check. */
static int filter_nr(int nr, unsigned ret)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_ALPHA, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = {sizeof f / sizeof f[0], f};
	return sc(SECCOMP_SET_MODE_FILTER, 0, &p);
}

static struct {
	int calls, signo, code, err, sysno;
	unsigned arch;
	void *call_addr;
	long pc, r0, r19, r1, r2;
} trapped;

static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	trapped.calls++;
	trapped.signo = sig;
	trapped.code = si->si_code;
	trapped.err = si->si_errno;
	trapped.sysno = si->si_syscall;
	trapped.arch = si->si_arch;
	trapped.call_addr = si->si_call_addr;
	trapped.pc = uc->uc_mcontext.sc_pc;
	trapped.r0 = uc->uc_mcontext.sc_regs[0];
	trapped.r19 = uc->uc_mcontext.sc_regs[19];
	trapped.r1 = uc->uc_mcontext.sc_regs[1];
	trapped.r2 = uc->uc_mcontext.sc_regs[2];
	/* Emulate: the trapped call returns 99. */
	uc->uc_mcontext.sc_regs[0] = 99;
	uc->uc_mcontext.sc_regs[19] = 0;
}

static int checks(void)
{
	char buf[64];
	struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	struct sock_fprog pa = {1, allow}, empty = {0, allow};

	check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0, "PR_GET_SECCOMP is 0 initially");
	check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0, "no_new_privs is clear initially");
	check(sc(SECCOMP_SET_MODE_FILTER, 0, &pa) == -1 && errno == EACCES, "filter without no_new_privs: EACCES");
	check(sc(SECCOMP_SET_MODE_FILTER, 0, &empty) == -1 && errno == EINVAL, "empty filter without no_new_privs: EINVAL first");
	check(sc(SECCOMP_SET_MODE_FILTER, 1u << 6, &pa) == -1 && errno == EINVAL, "unknown flag: EINVAL");
	check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS");
	check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "no_new_privs reads back 1");

	unsigned a = SECCOMP_RET_TRAP;
	check(sc(SECCOMP_GET_ACTION_AVAIL, 0, &a) == 0, "TRAP is available");
	a = SECCOMP_RET_ERRNO | 1;
	check(sc(SECCOMP_GET_ACTION_AVAIL, 0, &a) == -1 && errno == EOPNOTSUPP && EOPNOTSUPP == 45,
	      "ERRNO|1 is not an action: EOPNOTSUPP (45 on Alpha)");
	struct seccomp_notif_sizes sz;
	check(sc(SECCOMP_GET_NOTIF_SIZES, 0, &sz) == 0 && sz.seccomp_notif == 80 && sz.seccomp_notif_resp == 24 &&
		      sz.seccomp_data == 64, "notif sizes 80/24/64");

	check(filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 1) == 0, "install getppid -> ERRNO(1)");
	check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2, "PR_GET_SECCOMP is 2 in filter mode");
	check(sc(SECCOMP_SET_MODE_STRICT, 0, NULL) == -1 && errno == EINVAL, "strict after filter: EINVAL");
	check(syscall(NR_getppid) == -1 && errno == 1, "getppid fails with EPERM");
	struct regs r = raw(NR_getppid, 0, 0, 0, 0);
	check(r.r0 == 1 && r.r19 == 1 && r.r1 == -1 && r.r2 == NR_getppid, "ERRNO: r0 = 1, r19 = 1, r1 = -1, r2 = nr");
	r = raw(NR_getxpid, 0, 0, 0, 0);
	check(r.r19 == 0 && r.r0 == getpid() && r.r1 == NR_getxpid && r.r2 == NR_getxpid, "allowed: r1 = r2 = nr");
	check(filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 2) == 0 && syscall(NR_getppid) == -1 && errno == 2,
	      "stacked ERRNO(2) over ERRNO(1): the newest data wins");
	check(filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 3) == 0 && syscall(NR_getppid) == -1 && errno == 3, "and again: ERRNO(3)");

	check(filter_nr(NR_gettid, SECCOMP_RET_ERRNO | 5000) == 0, "install gettid -> ERRNO(5000)");
	r = raw(NR_gettid, 0, 0, 0, 0);
	check(r.r0 == 4095 && r.r19 == 1, "ERRNO data clamps to 4095");
	check(filter_nr(NR_getxuid, SECCOMP_RET_ERRNO | 0) == 0, "install getxuid -> ERRNO(0)");
	r = raw(NR_getxuid, 0, 0, 0, 7);
	check(r.r0 == 0 && r.r19 == 0, "ERRNO(0) succeeds with 0");
	check(filter_nr(NR_getxgid, SECCOMP_RET_TRACE | 3) == 0, "install getxgid -> TRACE");
	r = raw(NR_getxgid, 0, 0, 0, 0);
	check(r.r0 == ENOSYS && r.r19 == 1 && ENOSYS == 78, "TRACE without a tracer: ENOSYS (78)");
	check(filter_nr(NR_getxgid, SECCOMP_RET_USER_NOTIF) == 0, "install getxgid -> USER_NOTIF");
	r = raw(NR_getxgid, 0, 0, 0, 0);
	check(r.r0 == ENOSYS && r.r19 == 1, "USER_NOTIF without a listener: ENOSYS");

	struct sigaction act;
	memset(&act, 0, sizeof act);
	act.sa_sigaction = on_sigsys;
	act.sa_flags = SA_SIGINFO;
	check(sigaction(SIGSYS, &act, NULL) == 0, "SIGSYS handler");
	check(filter_nr(NR_sched_yield, SECCOMP_RET_TRAP | 0x42) == 0, "install sched_yield -> TRAP(0x42)");
	r = raw(NR_sched_yield, 11, 0, 0, 0);
	check(trapped.calls == 1 && trapped.signo == SIGSYS && trapped.code == SYS_SECCOMP, "TRAP: SIGSYS with SYS_SECCOMP");
	check(trapped.err == 0x42 && trapped.sysno == NR_sched_yield && trapped.arch == AUDIT_ARCH_ALPHA,
	      "TRAP: si_errno = data, si_syscall, si_arch");
	check((long)trapped.call_addr == trapped.pc, "TRAP: si_call_addr is the pc after callsys");
	check(trapped.r0 == NR_sched_yield && trapped.r19 == 0, "TRAP skip set no value: r0 = nr, r19 = a3");
	check(trapped.r1 == -1 && trapped.r2 == NR_sched_yield, "TRAP: handler sees r1 = -1, r2 = nr");
	check(r.r0 == 99 && r.r19 == 0, "handler's sc_regs[0]/[19] become the result");

	snprintf(buf, sizeof buf, "%d failures", failures);
	puts(buf);
	return failures != 0;
}

/* strict enters strict mode; with a SIGSEGV handler that skips the
 * faulting load it then returns through rt_sigreturn (SA_SIGINFO) or
 * sigreturn (plain handler), writes and leaves with exit(2). */
static volatile int survived;
static volatile long fault_addr = 8; /* unmapped: the load faults */

static void on_segv_info(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	uc->uc_mcontext.sc_pc += 4;
	survived = 1;
}

static void on_segv_plain(int sig, int code, struct sigcontext *scx)
{
	(void)sig;
	(void)code;
	scx->sc_pc += 4;
	survived = 1;
}

static int strict(const char *how)
{
	struct sigaction act;
	memset(&act, 0, sizeof act);
	if (strcmp(how, "rt") == 0) {
		act.sa_sigaction = on_segv_info;
		act.sa_flags = SA_SIGINFO;
	} else {
		act.sa_handler = (void (*)(int))(void (*)(void))on_segv_plain;
	}
	sigaction(SIGSEGV, &act, NULL);
	fflush(stdout);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0)
		return 3;
	if (strcmp(how, "exit_group") == 0)
		raw(__NR_exit_group, 0, 0, 0, 0);
	if (strcmp(how, "getppid") == 0)
		raw(NR_getppid, 0, 0, 0, 0);
	if (strcmp(how, "write") == 0 || strcmp(how, "rt") == 0 || strcmp(how, "plain") == 0) {
		if (strcmp(how, "write") != 0)
			(void)*(volatile long *)fault_addr;
		const char *msg = survived ? "survived the handler\n" : "strict write\n";
		raw(__NR_write, 1, (long)msg, strlen(msg), 0);
	}
	raw(__NR_exit, 0, 0, 0, 0);
	return 4;
}

/* fatal installs a filter answering getppid with action and calls it. */
static int fatal(unsigned action, int block)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || filter_nr(NR_getppid, action) != 0)
		return 3;
	if (block == 1) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGSYS);
		sigprocmask(SIG_BLOCK, &s, NULL);
	} else if (block == 2) {
		signal(SIGSYS, SIG_IGN);
	}
	fflush(stdout);
	raw(NR_getppid, 0, 0, 0, 0);
	return 0;
}

/* arch installs an x86_64-only filter: every Alpha syscall is killed. */
static int arch(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = {4, f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || sc(SECCOMP_SET_MODE_FILTER, 0, &p) != 0)
		return 3;
	raw(NR_getppid, 0, 0, 0, 0);
	return 0;
}

/* forked: a child inherits its parent's filters; filters it adds later are
 * its own. */
static int forked(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 7) != 0)
		return 3;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = syscall(NR_getppid) == -1 && errno == 7 && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2 &&
			 prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
		ok = ok && filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 8) == 0 && syscall(NR_getppid) == -1 && errno == 8;
		_exit(ok ? 0 : 1);
	}
	int status;
	check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "fork: the child inherits the filter, mode and no_new_privs, and stacks its own");
	check(syscall(NR_getppid) == -1 && errno == 7, "fork: the child's filter does not reach the parent");
	return failures != 0;
}

/* execd: filters, mode and no_new_privs survive execve. */
static int execd(const char *self, int child)
{
	if (child) {
		check(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2, "execve: still in filter mode");
		check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "execve: no_new_privs kept");
		check(syscall(NR_getppid) == -1 && errno == 7, "execve: the filter still applies");
		return failures != 0;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || filter_nr(NR_getppid, SECCOMP_RET_ERRNO | 7) != 0)
		return 3;
	fflush(stdout);
	char *args[] = {"selftest", "exec-child", (char *)self, NULL};
	execv(self, args);
	printf("execv: errno %d\n", errno);
	return 4;
}

static volatile int go, done;

static void *sibling(void *arg)
{
	(void)arg;
	while (!go)
		sched_yield();
	long r = syscall(NR_getppid);
	done = r == -1 && errno == 7;
	return NULL;
}

/* tsync: a filter installed with TSYNC reaches a running sibling thread. */
static int tsync(void)
{
	pthread_t th;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || pthread_create(&th, NULL, sibling, NULL) != 0)
		return 3;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 7),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = {4, f};
	check(sc(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &p) == 0, "TSYNC install with a running sibling");
	go = 1;
	pthread_join(th, NULL);
	check(done, "TSYNC: the sibling thread is filtered too");
	return failures != 0;
}

static void *doomed(void *arg)
{
	(void)arg;
	raw(NR_getppid, 0, 0, 0, 0);
	return (void *)1;
}

/* kill_thread_mt: KILL_THREAD ends only the calling thread. */
static int kill_thread_mt(void)
{
	pthread_t th;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    filter_nr(NR_getppid, SECCOMP_RET_KILL_THREAD) != 0 || pthread_create(&th, NULL, doomed, NULL) != 0)
		return 3;
	void *ret = NULL;
	pthread_join(th, &ret);
	check(ret != (void *)1, "KILL_THREAD: the thread died in getppid");
	printf("main thread survived\n");
	return failures != 0;
}

/* notify: a supervisor answers its child's getppid through the listener
 * fd of a SECCOMP_FILTER_FLAG_NEW_LISTENER filter. */
static int notify(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = {4, f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return 3;
	int fd = sc(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &p);
	check(fd >= 3, "NEW_LISTENER returns a listener fd");
	check(sc(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &p) == -1 && errno == EBUSY,
	      "a second listener in the chain: EBUSY");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd);
		long r = syscall(NR_getppid, 7);
		_exit(r == 4242 ? 0 : 1);
	}
	struct seccomp_notif req;
	memset(&req, 0, sizeof req);
	check(ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0, "NOTIF_RECV");
	check(req.pid == (unsigned)pid && req.data.nr == NR_getppid && req.data.arch == AUDIT_ARCH_ALPHA &&
		      req.data.args[0] == 7, "the notification names the child, getppid and its argument");
	check(ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id) == 0, "NOTIF_ID_VALID while the child waits");
	struct seccomp_notif_resp resp = {.id = req.id, .val = 4242};
	check(ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0, "NOTIF_SEND");
	int status;
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child's getppid returned the supervisor's 4242");
	close(fd);
	check(syscall(NR_getppid) == -1 && errno == ENOSYS, "listener closed: USER_NOTIF gives ENOSYS");
	return failures != 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 100;
	const char *m = argv[1];
	if (strcmp(m, "checks") == 0)
		return checks();
	if (strcmp(m, "strict") == 0 && argc > 2)
		return strict(argv[2]);
	if (strcmp(m, "kill_process") == 0)
		return fatal(SECCOMP_RET_KILL_PROCESS, 0);
	if (strcmp(m, "kill_thread") == 0)
		return fatal(SECCOMP_RET_KILL_THREAD, 0);
	if (strcmp(m, "unknown_action") == 0)
		return fatal(0x00010000, 0);
	if (strcmp(m, "trap_default") == 0)
		return fatal(SECCOMP_RET_TRAP, 0);
	if (strcmp(m, "trap_blocked") == 0)
		return fatal(SECCOMP_RET_TRAP, 1);
	if (strcmp(m, "trap_ignored") == 0)
		return fatal(SECCOMP_RET_TRAP, 2);
	if (strcmp(m, "arch") == 0)
		return arch();
	if (strcmp(m, "fork") == 0)
		return forked();
	if (strcmp(m, "exec") == 0 && argc > 2)
		return execd(argv[2], 0);
	if (strcmp(m, "exec-child") == 0)
		return execd(NULL, 1);
	if (strcmp(m, "tsync") == 0)
		return tsync();
	if (strcmp(m, "kill_thread_mt") == 0)
		return kill_thread_mt();
	if (strcmp(m, "notify") == 0)
		return notify();
	return 100;
}
