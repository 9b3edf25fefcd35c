/* tls: initialized and zeroed thread-local variables, their alignment, and
 * errno (which lives in TLS). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static __thread int counter = 41;
static __thread char name[16] = "tls-name";
static __thread long zeroed[8];
static __thread double aligned __attribute__((aligned(64))) = 2.5;

static void bump(void) { counter++; zeroed[3] += counter; }

int main(void)
{
	bump();
	bump();
	printf("counter %d name %s zeroed[3] %ld aligned %g align-ok %d\n", counter, name, zeroed[3], aligned,
	       (int)(((uintptr_t)&aligned) % 64 == 0));
	errno = 0;
	if (close(12345) < 0)
		printf("close errno %d (EBADF %d)\n", errno, EBADF);
	return counter == 43 ? 0 : 1;
}
