/* execscript [-C DIR] MODE PATH [ARG...] executes PATH with argv
 * {"arg0", ARG...} and prints the error when exec fails.
 * MODE: "path" (execve), "fd" / "fdcloexec" (open PATH, then execveat
 * with AT_EMPTY_PATH), "dirfd" / "dirfdcloexec" (execveat of PATH
 * relative to a descriptor of the working directory). -C DIR changes
 * the working directory first. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1;
	if (argc > 3 && strcmp(argv[1], "-C") == 0) {
		if (chdir(argv[2]) != 0) {
			printf("chdir %s: %s\n", argv[2], strerror(errno));
			return 2;
		}
		i = 3;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: execscript [-C DIR] MODE PATH [ARG...]\n");
		return 2;
	}
	const char *mode = argv[i], *path = argv[i + 1];
	char *args[64];
	int n = 0;
	args[n++] = "arg0";
	for (int j = i + 2; j < argc && n < 63; j++)
		args[n++] = argv[j];
	args[n] = NULL;
	char *env[] = {"LC_ALL=C", NULL};
	int cloexec = strstr(mode, "cloexec") ? O_CLOEXEC : 0;
	if (strcmp(mode, "path") == 0) {
		execve(path, args, env);
	} else if (strncmp(mode, "fd", 2) == 0) {
		int fd = open(path, O_RDONLY | cloexec);
		if (fd < 0) {
			printf("open %s: %s\n", path, strerror(errno));
			return 2;
		}
		syscall(SYS_execveat, fd, "", args, env, AT_EMPTY_PATH);
	} else if (strncmp(mode, "dirfd", 5) == 0) {
		int fd = open(".", O_RDONLY | O_DIRECTORY | cloexec);
		if (fd < 0) {
			printf("open .: %s\n", strerror(errno));
			return 2;
		}
		syscall(SYS_execveat, fd, path, args, env, 0);
	} else {
		fprintf(stderr, "execscript: unknown mode %s\n", mode);
		return 2;
	}
	printf("exec failed: %s\n", strerror(errno));
	return 1;
}
