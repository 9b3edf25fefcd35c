/* cat: copies the files named on the command line (or standard input) to
 * standard output; a small program for trying file-access policies. */
#include "../runtime/runtime.h"

static int copy(int fd, const char *name)
{
	char buf[4096];
	for (;;) {
		long n = read(fd, buf, sizeof buf);
		if (n == 0)
			return 0;
		if (n < 0) {
			eprintf("cat: %s: read error %ld\n", name, -n);
			return 1;
		}
		flush();
		for (long off = 0; off < n;) {
			long w = write(1, buf + off, n - off);
			if (w <= 0) {
				eprintf("cat: write error %ld\n", -w);
				return 1;
			}
			off += w;
		}
	}
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc < 2)
		return copy(0, "stdin");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			eprintf("cat: %s: cannot open (errno %d)\n", argv[i], -fd);
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
