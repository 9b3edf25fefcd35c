/* Prints argc, each argv[i] and AT_EXECFN, bytes outside printable ASCII
 * escaped as \xNN, so the argument vector an interpreter script builds
 * can be compared byte for byte. */
#include <stdio.h>
#include <sys/auxv.h>

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
	return 0;
}
