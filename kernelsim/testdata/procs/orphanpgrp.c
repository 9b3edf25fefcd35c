/* A stopped process whose group is orphaned gets SIGHUP and SIGCONT
 * (POSIX orphaned process groups): B makes its own group, forks C, which
 * stops itself; B exits, leaving C's group without a link to the session.
 * C dies of SIGHUP, which closes the pipe the initial process reads. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		return 1;
	fflush(stdout);
	pid_t b = fork();
	if (b == 0) {
		setpgid(0, 0);
		pid_t c = fork();
		if (c == 0) {
			close(fds[0]);
			raise(SIGSTOP);
			/* continued without the hang-up: should not happen */
			write(fds[1], "x", 1);
			_exit(0);
		}
		int status;
		waitpid(c, &status, WUNTRACED);
		_exit(WIFSTOPPED(status) ? 0 : 1);
	}
	close(fds[1]);
	int status;
	waitpid(b, &status, 0);
	printf("B exited %d\n", WEXITSTATUS(status));
	char ch;
	ssize_t n = read(fds[0], &ch, 1);
	printf("pipe read %zd: the stopped orphan was hung up\n", n);
	return 0;
}
