/* ITIMER_VIRTUAL and ITIMER_PROF: they fire on CPU time only (user time,
 * user plus system time), not while the process sleeps, reload their
 * interval, report their remaining time and are disarmed by a zero value. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "burn.h"

static volatile sig_atomic_t vt, prof;
static void on_vt(int sig) { (void)sig; vt++; }
static void on_prof(int sig) { (void)sig; prof++; }

static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

static void arm(int which, long ms, long interval_ms)
{
	struct itimerval it = {{interval_ms / 1000, interval_ms % 1000 * 1000}, {ms / 1000, ms % 1000 * 1000}};
	if (setitimer(which, &it, NULL) != 0)
		perror("setitimer");
}

static long left_ms(int which, long *interval_us)
{
	struct itimerval it;
	getitimer(which, &it);
	if (interval_us)
		*interval_us = it.it_interval.tv_sec * 1000000 + it.it_interval.tv_usec;
	return it.it_value.tv_sec * 1000 + it.it_value.tv_usec / 1000;
}

int main(void)
{
	struct timespec nap = {0, 200000000};
	long intv;

	handle(SIGVTALRM, on_vt);
	handle(SIGPROF, on_prof);

	/* ITIMER_VIRTUAL fires after 50 ms of user time. */
	arm(ITIMER_VIRTUAL, 50, 0);
	printf("virtual fired: %s\n", yes(burn_until(&vt, 5)));
	printf("virtual disarmed after firing: %s\n", yes(left_ms(ITIMER_VIRTUAL, NULL) == 0));

	/* It does not advance while the process sleeps. */
	vt = 0;
	arm(ITIMER_VIRTUAL, 50, 0);
	nanosleep(&nap, NULL);
	printf("virtual fired during a 200 ms sleep: %s\n", yes(vt != 0));
	printf("virtual left after the sleep > 40 ms: %s\n", yes(left_ms(ITIMER_VIRTUAL, NULL) > 40));
	printf("virtual fired by burning after the sleep: %s\n", yes(burn_until(&vt, 5)));

	/* ITIMER_PROF counts user time too. */
	arm(ITIMER_PROF, 50, 0);
	printf("prof fired: %s\n", yes(burn_until(&prof, 5)));

	/* ... and system time: a loop of system calls fires it. */
	prof = 0;
	arm(ITIMER_PROF, 30, 0);
	double end = cpu_now(CLOCK_PROCESS_CPUTIME_ID) + 5;
	while (!prof && cpu_now(CLOCK_PROCESS_CPUTIME_ID) < end)
		for (int i = 0; i < 100; i++)
			getppid();
	printf("prof fired by system calls: %s\n", yes(prof != 0));

	/* An interval reloads the timer. */
	vt = 0;
	arm(ITIMER_VIRTUAL, 20, 20);
	end = cpu_now(CLOCK_PROCESS_CPUTIME_ID) + 10;
	while (vt < 3 && cpu_now(CLOCK_PROCESS_CPUTIME_ID) < end)
		spin();
	printf("virtual with a 20 ms interval fired 3 times: %s\n", yes(vt >= 3));
	left_ms(ITIMER_VIRTUAL, &intv);
	printf("virtual interval reported: %ld us\n", intv);

	/* setitimer reports the old value; a zero value disarms. */
	struct itimerval zero, old;
	memset(&zero, 0, sizeof zero);
	setitimer(ITIMER_VIRTUAL, &zero, &old);
	printf("old interval: %ld us, old value <= 20 ms: %s\n", (long)(old.it_interval.tv_sec * 1000000 + old.it_interval.tv_usec),
	       yes(old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 25000));
	printf("disarmed: %s\n", yes(left_ms(ITIMER_VIRTUAL, &intv) == 0 && intv == 0));

	/* The remaining time decreases with CPU time used. */
	arm(ITIMER_PROF, 1000, 0);
	burn_ms(CLOCK_PROCESS_CPUTIME_ID, 200);
	long left = left_ms(ITIMER_PROF, NULL);
	printf("prof left after burning 200 ms in (500, 850] ms: %s\n", yes(left > 500 && left <= 850));
	arm(ITIMER_PROF, 0, 0);

	/* Bad arguments. */
	printf("setitimer(3): %d\n", setitimer(3, &zero, NULL));
	return 0;
}
