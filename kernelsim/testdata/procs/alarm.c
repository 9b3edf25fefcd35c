/* Blocking calls interrupted by SIGALRM: EINTR without SA_RESTART, a
 * restarted read with SA_RESTART, an interrupted wait4 and nanosleep,
 * and an interval timer. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void handler(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

static void arm(long ms, long interval_ms)
{
	struct itimerval it = {{interval_ms / 1000, interval_ms % 1000 * 1000}, {ms / 1000, ms % 1000 * 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	int fd[2], st;
	char buf[8];
	pipe(fd);

	handler(0);
	alarms = 0;
	arm(30, 0);
	errno = 0;
	ssize_t n = read(fd[0], buf, sizeof buf);
	printf("read without SA_RESTART: %d %s, alarms %d\n", (int)n, strerror(errno), (int)alarms);

	handler(SA_RESTART);
	alarms = 0;
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		usleep(150000);
		write(fd[1], "late", 4);
		_exit(0);
	}
	arm(30, 0);
	n = read(fd[0], buf, sizeof buf);
	printf("read with SA_RESTART: %d %.4s, alarms %d\n", (int)n, buf, (int)alarms);
	waitpid(p, &st, 0);

	handler(0);
	alarms = 0;
	fflush(stdout);
	p = fork();
	if (p == 0) {
		for (;;)
			pause();
	}
	arm(30, 0);
	errno = 0;
	printf("wait4 interrupted: %d %s, alarms %d\n", (int)waitpid(p, &st, 0), strerror(errno), (int)alarms);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	printf("then killed: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);

	alarms = 0;
	arm(30, 0);
	struct timespec ts = {5, 0}, rem = {0, 0};
	errno = 0;
	int r = nanosleep(&ts, &rem);
	printf("nanosleep interrupted: %d %s, remaining plausible %d\n", r, strerror(errno), rem.tv_sec >= 3 && rem.tv_sec <= 5);

	alarms = 0;
	arm(10, 10);
	while (alarms < 5)
		pause();
	arm(0, 0);
	struct itimerval left;
	getitimer(ITIMER_REAL, &left);
	printf("interval timer fired %d times, now disarmed %d\n", (int)alarms >= 5, left.it_value.tv_sec == 0 && left.it_value.tv_usec == 0);

	alarm(1);
	unsigned prev = alarm(0);
	printf("alarm remaining %u\n", prev);
	return 0;
}
