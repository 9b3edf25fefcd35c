/* hello: the smallest glibc program; its count is glibc's start-up and exit. */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}
