/* malloc: heap and mmap-backed allocations, realloc growth, calloc zeroing,
 * and free/reuse patterns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	enum { N = 200 };
	void *p[N];
	uint64_t sum = 0;
	for (int i = 0; i < N; i++) {
		size_t sz = (size_t)(i * 37 % 1000 + 1) * (i % 10 == 0 ? 300 : 1);
		p[i] = malloc(sz);
		if (!p[i])
			return 2;
		memset(p[i], i, sz);
		sum += sz;
	}
	for (int i = 0; i < N; i += 2) {
		free(p[i]);
		p[i] = NULL;
	}
	for (int i = 1; i < N; i += 2) {
		size_t sz = (size_t)(i * 37 % 1000 + 1) * (i % 10 == 0 ? 300 : 1);
		unsigned char *q = realloc(p[i], sz * 3);
		if (!q)
			return 3;
		for (size_t k = 0; k < sz; k++)
			if (q[k] != (unsigned char)i)
				return 4;
		p[i] = q;
	}
	unsigned char *big = calloc(1, 1 << 20);
	for (int i = 0; i < (1 << 20); i += 4096)
		sum += big[i];
	big[12345] = 7;
	big = realloc(big, 3 << 20);
	sum += big[12345];
	free(big);
	for (int i = 0; i < N; i++)
		free(p[i]);
	char *s = strdup("duplicated string");
	printf("%s sum %llu\n", s, (unsigned long long)sum);
	free(s);
	return 0;
}
