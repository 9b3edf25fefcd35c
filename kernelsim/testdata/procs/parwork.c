/* A fixed amount of computation split over argv[1] threads (argv[2]
 * iterations in all): the printed sum does not depend on the split, the
 * wall time does when threads run in parallel. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXTHREADS 16

static long total;
static int nthreads;

static unsigned long mix(unsigned long x)
{
	for (int r = 0; r < 8; r++) {
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9UL;
		x ^= x << 7;
	}
	return x;
}

static void *work(void *arg)
{
	long k = (long)arg;
	unsigned long sum = 0;
	for (long i = total * k / nthreads; i < total * (k + 1) / nthreads; i++)
		sum += mix(i);
	return (void *)sum;
}

int main(int argc, char **argv)
{
	nthreads = argc > 1 ? atoi(argv[1]) : 2;
	total = argc > 2 ? atol(argv[2]) : 1000000;
	if (nthreads < 1 || nthreads > MAXTHREADS)
		return 2;
	pthread_t t[MAXTHREADS];
	for (long k = 1; k < nthreads; k++)
		if (pthread_create(&t[k], NULL, work, (void *)k) != 0)
			return 2;
	unsigned long sum = (unsigned long)work(0);
	for (long k = 1; k < nthreads; k++) {
		void *r;
		pthread_join(t[k], &r);
		sum += (unsigned long)r;
	}
	printf("sum %016lx\n", sum);
	return 0;
}
