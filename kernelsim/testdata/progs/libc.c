/* libc: a tour of glibc facilities with deterministic output: regex,
 * getopt_long, qsort/bsearch, random/srandom, time conversion in UTC,
 * strftime, wide characters, hsearch, fnmatch and memmem. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <getopt.h>
#include <regex.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

static int cmpint(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv)
{
	static struct option opts[] = {{"name", required_argument, 0, 'n'}, {"verbose", no_argument, 0, 'v'}, {0, 0, 0, 0}};
	int c, verbose = 0;
	const char *name = "none";
	while ((c = getopt_long(argc, argv, "n:vx", opts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'v')
			verbose++;
		else
			printf("option %c\n", c);
	}
	printf("name %s verbose %d rest %d\n", name, verbose, argc - optind);

	regex_t re;
	regmatch_t m[3];
	if (regcomp(&re, "([a-z]+)-([0-9]+)", REG_EXTENDED) != 0)
		return 2;
	const char *subjects[] = {"item-42 x", "no match", "abc-7-def-9"};
	for (int i = 0; i < 3; i++) {
		if (regexec(&re, subjects[i], 3, m, 0) == 0)
			printf("match '%.*s' '%.*s'\n", (int)(m[1].rm_eo - m[1].rm_so), subjects[i] + m[1].rm_so,
			       (int)(m[2].rm_eo - m[2].rm_so), subjects[i] + m[2].rm_so);
		else
			printf("no match in '%s'\n", subjects[i]);
	}
	regfree(&re);

	srandom(12345);
	int v[64];
	for (int i = 0; i < 64; i++)
		v[i] = random() % 1000;
	qsort(v, 64, sizeof v[0], cmpint);
	int key = v[17];
	int *found = bsearch(&key, v, 64, sizeof v[0], cmpint);
	printf("sorted %d..%d found %d rand_r %d\n", v[0], v[63], found && *found == key, rand());

	time_t t = 1234567890;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[128];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j %U", &tm);
	printf("gmtime %s mktime-ish %lld\n", buf, (long long)timegm(&tm));

	wchar_t w[32];
	size_t n = mbstowcs(w, "wide chars", 32);
	printf("wide %zu %d %ls\n", n, (int)wcslen(w), w);

	hcreate(32);
	const char *keys[] = {"alpha", "beta", "gamma"};
	for (int i = 0; i < 3; i++) {
		ENTRY e = {.key = (char *)keys[i], .data = (void *)(long)(i + 1)};
		hsearch(e, ENTER);
	}
	ENTRY q = {.key = "beta"}, *r = hsearch(q, FIND);
	printf("hsearch beta %ld\n", r ? (long)r->data : -1L);
	hdestroy();

	printf("fnmatch %d %d memmem %ld\n", fnmatch("*.c", "libc.c", 0), fnmatch("a?c", "abd", 0),
	       (long)((char *)memmem("haystack-needle", 15, "needle", 6) - "haystack-needle"));
	return 0;
}
