/* CPU-burning helpers shared by the cputime programs. */
#include <signal.h>
#include <time.h>

static volatile unsigned long sink;

/* cpu_now returns clock c in seconds. */
static double cpu_now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* spin runs a short stretch of pure user-mode work. */
static void spin(void)
{
	for (int i = 0; i < 20000; i++)
		sink += i;
}

/* burn_ms uses ms milliseconds of clock c (a CPU clock). */
static void burn_ms(clockid_t c, long ms)
{
	double end = cpu_now(c) + ms / 1e3;
	while (cpu_now(c) < end)
		spin();
}

/* burn_until spins until *flag is set or limit_s seconds of process CPU
 * time have gone by; it returns whether the flag was set. */
static int burn_until(volatile sig_atomic_t *flag, double limit_s)
{
	double end = cpu_now(CLOCK_PROCESS_CPUTIME_ID) + limit_s;
	while (!*flag && cpu_now(CLOCK_PROCESS_CPUTIME_ID) < end)
		spin();
	return *flag != 0;
}

static const char *yes(int b) { return b ? "yes" : "no"; }
