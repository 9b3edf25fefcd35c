/* chunked: the program of the errno-injection example. It writes a report
 * to stdout with one write per paragraph; when a write fails it does not
 * give up: on EFBIG it retries in 64-byte pieces, on other errors it tells
 * stderr and carries on. The example policy makes large writes fail. */
#include "../runtime/runtime.h"

enum { EFBIG = 27, CHUNK = 64 };

/* put writes s to fd, falling back to CHUNK-sized writes on EFBIG. It
 * returns 0 or the errno that stopped it. */
static long put(int fd, const char *s)
{
	size_t n = strlen(s);
	long r = write(fd, s, n);
	if (r >= 0)
		return 0;
	if (r != -EFBIG)
		return -r;
	char note[96];
	int len = 0;
	const char *msg = "[EFBIG: retrying in 64-byte pieces]\n";
	while (msg[len]) {
		note[len] = msg[len];
		len++;
	}
	if (write(fd, note, len) < 0)
		return EFBIG;
	for (size_t off = 0; off < n; off += CHUNK) {
		size_t k = n - off < CHUNK ? n - off : CHUNK;
		r = write(fd, s + off, k);
		if (r < 0)
			return -r;
	}
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	static const char *paragraphs[] = {
		"Short line.\n",
		"This paragraph is longer than sixty-four bytes, so the policy's errno rule refuses it in one piece.\n",
		"Another short line.\n",
	};
	for (unsigned i = 0; i < sizeof paragraphs / sizeof paragraphs[0]; i++) {
		long e = put(1, paragraphs[i]);
		if (e != 0) {
			eprintf("chunked: paragraph %u lost (errno %ld)\n", i, e);
		}
	}
	long e = put(2, "a diagnostic on stderr\n");
	if (e != 0)
		put(1, "stderr is not writable here; diagnostics dropped\n");
	return 0;
}
