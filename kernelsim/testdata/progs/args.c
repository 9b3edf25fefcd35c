/* args: argc, argv and the environment as the program sees them. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = '%s'\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env %s\n", *e);
	const char *v = getenv("AXPSEC_TEST");
	printf("AXPSEC_TEST=%s HOME=%s\n", v ? v : "(unset)", getenv("HOME") ? getenv("HOME") : "(unset)");
	return argc;
}
