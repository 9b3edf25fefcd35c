/* execve keeps the interval timers and the CPU time used so far (Linux:
 * the signal struct and the thread survive exec). The program execs
 * itself with an argument; the new image reports what it inherited. */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "burn.h"

static int armed(int which)
{
	struct itimerval it;
	getitimer(which, &it);
	return it.it_value.tv_sec != 0 || it.it_value.tv_usec != 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("after exec: virtual %s, prof %s, real %s\n", yes(armed(ITIMER_VIRTUAL)), yes(armed(ITIMER_PROF)), yes(armed(ITIMER_REAL)));
		printf("after exec: process clock >= 100 ms: %s\n", yes(cpu_now(CLOCK_PROCESS_CPUTIME_ID) >= 0.1));
		return 0;
	}
	struct itimerval it = {{0, 0}, {30, 0}};
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	setitimer(ITIMER_PROF, &it, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	burn_ms(CLOCK_PROCESS_CPUTIME_ID, 100);
	fflush(stdout);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	perror("execl");
	return 1;
}
