/* getrusage, times and the CPU clocks agree with the CPU time burnt; sleep
 * is not CPU time; a reaped child's time and memory peak go to its parent
 * (with the grandchildren it reaped itself). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "burn.h"

static double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }
static double total(struct rusage *ru) { return tv(ru->ru_utime) + tv(ru->ru_stime); }

int main(void)
{
	struct rusage ru, cru;
	struct tms tm;
	/* times() counts in USER_HZ ticks: 1024 on Alpha, though qemu-alpha
	 * reports its host's (usually 100), consistently with its AT_CLKTCK. */
	long hz = sysconf(_SC_CLK_TCK);

	getrusage(RUSAGE_CHILDREN, &cru);
	printf("children before any wait: %s\n", yes(total(&cru) == 0 && cru.ru_maxrss == 0));

	double p0 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	burn_ms(CLOCK_THREAD_CPUTIME_ID, 150);
	double p1 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	printf("process clock advanced >= 150 ms: %s\n", yes(p1 - p0 >= 0.15));
	printf("thread clock <= process clock: %s\n", yes(cpu_now(CLOCK_THREAD_CPUTIME_ID) <= cpu_now(CLOCK_PROCESS_CPUTIME_ID)));

	getrusage(RUSAGE_SELF, &ru);
	printf("self user time >= 100 ms: %s\n", yes(tv(ru.ru_utime) >= 0.1));
	printf("self user+system >= 100 ms: %s\n", yes(total(&ru) >= 0.1));
	printf("self maxrss > 0: %s\n", yes(ru.ru_maxrss > 0));
	getrusage(RUSAGE_THREAD, &ru);
	printf("thread user time >= 100 ms: %s\n", yes(tv(ru.ru_utime) >= 0.1));
	times(&tm);
	printf("times utime+stime >= 0.1 s: %s\n", yes(tm.tms_utime + tm.tms_stime >= 0.1 * hz));

	struct timespec nap = {0, 200000000};
	p0 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	nanosleep(&nap, NULL);
	p1 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	printf("a 200 ms sleep used < 50 ms of CPU: %s\n", yes(p1 - p0 < 0.05));
	getrusage(RUSAGE_SELF, &ru);
	printf("voluntary context switches > 0: %s\n", yes(ru.ru_nvcsw > 0));

	/* A child burns 150 ms and touches 16 MiB. */
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		volatile char *m = malloc(16 << 20);
		for (long i = 0; i < 16 << 20; i += 4096)
			m[i] = 1;
		burn_ms(CLOCK_PROCESS_CPUTIME_ID, 150);
		_exit(m[12288] == 1 ? 0 : 1);
	}
	int st;
	memset(&ru, 0, sizeof ru);
	wait4(c, &st, 0, &ru);
	printf("child status %d\n", WEXITSTATUS(st));
	printf("wait4 child user+system >= 100 ms: %s\n", yes(total(&ru) >= 0.1));
	printf("wait4 child maxrss >= 16 MiB: %s\n", yes(ru.ru_maxrss >= 16384));
	getrusage(RUSAGE_CHILDREN, &cru);
	printf("children user+system >= 100 ms: %s\n", yes(total(&cru) >= 0.1));
	printf("children maxrss >= 16 MiB: %s\n", yes(cru.ru_maxrss >= 16384));
	times(&tm);
	printf("times cutime+cstime >= 0.1 s: %s\n", yes(tm.tms_cutime + tm.tms_cstime >= 0.1 * hz));
	double before = total(&cru);

	/* A child that only waits for a grandchild burning 150 ms: wait4
	 * reports the grandchild's time with the child's. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			burn_ms(CLOCK_PROCESS_CPUTIME_ID, 150);
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	memset(&ru, 0, sizeof ru);
	wait4(c, &st, 0, &ru);
	printf("wait4 child with a reaped grandchild >= 100 ms: %s\n", yes(total(&ru) >= 0.1));
	getrusage(RUSAGE_CHILDREN, &cru);
	printf("children grew by >= 100 ms: %s\n", yes(total(&cru) - before >= 0.1));

	printf("getrusage(7): %d\n", getrusage(7, &ru));
	return 0;
}
