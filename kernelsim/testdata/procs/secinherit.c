/* Seccomp state across fork, pthread_create and execve (kernel-abi.md
 * §3.8): a filter making umask fail with errno 42 is inherited by a forked
 * child and a new thread and kept across execve, as are no_new_privs and
 * the mode. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_umask 60

static void report(const char *who)
{
	errno = 0;
	long r = syscall(NR_umask, 022);
	printf("%s: umask %ld errno %d, mode %d, no_new_privs %d\n", who, r, errno,
	       prctl(PR_GET_SECCOMP, 0, 0, 0, 0), prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	fflush(stdout);
}

static void *thread(void *arg)
{
	(void)arg;
	report("thread");
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		report("exec'ed child");
		return 0;
	}
	report("before the filter");
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_umask, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 42),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof insns / sizeof insns[0], insns};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("installing the filter");
		return 1;
	}
	report("after the filter");
	pid_t p = fork();
	if (p == 0) {
		report("forked child");
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
	pthread_t t;
	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
	p = fork();
	if (p == 0) {
		char *av[] = {argv[0], "exec", NULL};
		execv(argv[0], av);
		_exit(9);
	}
	waitpid(p, &st, 0);
	printf("exec'ed child exited %d\n", WEXITSTATUS(st));
	return 0;
}
