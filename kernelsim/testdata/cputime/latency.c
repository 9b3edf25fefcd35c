/* How late ITIMER_VIRTUAL fires: argv[1] rounds of arming it for 20 ms
 * and spinning in a loop without system calls until SIGVTALRM; the
 * handler reads the process CPU clock. Prints the mean overshoot past
 * 20 ms of CPU time, in microseconds. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t fired;
static struct timespec at;

static void on_vt(int sig)
{
	(void)sig;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &at);
	fired = 1;
}

static double secs(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_vt;
	sigaction(SIGVTALRM, &sa, NULL);
	double over = 0;
	for (int i = 0; i < rounds; i++) {
		struct itimerval it = {{0, 0}, {0, 20000}};
		struct timespec start;
		volatile unsigned long n = 0;
		fired = 0;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
		setitimer(ITIMER_VIRTUAL, &it, NULL);
		while (!fired)
			n++;
		over += secs(at) - secs(start) - 0.02;
	}
	printf("%.0f\n", over / rounds * 1e6);
	return 0;
}
