/* Three processes, each with its own open and MAP_SHARED mapping of one
 * file (at different offsets), increment one counter in it with LL/SC
 * atomics, and add to a second one under a lock taken with
 * compare-and-swap: the totals are exact. Usage: counter DIR */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define KIDS 3
#define ROUNDS 20000

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	long pg = sysconf(_SC_PAGESIZE);
	char path[4096];
	snprintf(path, sizeof path, "%s/counter.dat", argv[1]);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 2 * pg) != 0)
		return 3;
	close(fd);
	fflush(stdout);
	for (int k = 0; k < KIDS; k++) {
		if (fork() != 0)
			continue;
		int f = open(path, O_RDWR);
		/* Kid k maps from page k%2: the counters are in file page 1. */
		int first = k % 2;
		char *m = mmap(NULL, (2 - first) * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, first * pg);
		if (f < 0 || m == MAP_FAILED)
			_exit(10);
		long *ctr = (long *)(m + (1 - first) * pg);
		for (int i = 0; i < ROUNDS; i++) {
			__atomic_fetch_add(&ctr[0], 1, __ATOMIC_SEQ_CST);
			int unlocked = 0;
			while (!__atomic_compare_exchange_n((int *)&ctr[1], &unlocked, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				unlocked = 0;
			ctr[2] += k + 1; /* plain read-modify-write under the lock */
			__atomic_store_n((int *)&ctr[1], 0, __ATOMIC_RELEASE);
		}
		_exit(0);
	}
	int bad = 0, st;
	for (int k = 0; k < KIDS; k++) {
		wait(&st);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	fd = open(path, O_RDONLY);
	long v[3];
	if (pread(fd, v, sizeof v, pg) != sizeof v)
		return 4;
	printf("counter %ld (want %d), locked sum %ld (want %d), failed kids %d\n",
	       v[0], KIDS * ROUNDS, v[2], ROUNDS * KIDS * (KIDS + 1) / 2, bad);
	return 0;
}
