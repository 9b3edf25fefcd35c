/* Prints argc, each argv[i], AT_EXECFN and the /proc/self/exe link (the
 * program that runs), bytes outside printable ASCII
 * escaped as \xNN, so the argument vector an interpreter script builds
 * can be compared byte for byte. */
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

static void put(const char *label, int i, const char *s)
{
	if (i >= 0)
		printf("%s[%d]=", label, i);
	else
		printf("%s=", label);
	if (!s) {
		printf("(null)\n");
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		put("argv", i, argv[i]);
	put("execfn", -1, (const char *)getauxval(AT_EXECFN));
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n < 0 ? 0 : n] = '\0';
	put("exe", -1, n < 0 ? "(unreadable)" : exe);
	return 0;
}
