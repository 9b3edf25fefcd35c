/* axpsec's freestanding runtime for Linux/Alpha programs: start-up, raw
 * system calls with Alpha's r0/r19 error convention, and a small printf.
 * Programs define main(argc, argv, envp) and are linked with start.S and
 * runtime.c, -nostdlib and libgcc. */
#ifndef AXPSEC_RUNTIME_H
#define AXPSEC_RUNTIME_H

#include <stdarg.h>

typedef unsigned long size_t;
typedef long ssize_t;

/* Alpha Linux system call numbers used by the runtime and the examples. */
enum {
	NR_exit = 1,
	NR_read = 3,
	NR_write = 4,
	NR_close = 6,
	NR_getxpid = 20,
	NR_uname = 339,
	NR_exit_group = 405,
	NR_openat = 450,
};

#define AT_FDCWD (-100)
#define O_RDONLY 0

/* syscall6 issues system call nr and returns its result, or -errno when
 * the kernel reports an error (r19 set). */
long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

static inline long syscall0(long nr) { return syscall6(nr, 0, 0, 0, 0, 0, 0); }
static inline long syscall1(long nr, long a) { return syscall6(nr, a, 0, 0, 0, 0, 0); }
static inline long syscall3(long nr, long a, long b, long c) { return syscall6(nr, a, b, c, 0, 0, 0); }
static inline long syscall4(long nr, long a, long b, long c, long d) { return syscall6(nr, a, b, c, d, 0, 0); }

ssize_t write(int fd, const void *buf, size_t n);
ssize_t read(int fd, void *buf, size_t n);
int open(const char *path, int flags);
int close(int fd);
__attribute__((noreturn)) void exit(int code);

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* printf supports %d %i %u %x %o %c %s %p %% with the l and ll
 * modifiers, a field width and the 0 and - flags. Output to fd 1 is
 * buffered until exit or a full buffer; eprintf writes to fd 2 unbuffered. */
int printf(const char *fmt, ...);
int eprintf(const char *fmt, ...);
int vdprintf(int fd, const char *fmt, va_list ap);
void flush(void);

int main(int argc, char **argv, char **envp);

#endif
