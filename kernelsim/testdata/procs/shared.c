/* MAP_SHARED anonymous memory across fork: LL/SC atomic counters and a
 * futex-free spin handshake; MAP_PRIVATE memory is copy-on-write. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define KIDS 4
#define ROUNDS 20000

static int private_value = 7;

int main(void)
{
	long *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || priv == MAP_FAILED)
		return 1;
	*priv = 11;
	fflush(stdout);
	for (int k = 0; k < KIDS; k++) {
		if (fork() == 0) {
			for (int i = 0; i < ROUNDS; i++)
				__atomic_fetch_add(&shared[0], 1, __ATOMIC_SEQ_CST);
			__atomic_fetch_add(&shared[1], k + 1, __ATOMIC_SEQ_CST);
			*priv = 100 + k;
			private_value = 200 + k;
			_exit(k);
		}
	}
	int sum = 0, st;
	for (int k = 0; k < KIDS; k++) {
		wait(&st);
		sum += WEXITSTATUS(st);
	}
	printf("shared counter %ld (want %d), ids %ld, exit sum %d\n", shared[0], KIDS * ROUNDS, shared[1], sum);
	printf("private mapping %d, private data %d\n", *priv, private_value);
	return 0;
}
