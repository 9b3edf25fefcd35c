/* Address-space churn while threads run in parallel. argv[1] churning
 * threads (default 4) loop mmap / write / verify / mprotect(PROT_READ) /
 * verify / MAP_FIXED over one page / munmap of private regions, while
 * argv[2] computing threads (default 2) checksum their own data over and
 * over. Then a thread spinning on loads from (or stores to) a page must
 * get SIGSEGV on its first access after another thread's mprotect or
 * munmap of the page returned: a stale translation kept by the spinner
 * would let it go on; after madvise(MADV_DONTNEED) it must read zero. Last,
 * every thread write-protects its own page and
 * writes it, over and over: its SIGSEGV handler makes the page writable
 * again and the write restarts, while the other threads' mprotect calls
 * stop it. Every result printed is independent of timing. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAXTHREADS 16
#define CHURNS 300
#define COMPUTE_WORDS 4096
#define COMPUTE_ROUNDS 60

static long pagesize;
static long churn_errors[MAXTHREADS];
static uint64_t sums[MAXTHREADS];

static void *churn(void *arg)
{
	long id = (long)arg;
	for (long i = 0; i < CHURNS; i++) {
		long npages = 1 + (id + i) % 6;
		size_t len = npages * pagesize;
		unsigned long *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			churn_errors[id]++;
			continue;
		}
		size_t n = len / sizeof *p;
		for (size_t j = 0; j < n; j++)
			p[j] = id << 40 ^ i << 20 ^ j;
		for (size_t j = 0; j < n; j++)
			churn_errors[id] += p[j] != (id << 40 ^ i << 20 ^ j);
		if (mprotect(p, len, PROT_READ) != 0)
			churn_errors[id]++;
		for (size_t j = 0; j < n; j += 97)
			churn_errors[id] += p[j] != (id << 40 ^ i << 20 ^ j);
		if (npages > 2) {
			/* A fresh page mapped over the second one reads zero. */
			unsigned long *q = (unsigned long *)((char *)p + pagesize);
			if (mmap(q, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != q)
				churn_errors[id]++;
			churn_errors[id] += q[0] != 0 || q[pagesize / sizeof *q - 1] != 0;
			q[5] = i;
			churn_errors[id] += q[5] != (unsigned long)i || p[0] != (id << 40 ^ i << 20);
		}
		if (munmap(p, len) != 0)
			churn_errors[id]++;
	}
	return NULL;
}

static void *compute(void *arg)
{
	long id = (long)arg;
	uint64_t *data = malloc(COMPUTE_WORDS * sizeof *data);
	uint64_t total = 0;
	for (int r = 0; r < COMPUTE_ROUNDS; r++) {
		uint64_t x = 0x9E3779B97F4A7C15ull * (id + 1) + r;
		for (int j = 0; j < COMPUTE_WORDS; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			data[j] = x;
		}
		uint64_t s = 0;
		for (int j = 0; j < COMPUTE_WORDS; j++)
			s = s * 31 + data[j];
		total ^= s;
	}
	free(data);
	sums[id] = total;
	return NULL;
}

/* The expected checksum of compute(id), computed alone after the run. */
static uint64_t expected(long id)
{
	uint64_t save = sums[id];
	compute((void *)id);
	uint64_t want = sums[id];
	sums[id] = save;
	return want;
}

/* Spinner versus protection change. */
enum { CHANGE_PROT_NONE, CHANGE_READ_ONLY, CHANGE_UNMAP };
static const char *change_names[] = {"mprotect(PROT_NONE) vs loads", "mprotect(PROT_READ) vs stores", "munmap vs loads"};

static volatile long *victim;
static volatile int spinning, changed, kind;
static sigjmp_buf jb;
static volatile int faults, fault_addr_ok;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	faults++;
	fault_addr_ok = si->si_addr == (void *)victim;
	siglongjmp(jb, 1);
}

static void *spinner(void *arg)
{
	long *stale = arg;
	if (sigsetjmp(jb, 1))
		return NULL;
	for (long n = 0;; n++) {
		int done = __atomic_load_n(&changed, __ATOMIC_ACQUIRE);
		if (kind == CHANGE_READ_ONLY)
			*victim = n;
		else
			(void)*victim;
		if (done) {
			/* The access above came after the change: it should have faulted. */
			*stale = 1;
			return NULL;
		}
		if (n == 100000)
			__atomic_store_n(&spinning, 1, __ATOMIC_RELEASE);
	}
}

