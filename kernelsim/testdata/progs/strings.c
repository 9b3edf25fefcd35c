/* strings: glibc string and conversion routines at every alignment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char buf[256], dst[256];
	unsigned long h = 5381;
	for (int off = 0; off < 16; off++) {
		for (int len = 0; len < 40; len += 3) {
			memset(buf, 'a' + off, sizeof buf);
			for (int i = 0; i < len; i++)
				buf[off + i] = 'A' + (i * 7 + off) % 26;
			buf[off + len] = 0;
			char *s = buf + off;
			memset(dst, 0, sizeof dst);
			strcpy(dst + (len & 7), s);
			h = h * 33 + strlen(s) + (strcmp(s, dst + (len & 7)) == 0);
			char *c = strchr(s, 'Q');
			h = h * 33 + (c ? c - s : 99);
			c = strrchr(s, 'E');
			h = h * 33 + (c ? c - s : 77);
			h = h * 33 + (unsigned)memcmp(s, "ABCDEF", len < 6 ? len : 6) + 3;
			h = h * 33 + (strstr(s, "HOV") != NULL);
			h = h * 33 + strspn(s, "ABCDEFGHIJ") + strcspn(s, "XYZ");
			memmove(dst + 1, dst, 64);
			h = h * 33 + (unsigned char)dst[off];
		}
	}
	printf("hash %lx\n", h);
	const char *nums[] = {"0", "-17", "0x7fffffffffffffff", "077", "  +42abc", "18446744073709551615", "-9223372036854775808", "junk"};
	for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		char *end;
		long long v = strtoll(nums[i], &end, 0);
		unsigned long long u = strtoull(nums[i], NULL, 0);
		printf("%-22s -> %lld %llu rest '%s' atoi %d\n", nums[i], v, u, end, atoi(nums[i]));
	}
	snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%x|%X|%o|%c|%10.3s|%p]", 42, -42, 42, 0xbeef, 0xbeef, 8, 'z', "abcdef", (void *)0);
	puts(buf);
	for (int i = 0; i < argc; i++)
		printf("arg %d len %zu\n", i, strlen(argv[i]));
	char *tok, *save, line[] = "alpha,beta,,gamma;delta";
	for (tok = strtok_r(line, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save))
		printf("tok %s\n", tok);
	return 0;
}
