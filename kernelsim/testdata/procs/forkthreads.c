/* fork of a process whose other threads keep writing. argv[1] busy
 * threads (default 3) each increment their own counter of a global array
 * without end; the main thread forks argv[2] times (default 50). Each
 * child reads the array twice with a busy pause between: the copy-on-write
 * snapshot must not change (the busy threads do not exist in the child,
 * and the parent's writes after the fork must not reach it). The child
 * also writes a slot of its own, which the parent must never see. Then a
 * thread other than the main one forks 10 times: its child runs on that
 * thread alone (the main thread, waiting in a join, is not copied). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXTHREADS 16

/* The counters, and the child's slot, share one page. */
static volatile unsigned long counters[MAXTHREADS + 1];

static void *busy(void *arg)
{
	long id = (long)arg;
	for (;;)
		counters[id]++;
	return NULL;
}

static int child(int nthreads)
{
	unsigned long a[MAXTHREADS], b[MAXTHREADS];
	for (int i = 0; i < nthreads; i++)
		a[i] = counters[i];
	for (volatile long n = 0; n < 300000; n++)
		;
	counters[MAXTHREADS] = 0xC0FFEE;
	for (int i = 0; i < nthreads; i++)
		b[i] = counters[i];
	int ok = memcmp(a, b, nthreads * sizeof a[0]) == 0 && counters[MAXTHREADS] == 0xC0FFEE;
	return ok ? 0 : 1;
}

/* fork_from_thread forks from a thread of its own while the main thread
 * joins it: the child must have that thread's stack and TLS and exit with
 * the child's value. */
static __thread int tls_value;

static void *fork_from_thread(void *arg)
{
	(void)arg;
	long ok = 0;
	for (int i = 0; i < 10; i++) {
		tls_value = 100 + i;
		pid_t p = fork();
		if (p == 0)
			_exit(tls_value == 100 + i && counters[MAXTHREADS] == 0 ? i : 99);
		int st;
		ok += waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == i;
	}
	return (void *)ok;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 3;
	int forks = argc > 2 ? atoi(argv[2]) : 50;
	if (nthreads < 1 || nthreads > MAXTHREADS || forks < 1)
		return 2;
	pthread_t th;
	for (long i = 0; i < nthreads; i++)
		pthread_create(&th, NULL, busy, (void *)i);
	for (int i = 0; i < nthreads; i++)
		while (counters[i] == 0)
			;
	fflush(stdout);
	int frozen = 0, other = 0, leaked = 0;
	for (int i = 0; i < forks; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(child(nthreads));
		int st;
		if (waitpid(p, &st, 0) != p)
			other++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			frozen++;
		else
			other++;
		leaked += counters[MAXTHREADS] != 0;
	}
	unsigned long before[MAXTHREADS];
	for (int i = 0; i < nthreads; i++)
		before[i] = counters[i];
	int moving = 0;
	for (int tries = 0; tries < 5000 && moving < nthreads; tries++) {
		usleep(1000);
		moving = 0;
		for (int i = 0; i < nthreads; i++)
			moving += counters[i] != before[i];
	}
	printf("%d forks with %d busy threads: %d children saw a frozen snapshot, %d did not\n", forks, nthreads, frozen, other);
	printf("child's write seen by the parent: %d; parent's threads still counting: %d of %d\n", leaked, moving, nthreads);
	pthread_t forker;
	void *ok;
	pthread_create(&forker, NULL, fork_from_thread, NULL);
	pthread_join(forker, &ok);
	printf("forks from another thread: %ld of 10 children ran as that thread\n", (long)ok);
	exit(0);
}
