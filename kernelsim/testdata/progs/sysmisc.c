/* sysmisc: assorted system calls whose results do not depend on the host:
 * uname, ids, page size, anonymous and file-backed mmap with mprotect and
 * munmap, getcwd/chdir, readlink of /proc/self/exe, and a zero-length
 * nanosleep. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct utsname u;
	if (uname(&u) != 0)
		return 2;
	printf("sysname %s machine %s\n", u.sysname, u.machine);
	printf("pid>0 %d ppid>0 %d uid==euid %d gid==egid %d pagesize %ld getpagesize %d\n", getpid() > 0, getppid() > 0,
	       getuid() == geteuid(), getgid() == getegid(), sysconf(_SC_PAGESIZE), getpagesize());

	size_t len = 3 * 8192;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 3;
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	memset(p, 0x5a, len);
	printf("anon zeroed %d mprotect %d munmap-middle %d\n", sum == 0, mprotect(p, 8192, PROT_READ),
	       munmap(p + 8192, 8192));
	printf("first byte %#x last byte %#x aligned %d\n", p[0], p[len - 1], (unsigned long)p % 8192 == 0);

	int fd = open(argv[0], O_RDONLY);
	unsigned char *f = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("file mapping %s: %.3s class %d machine %#x\n", f == MAP_FAILED ? "failed" : "ok", f + 1, f[4], f[18] | f[19] << 8);
	close(fd);
	munmap(f, 8192);

	char exe[4096], cwd[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	printf("exe is argv[0]: %d\n", strcmp(exe, argv[0]) == 0);
	if (chdir("/") != 0 || !getcwd(cwd, sizeof cwd))
		return 4;
	printf("cwd %s\n", cwd);

	struct timespec ts = {0, 0};
	printf("nanosleep %d\n", nanosleep(&ts, NULL));
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("monotonic %d argc %d\n", b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec), argc);
	return 0;
}
