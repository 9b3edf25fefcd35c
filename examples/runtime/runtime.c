/* axpsec's freestanding runtime for Linux/Alpha (see runtime.h). */
#include "runtime.h"

long syscall6(long nr, long a0_, long a1_, long a2_, long a3_, long a4_, long a5_)
{
	register long v0 __asm__("$0") = nr;
	register long a0 __asm__("$16") = a0_;
	register long a1 __asm__("$17") = a1_;
	register long a2 __asm__("$18") = a2_;
	register long a3 __asm__("$19") = a3_;
	register long a4 __asm__("$20") = a4_;
	register long a5 __asm__("$21") = a5_;
	__asm__ __volatile__("callsys"
		: "+r"(v0), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
		:
		: "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8",
		  "$22", "$23", "$24", "$25", "$27", "$28", "memory");
	return a3 ? -v0 : v0;
}

ssize_t write(int fd, const void *buf, size_t n) { return syscall3(NR_write, fd, (long)buf, n); }
ssize_t read(int fd, void *buf, size_t n) { return syscall3(NR_read, fd, (long)buf, n); }
int open(const char *path, int flags) { return syscall4(NR_openat, AT_FDCWD, (long)path, flags, 0); }
int close(int fd) { return syscall1(NR_close, fd); }

void exit(int code)
{
	flush();
	for (;;)
		syscall1(NR_exit_group, code);
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	char *d = dst;
	while (n--)
		*d++ = c;
	return dst;
}

/* out is a small output buffer for one file descriptor. */
struct out {
	int fd;
	int len;
	int total;
	char buf[512];
};

static struct out stdout_buf = { .fd = 1 };

static void out_flush(struct out *o)
{
	int off = 0;
	while (off < o->len) {
		long n = write(o->fd, o->buf + off, o->len - off);
		if (n <= 0)
			break;
		off += n;
	}
	o->len = 0;
}

void flush(void) { out_flush(&stdout_buf); }

static void out_char(struct out *o, char c)
{
	if (o->len == sizeof o->buf)
		out_flush(o);
	o->buf[o->len++] = c;
	o->total++;
}

static void out_pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_field(struct out *o, const char *s, int len, int width, int left, char pad)
{
	if (!left)
		out_pad(o, width - len, pad);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (left)
		out_pad(o, width - len, ' ');
}

static void out_format(struct out *o, const char *fmt, va_list ap)
{
	char num[24];
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		int left = 0, width = 0, longs = 0;
		char pad = ' ';
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = 1;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			longs++;
		unsigned long v;
		int neg = 0, base = 10;
		switch (*fmt) {
		case '\0':
			return;
		case '%':
			out_char(o, '%');
			continue;
		case 'c':
			num[0] = va_arg(ap, int);
			out_field(o, num, 1, width, left, ' ');
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			out_field(o, s, strlen(s), width, left, ' ');
			continue;
		}
		case 'd':
		case 'i': {
			long sv = longs ? va_arg(ap, long) : va_arg(ap, int);
			neg = sv < 0;
			v = neg ? -(unsigned long)sv : (unsigned long)sv;
			break;
		}
		case 'p':
			v = (unsigned long)va_arg(ap, void *);
			base = 16;
			out_char(o, '0');
			out_char(o, 'x');
			break;
		case 'x':
		case 'o':
		case 'u':
			v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			base = *fmt == 'x' ? 16 : *fmt == 'o' ? 8 : 10;
			break;
		default:
			out_char(o, '%');
			out_char(o, *fmt);
			continue;
		}
		int n = sizeof num;
		do {
			num[--n] = "0123456789abcdef"[v % base];
			v /= base;
		} while (v);
		if (neg) {
			if (pad == '0' && !left) {
				out_char(o, '-');
				width--;
			} else {
				num[--n] = '-';
			}
		}
		out_field(o, num + n, sizeof num - n, width, left, pad);
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	if (fd == 1) {
		int before = stdout_buf.total;
		out_format(&stdout_buf, fmt, ap);
		return stdout_buf.total - before;
	}
	struct out o = { .fd = fd };
	out_format(&o, fmt, ap);
	out_flush(&o);
	return o.total;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(2, fmt, ap);
	va_end(ap);
	return n;
}

/* rt_start is called by _start with the initial stack pointer. */
__attribute__((noreturn)) void rt_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	exit(main(argc, argv, envp));
}
