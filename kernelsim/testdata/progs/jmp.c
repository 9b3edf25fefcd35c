/* jmp: setjmp/longjmp across frames, and values preserved across the jump. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth;

static void dive(int n)
{
	volatile char pad[64];
	pad[n % 64] = n;
	depth = n;
	if (n == 10)
		longjmp(env, n * pad[n % 64]);
	dive(n + 1);
}

int main(void)
{
	volatile int rounds = 0;
	int v = setjmp(env);
	printf("setjmp returned %d at depth %d rounds %d\n", v, depth, rounds);
	if (rounds++ < 3)
		dive(rounds);
	jmp_buf inner;
	if (!setjmp(inner)) {
		printf("inner first\n");
		longjmp(inner, 0);
	} else {
		printf("inner second (longjmp 0 gives 1)\n");
	}
	return rounds;
}
