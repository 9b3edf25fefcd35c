/* hello.c: a glibc program used to test loading a dynamically linked binary. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s with %d arguments\n", argv[0], argc - 1);
	return 0;
}
