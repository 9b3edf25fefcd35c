/* Writes 64 pages, forks a child that exits (argv[1] = "exit") or execs
 * this program with "child" (argv[1] = "exec"), waits for it, then writes
 * the 64 pages again: once the child is gone, the pages it shared
 * copy-on-write are the parent's again and need no copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 64
#define PAGE 8192

static volatile char buf[PAGES * PAGE];

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 7;
	for (int i = 0; i < PAGES; i++)
		buf[i * PAGE] = 1;
	pid_t pid = fork();
	if (pid == 0) {
		if (argc > 1 && strcmp(argv[1], "exec") == 0) {
			execl("/proc/self/exe", argv[0], "child", (char *)NULL);
			_exit(99);
		}
		_exit(7);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	for (int i = 0; i < PAGES; i++)
		buf[i * PAGE] = 2;
	printf("child status %d\n", WEXITSTATUS(status));
	return 0;
}
