/* Forks children that wait on a pipe until fork fails, then releases and
 * reaps them: the simulated kernel's limits must stop the bomb cleanly. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fd[2], n = 0, st;
	char c;
	pipe(fd);
	for (;;) {
		pid_t p = fork();
		if (p < 0)
			break;
		if (p == 0) {
			close(fd[1]);
			read(fd[0], &c, 1);
			_exit(0);
		}
		n++;
	}
	int e = errno;
	close(fd[1]);
	int reaped = 0;
	while (wait(&st) > 0)
		reaped++;
	printf("fork failed after %d children: %s; reaped %d\n", n, strerror(e), reaped);
	return 0;
}
