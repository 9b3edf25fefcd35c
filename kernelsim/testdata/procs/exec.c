/* execve and posix_spawn of this program: what exec keeps (pid, fds
 * without FD_CLOEXEC, ignored signals, the signal mask) and resets
 * (handlers), the child's exit status, and exec errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void on_usr2(int sig) { (void)sig; }

static int child(int argc, char **argv)
{
	printf("child argv:");
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\nenv EXECTEST=%s\n", getenv("EXECTEST") ? getenv("EXECTEST") : "(unset)");
	printf("pid kept: %d\n", argc > 2 && getpid() == atoi(argv[2]));
	errno = 0;
	printf("fd 5 kept: %d, fd 6 (cloexec) closed: %d\n", fcntl(5, F_GETFD) >= 0, fcntl(6, F_GETFD) < 0 && errno == EBADF);
	struct sigaction sa;
	sigaction(SIGUSR1, NULL, &sa);
	printf("SIGUSR1 still ignored: %d\n", sa.sa_handler == SIG_IGN);
	sigaction(SIGUSR2, NULL, &sa);
	printf("SIGUSR2 handler reset: %d\n", sa.sa_handler == SIG_DFL);
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	printf("SIGINT still blocked: %d\n", sigismember(&m, SIGINT));
	return 4;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child(argc, argv);
	if (argc > 1 && strcmp(argv[1], "spawned") == 0) {
		printf("spawned with %s\n", argc > 2 ? argv[2] : "nothing");
		return 5;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd[2];
	pipe(fd);
	dup2(fd[0], 5);
	dup2(fd[1], 6);
	fcntl(6, F_SETFD, FD_CLOEXEC);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, on_usr2);
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGINT);
	sigprocmask(SIG_BLOCK, &m, NULL);

	pid_t p = fork();
	if (p == 0) {
		char pid[16];
		snprintf(pid, sizeof pid, "%d", (int)getpid());
		char *av[] = {argv[0], "child", pid, NULL};
		char *ev[] = {"EXECTEST=yes", NULL};
		execve(argv[0], av, ev);
		_exit(99);
	}
	int st;
	waitpid(p, &st, 0);
	printf("exec'ed child: exited %d\n", WEXITSTATUS(st));

	char *sv[] = {argv[0], "spawned", "posix_spawn", NULL};
	if (posix_spawn(&p, argv[0], NULL, NULL, sv, environ) != 0)
		printf("posix_spawn failed\n");
	waitpid(p, &st, 0);
	printf("posix_spawn child: exited %d\n", WEXITSTATUS(st));

	p = vfork();
	if (p == 0) {
		char *av[] = {argv[0], "spawned", "vfork", NULL};
		execv(argv[0], av);
		_exit(98);
	}
	waitpid(p, &st, 0);
	printf("vfork child: exited %d\n", WEXITSTATUS(st));

	char *nv[] = {"x", NULL};
	errno = 0;
	execv("/nonexistent/program", nv);
	printf("exec of a missing file: %s\n", strerror(errno));
	errno = 0;
	execv("/dev/null", nv);
	printf("exec of a device: %s\n", strerror(errno));
	return 0;
}
