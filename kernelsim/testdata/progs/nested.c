/* nested: GCC nested functions, whose trampolines are written to and run
 * from the stack; the linker marks the program as needing an executable
 * stack (PT_GNU_STACK RWX). */
#include <stdio.h>

static int apply(int (*f)(int), int x) { return f(x); }

int main(int argc, char **argv)
{
	(void)argv;
	int k = argc + 41, sum = 0;
	int add(int x) { return x + k; }
	for (int i = 0; i < 5; i++)
		sum += apply(add, i);
	printf("%d %d\n", apply(add, 1), sum);
	return 0;
}
