/* n pthread create/join cycles (argv[1], default 1000). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *body(void *arg) { return (char *)arg + 1; }

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, bad = 0;
	for (long i = 0; i < n; i++) {
		pthread_t t;
		void *r;
		if (pthread_create(&t, NULL, body, (void *)i) != 0)
			return 2;
		pthread_join(t, &r);
		if ((long)r != i + 1)
			bad++;
	}
	printf("%d threads, %d bad\n", n, bad);
	return bad != 0;
}
