/* The initial process exits while a child of its group is stopped: as
 * when a program started from a shell does so, the group is orphaned and
 * the child is hung up, so the run ends instead of waiting for ever. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		raise(SIGSTOP);
		_exit(3); /* continued without the hang-up: should not happen */
	}
	int status;
	waitpid(c, &status, WUNTRACED);
	printf("child stopped %d\n", WIFSTOPPED(status));
	return 0;
}
