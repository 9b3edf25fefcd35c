/* Ending and signalling threads that spin without system calls. A child
 * whose argv[1] threads (default 3) spin is killed with SIGKILL; another
 * calls exit from its main thread (exit_group) while they spin; in a third
 * a spinning thread calls exit_group while the main thread spins. Then
 * tgkill sends SIGUSR1 to a spinning thread, argv[2] times (default 20):
 * the handler runs on that thread and sets a flag the spinner's loop
 * observes. Last, interval timers (ITIMER_REAL, _VIRTUAL, _PROF) send
 * their process-directed signals while every thread spins, the main one
 * with the signal blocked: other threads must take them. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXTHREADS 16

/* Counters in MAP_SHARED memory: the parent sees the children spin. */
static volatile long *spins;
static int nthreads;

static void *spin(void *arg)
{
	volatile long *c = &spins[(long)arg];
	for (;;)
		(*c)++;
	return NULL;
}

static void *spin_then_exit_group(void *arg)
{
	volatile long *c = &spins[(long)arg];
	while (*c < 100000)
		(*c)++;
	syscall(SYS_exit_group, 9);
	return NULL;
}

/* all_spinning waits until every counter below n moves. */
static void all_spinning(int n)
{
	for (int i = 0; i < n; i++)
		while (spins[i] == 0)
			usleep(100);
}

enum { BY_SIGKILL, BY_MAIN_EXIT, BY_THREAD_EXIT_GROUP };

static void spinning_child(int how)
{
	for (int i = 0; i <= nthreads; i++)
		spins[i] = 0;
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		pthread_t t;
		for (long i = 0; i < nthreads; i++)
			pthread_create(&t, NULL, how == BY_THREAD_EXIT_GROUP && i == 0 ? spin_then_exit_group : spin, (void *)i);
		switch (how) {
		case BY_SIGKILL:
			spin((void *)(long)nthreads);
			break;
		case BY_MAIN_EXIT:
			all_spinning(nthreads);
			exit(7);
		case BY_THREAD_EXIT_GROUP:
			spin((void *)(long)nthreads);
			break;
		}
	}
	if (how == BY_SIGKILL) {
		all_spinning(nthreads + 1);
		kill(p, SIGKILL);
	}
	int st;
	if (waitpid(p, &st, 0) != p) {
		printf("waitpid failed\n");
		return;
	}
	if (WIFSIGNALED(st))
		printf("child killed by signal %d\n", WTERMSIG(st));
	else
		printf("child exited with %d\n", WEXITSTATUS(st));
}

static volatile sig_atomic_t flag;
static volatile pid_t handler_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = syscall(SYS_gettid);
	flag = 1;
}

static volatile pid_t spinner_tid;
static volatile long observed;

static void *flag_spinner(void *arg)
{
	(void)arg;
	spinner_tid = syscall(SYS_gettid);
	for (;;) {
		while (!flag)
			spins[0]++;
		flag = 0;
		__atomic_fetch_add(&observed, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static volatile long ticks;

static void on_tick(int sig)
{
	(void)sig;
	__atomic_fetch_add(&ticks, 1, __ATOMIC_RELAXED);
}

static void *spin_until_ticks(void *arg)
{
	volatile long *c = &spins[(long)arg];
	while (__atomic_load_n(&ticks, __ATOMIC_RELAXED) < 20)
		(*c)++;
	return NULL;
}

/* timer_signals runs an interval timer of kind which until 20 of its
 * signals were handled, by threads that spin without system calls. */
static void timer_signals(int which, int sig, const char *name)
{
	signal(sig, on_tick);
	ticks = 0;
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_t t[MAXTHREADS];
	for (long i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, spin_until_ticks, (void *)i);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	struct itimerval it = {{0, 5000}, {0, 5000}}, off = {{0, 0}, {0, 0}};
	setitimer(which, &it, NULL);
	spin_until_ticks((void *)(long)nthreads);
	setitimer(which, &off, NULL);
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	printf("%s: 20 signals handled while %d threads spin: %d\n", name, nthreads + 1, ticks >= 20);
}

int main(int argc, char **argv)
{
	nthreads = argc > 1 ? atoi(argv[1]) : 3;
	int signals = argc > 2 ? atoi(argv[2]) : 20;
	if (nthreads < 1 || nthreads >= MAXTHREADS || signals < 1)
		return 2;
	spins = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	spinning_child(BY_SIGKILL);
	spinning_child(BY_MAIN_EXIT);
	spinning_child(BY_THREAD_EXIT_GROUP);

	signal(SIGUSR1, on_usr1);
	spins[0] = 0;
	pthread_t t;
	pthread_create(&t, NULL, flag_spinner, NULL);
	all_spinning(1);
	int on_spinner = 0;
	for (int i = 1; i <= signals; i++) {
		syscall(SYS_tgkill, getpid(), spinner_tid, SIGUSR1);
		while (__atomic_load_n(&observed, __ATOMIC_ACQUIRE) != i)
			;
		on_spinner += handler_tid == spinner_tid;
	}
	printf("%d signals to a spinning thread: %ld observed by its loop, %d handled on it\n", signals, observed, on_spinner);
	timer_signals(ITIMER_REAL, SIGALRM, "ITIMER_REAL");
	timer_signals(ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL");
	timer_signals(ITIMER_PROF, SIGPROF, "ITIMER_PROF");
	/* exit_group ends the flag spinner. */
	return 0;
}
