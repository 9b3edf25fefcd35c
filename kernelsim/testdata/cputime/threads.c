/* CPU time of a multi-threaded process: the process clock sums its
 * threads', a sleeping thread's clock stays still, and ITIMER_PROF fires
 * for the process while two threads burn. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "burn.h"

static volatile sig_atomic_t prof;
static void on_prof(int sig) { (void)sig; prof = 1; }

static double burnt[2];

static void *burner(void *arg)
{
	int i = *(int *)arg;
	burn_ms(CLOCK_THREAD_CPUTIME_ID, 150);
	burnt[i] = cpu_now(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

static double sleeper_clock;

static void *sleeper(void *arg)
{
	(void)arg;
	struct timespec nap = {0, 300000000};
	nanosleep(&nap, NULL);
	sleeper_clock = cpu_now(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

int main(void)
{
	pthread_t th[3];
	int ids[2] = {0, 1};
	double p0 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	pthread_create(&th[2], NULL, sleeper, NULL);
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, burner, &ids[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	double p1 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
	printf("threads burnt >= 150 ms each: %s\n", yes(burnt[0] >= 0.15 && burnt[1] >= 0.15));
	printf("process clock grew by >= 300 ms: %s\n", yes(p1 - p0 >= 0.3));
	printf("sleeping thread's clock < 50 ms: %s\n", yes(sleeper_clock < 0.05));
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("self user+system >= 200 ms: %s\n", yes(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6 >= 0.2));

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_prof;
	sigaction(SIGPROF, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_PROF, &it, NULL);
	/* Two threads burn with SIGPROF blocked in one: it reaches the other. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGPROF);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&th[0], NULL, burner, &ids[0]);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	pthread_join(th[0], NULL);
	printf("prof fired while a thread with it blocked burnt: %s\n", yes(burn_until(&prof, 5)));
	return 0;
}
