/* poll, ppoll, select and pselect on pipes fed by child processes: the
 * waits end when a child writes or exits, not by timeout. */
#define _GNU_SOURCE
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t writer(int fd, const char *msg, int delay_ms)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		usleep(delay_ms * 1000);
		write(fd, msg, strlen(msg));
		_exit(0);
	}
	return p;
}

int main(void)
{
	int a[2], b[2], st;
	char buf[32];
	pipe(a);
	pipe(b);

	pid_t p = writer(b[1], "bee", 50);
	struct pollfd fds[2] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}};
	int n = poll(fds, 2, 10000);
	printf("poll: %d ready, a %#x b %#x\n", n, fds[0].revents, fds[1].revents);
	n = read(b[0], buf, sizeof buf);
	printf("read %.*s\n", n, buf);
	waitpid(p, &st, 0);

	p = writer(a[1], "ant", 50);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(a[0], &rs);
	FD_SET(b[0], &rs);
	struct timeval tv = {10, 0};
	n = select(b[0] + 1, &rs, NULL, NULL, &tv);
	printf("select: %d ready, a %d b %d, time left plausible %d\n", n, FD_ISSET(a[0], &rs), FD_ISSET(b[0], &rs), tv.tv_sec >= 8);
	n = read(a[0], buf, sizeof buf);
	printf("read %.*s\n", n, buf);
	waitpid(p, &st, 0);

	p = writer(a[1], "", 0);
	waitpid(p, &st, 0);
	struct timespec ts = {0, 20 * 1000 * 1000};
	sigset_t none;
	sigemptyset(&none);
	fds[0].revents = fds[1].revents = 0;
	printf("ppoll with nothing to read: %d\n", ppoll(fds, 2, &ts, &none));
	FD_ZERO(&rs);
	FD_SET(a[0], &rs);
	fd_set ws;
	FD_ZERO(&ws);
	FD_SET(b[1], &ws);
	n = pselect(b[1] + 1, &rs, &ws, NULL, &ts, &none);
	printf("pselect: %d ready, read a %d, write b %d\n", n, FD_ISSET(a[0], &rs), FD_ISSET(b[1], &ws));

	close(a[1]);
	p = fork();
	if (p == 0) {
		close(b[1]);
		_exit(0);
	}
	close(b[1]);
	waitpid(p, &st, 0);
	fds[0].revents = fds[1].revents = 0;
	n = poll(fds, 2, 10000);
	printf("after the writers close: %d ready, a %#x b %#x\n", n, fds[0].revents, fds[1].revents);
	printf("sched_yield: %d\n", sched_yield());
	return 0;
}
