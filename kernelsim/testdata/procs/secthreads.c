/* Seccomp in a multi-threaded process: a filter installed without TSYNC
 * binds only the calling thread, with TSYNC every thread; KILL_THREAD ends
 * only the offending thread (its joiner is woken through clear_child_tid)
 * until the last thread, whose death is the process's (SIGSYS). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_umask 60
#define NR_getxgid 47
#define NR_seccomp 514

static int go[2], back[2];

static long try_umask(void)
{
	errno = 0;
	long r = syscall(NR_umask, 022);
	return r < 0 ? -errno : 0;
}

static int install(unsigned int flags, int nr, unsigned int action)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof insns / sizeof insns[0], insns};
	return syscall(NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

/* The helper thread obeys one-letter commands: u = try umask, f = install
 * its own KILL_THREAD filter on getxgid, k = call getxgid. */
static void *helper(void *arg)
{
	char c;
	(void)arg;
	while (read(go[0], &c, 1) == 1) {
		long r = 0;
		if (c == 'u')
			r = try_umask();
		else if (c == 'f')
			r = install(0, NR_getxgid, SECCOMP_RET_KILL_THREAD);
		else
			r = syscall(NR_getxgid);
		write(back[1], &r, sizeof r);
	}
	return NULL;
}

static long ask(char what)
{
	long r;
	write(go[1], &what, 1);
	read(back[0], &r, sizeof r);
	return r;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(go);
	pipe(back);
	pthread_t t;
	pthread_create(&t, NULL, helper, NULL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

	install(0, NR_umask, SECCOMP_RET_ERRNO | 7);
	printf("without TSYNC: main %ld, helper %ld\n", try_umask(), ask('u'));
	printf("TSYNC: %d\n", install(SECCOMP_FILTER_FLAG_TSYNC, NR_umask, SECCOMP_RET_ERRNO | 8));
	printf("with TSYNC: main %ld, helper %ld\n", try_umask(), ask('u'));
	printf("helper's own filter: %ld\n", ask('f'));
	printf("TSYNC refused once the helper's filters diverge: %d\n",
	       install(SECCOMP_FILTER_FLAG_TSYNC, NR_umask, SECCOMP_RET_ERRNO | 9) > 0);
	printf("after the refused TSYNC: main %ld, helper %ld\n", try_umask(), ask('u'));

	write(go[1], "k", 1); /* the helper calls getxgid: KILL_THREAD */
	pthread_join(t, NULL);
	printf("helper killed and joined; main still runs: %d\n", getpid() > 0);
	install(0, NR_getxgid, SECCOMP_RET_KILL_THREAD);
	syscall(NR_getxgid); /* the last thread: the process dies of SIGSYS */
	printf("not reached\n");
	return 0;
}
