/* Two processes exchange data through MAP_SHARED mappings of one file that
 * each made on its own after the fork (separate opens, separate mmaps at
 * different offsets of the file): a pipe handshake orders ping and pong,
 * then a shared futex in the file wakes the child. Usage: exchange DIR */
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5

static char path[4096];
static long pg;

/* map opens the file and maps it from page 'first' on, n pages. */
static char *map(int first, int n)
{
	int fd = open(path, O_RDWR);
	if (fd < 0)
		return NULL;
	char *p = mmap(NULL, n * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, first * pg);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static int xread(int fd, char *c) { return read(fd, c, 1) == 1 ? 0 : -1; }

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	pg = sysconf(_SC_PAGESIZE);
	snprintf(path, sizeof path, "%s/exchange.dat", argv[1]);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 3 * pg) != 0)
		return 3;
	close(fd);
	int down[2], up[2];
	if (pipe(down) || pipe(up))
		return 4;
	fflush(stdout);
	pid_t kid = fork();
	if (kid == 0) {
		/* The child maps pages 1..2 only: the parent's page 1 is its page 0. */
		char *m = map(1, 2);
		if (m == NULL)
			_exit(10);
		char c;
		for (int i = 0; i < ROUNDS; i++) {
			if (xread(down[0], &c))
				_exit(11);
			char reply[64];
			snprintf(reply, sizeof reply, "pong %d for [%s]", i, m);
			strcpy(m + pg, reply); /* file page 2 */
			if (write(up[1], "k", 1) != 1)
				_exit(12);
		}
		/* Wait on a futex in file page 2 until the parent sets it. */
		int *word = (int *)(m + 2 * pg - 64);
		while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0)
			syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
		snprintf(m + pg + 1024, 64, "child saw futex word %d", *word);
		_exit(0);
	}
	char *m = map(0, 3);
	if (m == NULL)
		return 5;
	char c;
	for (int i = 0; i < ROUNDS; i++) {
		snprintf(m + pg, 64, "ping %d", i);
		if (write(down[1], "p", 1) != 1 || xread(up[0], &c))
			return 6;
		printf("parent got: %s\n", m + 2 * pg);
	}
	int *word = (int *)(m + 3 * pg - 64);
	__atomic_store_n(word, 42, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
	int st;
	waitpid(kid, &st, 0);
	printf("child status %d: %s\n", WEXITSTATUS(st), m + 2 * pg + 1024);
	return 0;
}
