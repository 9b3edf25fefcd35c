/* Accesses past the end of a MAP_SHARED file mapping, with Linux's
 * semantics: a page wholly past the end raises SIGBUS with BUS_ADRERR, a
 * page the file has grown to is mapped on access, and truncating the file
 * takes the page away again and zeroes the tail of the page holding the
 * new end. (qemu-user raises SIGSEGV instead, even after the file grew, so
 * the test compares this with the output Linux gives.) Usage: bus DIR */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int sig, code;
static volatile char *volatile addr;

static void onsig(int s, siginfo_t *si, void *uc)
{
	(void)uc;
	sig = s;
	code = si->si_code;
	addr = si->si_addr;
	siglongjmp(env, 1);
}

/* probe reads *p (write: writes it) and reports the signal it raised. */
static const char *probe(volatile char *p, int write)
{
	static char out[4][64];
	static int n;
	char *o = out[n++ % 4];
	sig = code = 0;
	if (sigsetjmp(env, 1) == 0) {
		if (write)
			*p = 'w';
		else
			(void)*p;
		return "ok";
	}
	/* Byte stores without BWX are quadword read-modify-writes: the fault
	 * address is that of the quadword. */
	snprintf(o, 64, "signal %d code %d at %s", sig, code,
		 ((unsigned long)addr & ~7UL) == ((unsigned long)p & ~7UL) ? "the address" : "another address");
	return o;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	long pg = sysconf(_SC_PAGESIZE);
	struct sigaction sa = {.sa_sigaction = onsig, .sa_flags = SA_SIGINFO};
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	char path[4096], buf[8] = {0};
	snprintf(path, sizeof path, "%s/bus.dat", argv[1]);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 10) != 0)
		return 3;
	char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 4;
	printf("last byte of the file's page: %s\n", probe(m + pg - 1, 0));
	printf("read past the end: %s\n", probe(m + pg, 0));
	printf("write past the end: %s\n", probe(m + 2 * pg + 5, 1));
	ftruncate(fd, 2 * pg);
	printf("after growing: read %s, write %s\n", probe(m + pg + 7, 0), probe(m + pg + 7, 1));
	pread(fd, buf, 1, pg + 7);
	printf("grown page holds '%s'\n", buf);
	m[5] = 'x';
	ftruncate(fd, 4);
	printf("after shrinking: %s, in-page tail byte %d\n", probe(m + pg, 0), m[5]);
	printf("write(2) from past the end: %ld\n", (long)write(1, m + pg, 1));
	return 0;
}
