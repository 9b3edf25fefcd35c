/* SIGSTOP stops every thread of a process: a child's spinning thread
 * counts in MAP_SHARED memory; the parent sees the count frozen while the
 * child is stopped (the signal went to its other, pausing thread) and
 * moving again after SIGCONT. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long *counter;

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
	return NULL;
}

static long settle(void)
{
	long a;
	do {
		a = *counter;
		usleep(20000);
	} while (a == 0);
	return a;
}

int main(void)
{
	counter = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin, NULL);
		for (;;)
			pause();
	}
	settle();
	int st;
	/* To the main thread (pausing), not the spinning one. */
	syscall(SYS_tgkill, p, p, SIGSTOP);
	waitpid(p, &st, WUNTRACED);
	printf("stopped: %d\n", WIFSTOPPED(st));
	long a = *counter;
	usleep(50000);
	long b = *counter;
	printf("count frozen while stopped: %d\n", a == b);
	kill(p, SIGCONT);
	waitpid(p, &st, WCONTINUED);
	printf("continued: %d\n", WIFCONTINUED(st));
	usleep(50000);
	printf("count moves again: %d\n", *counter != b);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	printf("killed: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	return 0;
}
