/* Process-shared futexes on fresh MAP_SHARED pages: a waiter (a thread,
 * then a child process) waits on a word nobody has written yet; the main
 * thread then writes it and wakes the waiter. The wake must find the
 * waiter: the page's identity must not change when it is first written. */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fds[2];

static int waitword(int *word)
{
	write(fds[1], "r", 1);
	while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0)
		syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
	return *word;
}

static void *waiter(void *word) { return (void *)(long)waitword(word); }

static void wake(int *word, int v)
{
	char c;
	read(fds[0], &c, 1);
	usleep(20000); /* the waiter is most likely asleep by now */
	__atomic_store_n(word, v, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

int main(void)
{
	int *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || pipe(fds) != 0)
		return 1;
	pthread_t t;
	void *r;
	pthread_create(&t, NULL, waiter, a);
	wake(a, 4);
	pthread_join(t, &r);
	printf("thread woken, result %ld\n", (long)r);
	int *b = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return 1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(waitword(b));
	wake(b, 5);
	int status;
	waitpid(pid, &status, 0);
	printf("child woken, exit %d\n", WEXITSTATUS(status));
	return 0;
}
