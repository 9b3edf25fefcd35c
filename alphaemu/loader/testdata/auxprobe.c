/* auxprobe prints what the kernel put on its initial stack: arguments,
 * environment and auxiliary vector, plus the strings AT_EXECFN and
 * AT_PLATFORM point at. Built with axpsec's freestanding runtime. */
#include "../../../examples/runtime/runtime.h"

int main(int argc, char **argv, char **envp)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv %s\n", argv[i]);
	char **e = envp;
	for (; *e; e++)
		printf("env %s\n", *e);
	for (unsigned long *a = (unsigned long *)(e + 1); a[0]; a += 2) {
		printf("aux %lu %lx\n", a[0], a[1]);
		if (a[0] == 31 || a[0] == 15)
			printf("auxstr %lu %s\n", a[0], (const char *)a[1]);
	}
	printf("spalign %lu\n", (unsigned long)(argv - 1) % 16);
	return 0;
}
