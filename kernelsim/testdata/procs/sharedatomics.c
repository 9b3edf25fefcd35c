/* Atomics and a process-shared mutex in MAP_SHARED|MAP_ANONYMOUS memory:
 * argv[1] children (default 3), each with argv[2] threads (default 2), all
 * add to one counter with __atomic_fetch_add (LL/SC across address spaces)
 * and to another under a PTHREAD_PROCESS_SHARED mutex (futexes keyed by
 * the shared page). The totals must be exact. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXTHREADS 16
#define ROUNDS 20000

struct shared {
	long atomic_counter;
	pthread_mutex_t mu;
	long locked_counter;
	long locked_pairs; /* incremented twice per round under the lock: always even outside it */
	long odd_seen;
	int started;
};

static struct shared *sh;

static void *worker(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&sh->started, 1, __ATOMIC_ACQ_REL);
	for (int i = 0; i < ROUNDS; i++) {
		__atomic_fetch_add(&sh->atomic_counter, 1, __ATOMIC_RELAXED);
		pthread_mutex_lock(&sh->mu);
		sh->locked_counter++;
		if (sh->locked_pairs & 1)
			sh->odd_seen++;
		sh->locked_pairs++;
		sh->locked_pairs++;
		pthread_mutex_unlock(&sh->mu);
	}
	return NULL;
}

static int child(int nthreads)
{
	pthread_t th[MAXTHREADS];
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	int nchildren = argc > 1 ? atoi(argv[1]) : 3;
	int nthreads = argc > 2 ? atoi(argv[2]) : 2;
	if (nchildren < 1 || nchildren > MAXTHREADS || nthreads < 1 || nthreads > MAXTHREADS)
		return 2;
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->mu, &attr);
	fflush(stdout);
	pid_t pids[MAXTHREADS];
	for (int i = 0; i < nchildren; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(child(nthreads));
	}
	int ok = 0;
	for (int i = 0; i < nchildren; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	}
	long want = (long)nchildren * nthreads * ROUNDS;
	printf("%d children x %d threads: %d exited 0, %d threads started\n", nchildren, nthreads, ok, sh->started);
	printf("atomic %ld locked %ld (want %ld), pairs %ld, odd seen under the lock %ld\n", sh->atomic_counter, sh->locked_counter, want, sh->locked_pairs, sh->odd_seen);
	return 0;
}
