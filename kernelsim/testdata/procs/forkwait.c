/* fork, wait4/waitid status encoding, WNOHANG, ECHILD, getppid, SIGCHLD,
 * stop/continue, process groups and killpg, re-parenting. Output is
 * ordered by pipes and waits only. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by %d%s", what, WTERMSIG(st), WCOREDUMP(st) ? " (core)" : "");
	else if (WIFSTOPPED(st))
		printf("%s: stopped by %d", what, WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		printf("%s: continued", what);
	printf(" [%#x]\n", st);
}

static pid_t spawn(void (*fn)(int), int arg)
{
	fflush(stdout);
	pid_t p = fork();
	if (p < 0) {
		perror("fork");
		exit(99);
	}
	if (p == 0) {
		struct rlimit rl = {0, 0};
		setrlimit(RLIMIT_CORE, &rl);
		fn(arg);
		_exit(98);
	}
	return p;
}

static void exit_with(int code) { _exit(code); }
static void die_by(int sig) { kill(getpid(), sig); pause(); }
static void segv(int unused) { (void)unused; *(volatile int *)16 = 1; }
static void pauser(int unused) { (void)unused; for (;;) pause(); }

static int pfd[2];
static void reader(int unused)
{
	char c;
	(void)unused;
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		_exit(97);
	_exit(c);
}

static volatile sig_atomic_t chld_code, chld_status, chld_pid;
static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid = si->si_pid;
}

int main(void)
{
	int st, i;
	pid_t p, parent = getpid();

	/* exit codes, in creation order */
	pid_t kids[4];
	for (i = 0; i < 4; i++)
		kids[i] = spawn(exit_with, i * 70);
	for (i = 3; i >= 0; i--) {
		if (waitpid(kids[i], &st, 0) != kids[i])
			printf("waitpid %d failed: %s\n", i, strerror(errno));
		show("exit code", st);
	}

	/* deaths by signal */
	p = spawn(die_by, SIGTERM);
	waitpid(p, &st, 0);
	show("SIGTERM", st);
	p = spawn(segv, 0);
	waitpid(p, &st, 0);
	show("SIGSEGV", st);
	p = spawn(die_by, SIGKILL);
	waitpid(p, &st, 0);
	show("SIGKILL", st);

	/* WNOHANG on a running child, then release it through a pipe */
	pipe(pfd);
	p = spawn(reader, 0);
	close(pfd[0]);
	printf("WNOHANG on a running child: %d\n", (int)waitpid(p, &st, WNOHANG));
	write(pfd[1], "\x2a", 1);
	close(pfd[1]);
	printf("wait returns the child: %d\n", waitpid(p, &st, 0) == p);
	show("pipe", st);

	/* no children left */
	errno = 0;
	printf("wait with no children: %d %s\n", (int)wait(&st), strerror(errno));
	printf("WNOHANG with no children: %d %s\n", (int)waitpid(-1, &st, WNOHANG), strerror(errno));

	/* getppid and getpid in the child */
	pipe(pfd);
	fflush(stdout);
	p = fork();
	if (p == 0) {
		char r[2] = {getppid() == parent ? 'y' : 'n', getpid() != parent ? 'y' : 'n'};
		write(pfd[1], r, 2);
		_exit(0);
	}
	{
		char r[2] = {0, 0};
		read(pfd[0], r, 2);
		printf("child sees parent as ppid: %c, own pid: %c\n", r[0], r[1]);
	}
	waitpid(p, &st, 0);
	close(pfd[0]);
	close(pfd[1]);

	/* SIGCHLD with siginfo, collected with sigsuspend */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	p = spawn(exit_with, 3);
	while (chld_pid == 0)
		sigsuspend(&old);
	printf("SIGCHLD: code %d status %d from the child: %d\n", (int)chld_code, (int)chld_status, chld_pid == p);
	waitpid(p, &st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGCHLD, SIG_DFL);

	/* waitid */
	p = spawn(exit_with, 5);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	printf("waitid: %d", waitid(P_PID, p, &si, WEXITED));
	printf(" signo %d code %d status %d pid ok %d\n", si.si_signo, si.si_code, si.si_status, si.si_pid == p);

	/* stop and continue */
	p = spawn(pauser, 0);
	kill(p, SIGSTOP);
	waitpid(p, &st, WUNTRACED);
	show("SIGSTOP", st);
	kill(p, SIGCONT);
	waitpid(p, &st, WCONTINUED);
	show("SIGCONT", st);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	show("killed", st);

	/* a process group of two, killed with killpg */
	pid_t a = spawn(pauser, 0), b = spawn(pauser, 0);
	setpgid(a, a);
	setpgid(b, a);
	printf("group: %d %d\n", getpgid(a) == a, getpgid(b) == a);
	killpg(a, SIGTERM);
	waitpid(a, &st, 0);
	show("group member a", st);
	waitpid(b, &st, 0);
	show("group member b", st);

	/* an orphan is re-parented: its parent exits first */
	pipe(pfd);
	fflush(stdout);
	p = fork();
	if (p == 0) {
		pid_t mid = getpid();
		if (fork() == 0) {
			while (getppid() == mid)
				usleep(1000);
			write(pfd[1], "r", 1);
			_exit(0);
		}
		_exit(0);
	}
	close(pfd[1]);
	waitpid(p, &st, 0);
	{
		char c = 0;
		read(pfd[0], &c, 1);
		printf("orphan re-parented: %c\n", c);
	}
	return 0;
}
