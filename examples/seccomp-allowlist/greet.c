/* greet: the program of the allow-list example. It greets and exits; with
 * the argument "open" it first tries to open a file, a system call the
 * example policy does not allow, so axpsec's policy kills it. */
#include "../runtime/runtime.h"

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	printf("Hello from Alpha, running under a seccomp allow-list.\n");
	if (argc > 1 && strcmp(argv[1], "open") == 0) {
		printf("Now trying to open /etc/passwd...\n");
		flush();
		int fd = open("/etc/passwd", O_RDONLY);
		printf("open returned %d: the policy did not stop it!\n", fd);
		return 1;
	}
	printf("Done.\n");
	return 0;
}
