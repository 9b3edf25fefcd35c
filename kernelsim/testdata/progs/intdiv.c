/* intdiv: integer arithmetic and division edge cases (glibc's __divq and
 * friends use the FPU), shifts, overflow wrap-around, 32-bit sign rules. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile int64_t s64[] = {0, 1, -1, 2, -2, 7, -7, 100, -100, 1000000007, INT64_MAX, INT64_MIN, INT64_MIN + 1, 0x123456789abcdefLL};
static volatile int32_t s32[] = {0, 1, -1, 3, -3, 10, -10, INT32_MAX, INT32_MIN, INT32_MIN + 1, 65536, -65537};

int main(void)
{
	unsigned long sum = 0;
	int n64 = sizeof s64 / sizeof s64[0], n32 = sizeof s32 / sizeof s32[0];
	for (int i = 0; i < n64; i++) {
		for (int j = 0; j < n64; j++) {
			int64_t a = s64[i], b = s64[j];
			if (b == 0 || (a == INT64_MIN && b == -1))
				continue;
			uint64_t ua = a, ub = b;
			printf("%lld/%lld=%lld %%=%lld u:%llu %llu\n", (long long)a, (long long)b, (long long)(a / b),
			       (long long)(a % b), (unsigned long long)(ua / ub), (unsigned long long)(ua % ub));
			sum += (uint64_t)a * (uint64_t)b;
		}
	}
	for (int i = 0; i < n32; i++) {
		for (int j = 0; j < n32; j++) {
			int32_t a = s32[i], b = s32[j];
			if (b == 0 || (a == INT32_MIN && b == -1))
				continue;
			uint32_t ua = a, ub = b;
			printf("%d/%d=%d %%=%d u:%u %u mul=%d\n", a, b, a / b, a % b, ua / ub, ua % ub, (int32_t)((uint32_t)a * (uint32_t)b));
		}
	}
	for (int s = 0; s < 64; s += 7)
		printf("shift %d: %llx %llx %lld\n", s, (unsigned long long)((uint64_t)s64[13] << s),
		       (unsigned long long)((uint64_t)s64[13] >> s), (long long)(s64[11] >> s));
	unsigned __int128 wide = (unsigned __int128)(uint64_t)s64[10] * (uint64_t)s64[13];
	printf("umulh %llx lo %llx sum %lx\n", (unsigned long long)(wide >> 64), (unsigned long long)wide, sum);
	return (int)(sum & 0x7f);
}
