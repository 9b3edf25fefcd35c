/* Prints the number of CPUs sched_getaffinity reports. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>

int main(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) != 0) {
		perror("sched_getaffinity");
		return 1;
	}
	printf("%d\n", CPU_COUNT(&set));
	return 0;
}
