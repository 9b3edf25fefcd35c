/* pthreads: mutex-protected and atomic counters, a condition-variable
 * ping-pong, join values, distinct tids. argv[1] sets the number of
 * counting threads (default 4, at most MAXTHREADS). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAXTHREADS 64
#define ROUNDS 20000
#define PINGS 500

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long locked_counter, atomic_counter;
static int turn, pings;
static long tids[MAXTHREADS];

static void *worker(void *arg)
{
	long id = (long)arg;
	tids[id] = syscall(SYS_gettid);
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&mu);
		locked_counter++;
		pthread_mutex_unlock(&mu);
		__atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
	}
	return (void *)(id * 10);
}

static void *pinger(void *arg)
{
	int me = (int)(long)arg;
	for (int i = 0; i < PINGS; i++) {
		pthread_mutex_lock(&mu);
		while (turn != me)
			pthread_cond_wait(&cv, &mu);
		pings++;
		turn = 1 - me;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 4;
	if (nthreads < 1 || nthreads > MAXTHREADS)
		return 2;
	pthread_t th[MAXTHREADS];
	for (long i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	long sum = 0;
	for (int i = 0; i < nthreads; i++) {
		void *ret;
		pthread_join(th[i], &ret);
		sum += (long)ret;
	}
	printf("locked %ld atomic %ld (want %d), join sum %ld\n", locked_counter, atomic_counter, nthreads * ROUNDS, sum);
	int distinct = 1;
	long pid = getpid();
	for (int i = 0; i < nthreads; i++) {
		if (tids[i] == pid)
			distinct = 0;
		for (int j = 0; j < i; j++)
			if (tids[i] == tids[j])
				distinct = 0;
	}
	printf("thread ids distinct from each other and the pid: %d\n", distinct);
	pthread_t a, b;
	pthread_create(&a, NULL, pinger, (void *)0L);
	pthread_create(&b, NULL, pinger, (void *)1L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("ping-pong %d (want %d)\n", pings, 2 * PINGS);
	return 3;
}
