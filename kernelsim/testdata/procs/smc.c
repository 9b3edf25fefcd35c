/* Self-modifying code across threads. One thread patches a function on a
 * read-write-execute page to return the round number, issues IMB
 * (call_pal 0x86) and posts a semaphore; another thread, which has called
 * the function in earlier rounds (its decoded code is cached), calls it and
 * must see the new constant. Then the caller spins in a loop on the same
 * page (lda v0,0; imb; beq v0,loop) while the patcher rewrites the loop's
 * first instruction: the loop must end with the patched value. argv[1]
 * sets the number of rounds (default 200). With argv[2] "processes", a
 * parent and its child also take turns patching and calling a function on
 * a MAP_SHARED read-write-execute page: each must see the other's patch
 * (as on Linux; qemu-user misses a patch made by another process, so the
 * differential test leaves this part out). */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define LDA_V0(k) (0x201F0000u | ((uint32_t)(k)&0xFFFFu)) /* lda v0,k(zero) */
#define RET 0x6BFA8001u                                 /* ret zero,(ra),1 */
#define IMB 0x00000086u                                 /* call_pal imb */
#define BEQ_V0_BACK3 0xE41FFFFDu                        /* beq v0,.-8 */
#define SPIN_OFFSET 64                                  /* words */

typedef long (*fn_t)(void);

static volatile uint32_t *code;
static sem_t go, done;
static int rounds;
static long constant_seen_wrong, spin_seen_wrong;

static void imb(void)
{
	__asm__ volatile("call_pal 0x86" ::: "memory");
}

static void *patcher(void *arg)
{
	(void)arg;
	for (int r = 1; r <= rounds; r++) {
		code[0] = LDA_V0(r);
		imb();
		sem_post(&go);
		sem_wait(&done);
	}
	for (int r = 1; r <= rounds / 4; r++) {
		code[SPIN_OFFSET] = LDA_V0(0);
		imb();
		sem_post(&go);
		/* Let the caller spin a while, then end its loop. */
		for (volatile int n = 0; n < 2000; n++)
			;
		code[SPIN_OFFSET] = LDA_V0(r);
		imb();
		sem_wait(&done);
	}
	return NULL;
}

static void *caller(void *arg)
{
	(void)arg;
	fn_t constant = (fn_t)(uintptr_t)code;
	fn_t spin = (fn_t)(uintptr_t)(code + SPIN_OFFSET);
	for (int r = 1; r <= rounds; r++) {
		sem_wait(&go);
		constant_seen_wrong += constant() != r;
		sem_post(&done);
	}
	for (int r = 1; r <= rounds / 4; r++) {
		sem_wait(&go);
		spin_seen_wrong += spin() != r;
		sem_post(&done);
	}
	return NULL;
}

/* across_processes: the parent patches the shared function to return r
 * and the child calls it, then the child patches it to return 1000 + r
 * and the parent calls it, for every round r. */
static void across_processes(void)
{
	volatile uint32_t *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		printf("mmap failed\n");
		return;
	}
	volatile int *turn = (volatile int *)(shared + 1024);
	shared[0] = LDA_V0(0);
	shared[1] = RET;
	imb();
	fn_t f = (fn_t)(uintptr_t)shared;
	long first = f(); /* the code is decoded before the fork */
	fflush(stdout);
	int wrong = 0;
	pid_t p = fork();
	if (p == 0) {
		for (int r = 1; r <= rounds; r++) {
			while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 2 * r - 1)
				;
			wrong += f() != r;
			shared[0] = LDA_V0(1000 + r);
			imb();
			__atomic_store_n(turn, 2 * r, __ATOMIC_RELEASE);
		}
		_exit(wrong);
	}
	for (int r = 1; r <= rounds; r++) {
		shared[0] = LDA_V0(r);
		imb();
		__atomic_store_n(turn, 2 * r - 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 2 * r)
			;
		wrong += f() != 1000 + r;
	}
	int st;
	waitpid(p, &st, 0);
	printf("%d patches across processes: before %ld, %d seen wrong by the parent, %d by the child\n", 2 * rounds, first, wrong, WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
	rounds = argc > 1 ? atoi(argv[1]) : 200;
	if (rounds < 4 || rounds > 30000)
		return 2;
	code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		return 1;
	code[0] = LDA_V0(0);
	code[1] = RET;
	code[SPIN_OFFSET] = LDA_V0(0);
	code[SPIN_OFFSET + 1] = IMB;
	code[SPIN_OFFSET + 2] = BEQ_V0_BACK3;
	code[SPIN_OFFSET + 3] = RET;
	imb();
	printf("before patching: %ld\n", ((fn_t)(uintptr_t)code)());
	sem_init(&go, 0, 0);
	sem_init(&done, 0, 0);
	pthread_t a, b;
	pthread_create(&a, NULL, caller, NULL);
	pthread_create(&b, NULL, patcher, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%d patched constants: %ld seen wrong\n", rounds, constant_seen_wrong);
	printf("%d patched spin loops: %ld ended with a wrong value\n", rounds / 4, spin_seen_wrong);
	if (argc > 2 && strcmp(argv[2], "processes") == 0)
		across_processes();
	return 0;
}
