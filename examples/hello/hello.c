/* hello: the smallest useful Alpha Linux program, built with axpsec's own
 * freestanding runtime. It greets, echoes its arguments, and does a little
 * arithmetic (64-bit division is a libgcc call on Alpha). */
#include "../runtime/runtime.h"

static unsigned long factorial(unsigned long n)
{
	return n <= 1 ? 1 : n * factorial(n - 1);
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	printf("Hello from Alpha!\n");
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	unsigned long f = factorial(20) + argc;
	long s = -(long)f / 3;
	int n = -1000003 * argc;
	printf("20!+argc = %lu: /11 = %lu rem %lu; negated /3 = %ld rem %ld\n", f, f / 11, f % 11, s, -(long)f % 3);
	printf("%d / 7 = %d rem %d; as unsigned: %u / 7 = %u rem %u\n", n, n / 7, n % 7, n, (unsigned)n / 7, (unsigned)n % 7);
	printf("pid is %s\n", syscall0(NR_getxpid) > 0 ? "positive" : "odd");
	return 0;
}