static void protection_race(int k)
{
	victim = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*victim = 1;
	kind = k;
	spinning = changed = faults = fault_addr_ok = 0;
	long stale = 0;
	pthread_t t;
	pthread_create(&t, NULL, spinner, &stale);
	while (!__atomic_load_n(&spinning, __ATOMIC_ACQUIRE))
		;
	switch (k) {
	case CHANGE_PROT_NONE:
		mprotect((void *)victim, pagesize, PROT_NONE);
		break;
	case CHANGE_READ_ONLY:
		mprotect((void *)victim, pagesize, PROT_READ);
		break;
	case CHANGE_UNMAP:
		munmap((void *)victim, pagesize);
		break;
	}
	__atomic_store_n(&changed, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	printf("%s: SIGSEGV %d time(s), at the page %d, stale access %ld\n", change_names[k], faults, fault_addr_ok, stale);
	if (k != CHANGE_UNMAP)
		munmap((void *)victim, pagesize);
}

/* A thread spinning on loads from a page must read zero once another
 * thread's madvise(MADV_DONTNEED) of the page returned. */
static void *zero_spinner(void *arg)
{
	long *stale = arg;
	for (long n = 0;; n++) {
		int done = __atomic_load_n(&changed, __ATOMIC_ACQUIRE);
		long v = *victim;
		if (done) {
			*stale = v != 0;
			return NULL;
		}
		if (n == 100000)
			__atomic_store_n(&spinning, 1, __ATOMIC_RELEASE);
	}
}

static void dontneed_race(void)
{
	long stale = 0;
	for (int r = 0; r < 10; r++) {
		victim = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		*victim = 42;
		spinning = changed = 0;
		long s = 0;
		pthread_t t;
		pthread_create(&t, NULL, zero_spinner, &s);
		while (!__atomic_load_n(&spinning, __ATOMIC_ACQUIRE))
			;
		madvise((void *)victim, pagesize, MADV_DONTNEED);
		__atomic_store_n(&changed, 1, __ATOMIC_RELEASE);
		pthread_join(t, NULL);
		stale += s;
		munmap((void *)victim, pagesize);
	}
	printf("madvise(MADV_DONTNEED) vs loads: %ld stale reads in 10\n", stale);
}

/* Write faults repaired by the handler, in every thread at once. */
#define REPAIRS 200
static __thread long repairs;
static long repair_counts[MAXTHREADS];

static void on_write_fault(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	repairs++;
	void *page = (void *)((uintptr_t)si->si_addr & ~(uintptr_t)(pagesize - 1));
	mprotect(page, pagesize, PROT_READ | PROT_WRITE);
}

static void *repairer(void *arg)
{
	long id = (long)arg;
	volatile long *p = mmap(NULL, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long bad = 0;
	for (long i = 0; i < REPAIRS; i++) {
		mprotect((void *)p, pagesize, PROT_READ);
		p[i % 64] = i;
		bad += p[i % 64] != i;
	}
	munmap((void *)p, pagesize);
	repair_counts[id] = bad ? -1 : repairs;
	return NULL;
}

int main(int argc, char **argv)
{
	int nchurn = argc > 1 ? atoi(argv[1]) : 4;
	int ncompute = argc > 2 ? atoi(argv[2]) : 2;
	if (nchurn < 0 || ncompute < 0 || nchurn + ncompute > MAXTHREADS)
		return 2;
	pagesize = sysconf(_SC_PAGESIZE);
	pthread_t th[MAXTHREADS];
	for (long i = 0; i < nchurn + ncompute; i++)
		pthread_create(&th[i], NULL, i < nchurn ? churn : compute, (void *)i);
	for (int i = 0; i < nchurn + ncompute; i++)
		pthread_join(th[i], NULL);
	long errors = 0;
	for (int i = 0; i < nchurn; i++)
		errors += churn_errors[i];
	int sums_ok = 1;
	for (long i = nchurn; i < nchurn + ncompute; i++)
		sums_ok &= sums[i] == expected(i);
	printf("%d churning threads: %d cycles each, %ld errors\n", nchurn, CHURNS, errors);
	printf("%d computing threads: checksums as computed alone: %d\n", ncompute, sums_ok);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	for (int k = CHANGE_PROT_NONE; k <= CHANGE_UNMAP; k++)
		protection_race(k);
	dontneed_race();

	sa.sa_sigaction = on_write_fault;
	sigaction(SIGSEGV, &sa, NULL);
	int nrepair = nchurn + ncompute;
	for (long i = 0; i < nrepair; i++)
		pthread_create(&th[i], NULL, repairer, (void *)i);
	for (int i = 0; i < nrepair; i++)
		pthread_join(th[i], NULL);
	int exact = 0;
	for (int i = 0; i < nrepair; i++)
		exact += repair_counts[i] == REPAIRS;
	printf("%d threads repairing write faults: %d took exactly %d\n", nrepair, exact, REPAIRS);
	return 0;
}
