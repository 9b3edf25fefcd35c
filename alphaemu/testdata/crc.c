/* Freestanding version of shared/bench/crc.c (bitwise CRC32 over a
 * pseudo-random buffer, then a sieve of Eratosthenes) for the interpreter
 * benchmark against qemu-alpha: the same hot loops, without glibc. */
#include "runtime.h"

static unsigned char buf[1u << 20];
static unsigned char comp[2000001];

static unsigned crc32_bitwise(const unsigned char *p, size_t n, unsigned crc)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	unsigned long x = 88172645463325252ull;
	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (unsigned char)x;
	}
	unsigned crc = crc32_bitwise(buf, sizeof buf, 0);
	size_t lim = sizeof comp - 1, primes = 0;
	for (size_t i = 2; i <= lim; i++) {
		if (!comp[i]) {
			primes++;
			for (size_t j = i * i; j <= lim; j += i)
				comp[j] = 1;
		}
	}
	printf("crc=%x primes=%lu\n", crc, primes);
	return 0;
}
