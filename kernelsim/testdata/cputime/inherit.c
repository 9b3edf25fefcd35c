/* Interval timers are not inherited by a fork child; the parent's stay
 * armed. CPU time starts from zero in the child. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "burn.h"

static int armed(int which)
{
	struct itimerval it;
	getitimer(which, &it);
	return it.it_value.tv_sec != 0 || it.it_value.tv_usec != 0;
}

int main(void)
{
	struct itimerval it = {{0, 0}, {30, 0}};
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	setitimer(ITIMER_PROF, &it, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	burn_ms(CLOCK_PROCESS_CPUTIME_ID, 100);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("child: virtual %s, prof %s, real %s\n", yes(armed(ITIMER_VIRTUAL)), yes(armed(ITIMER_PROF)), yes(armed(ITIMER_REAL)));
		printf("child: user time < 50 ms: %s\n", yes(ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec < 50000));
		printf("child: process clock < 50 ms: %s\n", yes(cpu_now(CLOCK_PROCESS_CPUTIME_ID) < 0.05));
		fflush(stdout);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("parent: virtual %s, prof %s, real %s\n", yes(armed(ITIMER_VIRTUAL)), yes(armed(ITIMER_PROF)), yes(armed(ITIMER_REAL)));
	return 0;
}
