/* Exercises the base kernel's syscalls through glibc and prints only
 * deterministic results, so that its output under kernelsim and under
 * qemu-alpha can be compared. argv[1] is a scratch directory. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int got;
static volatile long fault_off;
static char *fault_base;

static void on_usr1(int sig) { got = sig; }
static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got = sig;
    fault_off = (char *)si->si_addr - fault_base;
    siglongjmp(jb, si->si_code);
}
static void on_alt(int sig, siginfo_t *si, void *uc) {
    stack_t ss;
    (void)si; (void)uc;
    sigaltstack(NULL, &ss);
    got = sig * 100 + (ss.ss_flags & SS_ONSTACK ? 1 : 0);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(int argc, char **argv) {
    char path[512], buf[256];
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    struct utsname u;
    uname(&u);
    printf("machine %s sysname %s\n", u.machine, u.sysname);
    printf("pagesize %ld\n", sysconf(_SC_PAGESIZE));

    /* files */
    snprintf(path, sizeof path, "%s/f.txt", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0640);
    struct iovec iov[2] = {{"abc", 3}, {"defgh", 5}};
    printf("writev %zd\n", writev(fd, iov, 2));
    printf("lseek %ld\n", (long)lseek(fd, 2, SEEK_SET));
    printf("read %zd %.*s\n", read(fd, buf, 4), 4, buf);
    printf("pread %zd %.*s\n", pread(fd, buf, 3, 5), 3, buf);
    struct stat st;
    fstat(fd, &st);
    printf("fstat size %ld mode %o nlink %ld\n", (long)st.st_size, st.st_mode & 07777, (long)st.st_nlink);
    printf("isreg %d\n", S_ISREG(st.st_mode));
    int fd2 = dup(fd);
    printf("dup %d fl %#x\n", fd2 > fd, fcntl(fd2, F_GETFL) & O_ACCMODE);
    printf("cloexec %d\n", fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
    char *m = mmap(NULL, 8, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mmap file %.8s\n", m);
    munmap(m, 8);
    close(fd2);
    close(fd);
    printf("close again %d %s\n", close(fd), strerror(errno));
    printf("open missing %d %s\n", open("/nonexistent/x", O_RDONLY), strerror(errno));
    printf("access %d\n", access(path, R_OK | W_OK));
    snprintf(buf, sizeof buf, "%s/sub", dir);
    printf("mkdir %d\n", mkdir(buf, 0755));
    printf("mkdir again %d %s\n", mkdir(buf, 0755), strerror(errno));
    char path2[600];
    snprintf(path2, sizeof path2, "%s/sub/g.txt", dir);
    printf("rename %d\n", rename(path, path2));
    printf("symlink %d\n", symlink("sub/g.txt", path));
    ssize_t n = readlink(path, buf, sizeof buf);
    printf("readlink %.*s\n", (int)n, buf);
    printf("stat via link size %ld\n", stat(path, &st) == 0 ? (long)st.st_size : -1L);
    printf("lstat islnk %d\n", lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
    DIR *d = opendir(dir);
    char *names[16]; int nn = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && nn < 16) names[nn++] = strdup(de->d_name);
    closedir(d);
    qsort(names, nn, sizeof *names, cmp);
    printf("dir:");
    for (int i = 0; i < nn; i++) printf(" %s", names[i]);
    printf("\n");
    printf("chdir %d\n", chdir(dir));
    printf("relative stat %d\n", stat("sub/g.txt", &st));
    printf("unlink %d %d\n", unlink("f.txt"), unlink("sub/g.txt"));
    printf("rmdir %d\n", rmdir("sub"));

    /* pipes */
    int p[2];
    pipe(p);
    write(p[1], "pipe!", 5);
    printf("pipe read %zd\n", read(p[0], buf, sizeof buf));
    close(p[1]);
    printf("pipe eof %zd\n", read(p[0], buf, sizeof buf));
    close(p[0]);
    printf("dup2 %d\n", dup2(1, 9));
    dprintf(9, "via fd 9\n");
    fflush(stdout);

    /* memory */
    char *a = mmap(NULL, 3 * 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 1; a[8192] = 2;
    printf("mprotect %d\n", mprotect(a + 8192, 8192, PROT_READ));
    char *b = mmap(a, 3 * 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed remap zeroes %d %d\n", b[0], b[8192]);
    void *cur = sbrk(0);
    printf("sbrk grow %d\n", sbrk(100000) == cur);
    printf("munmap bad %d %s\n", munmap((char *)b + 1, 8192), strerror(errno));

    /* signals */
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("raise -> %d\n", got);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    got = 0;
    kill(getpid(), SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked %d pending %d\n", got, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked -> %d\n", got);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    fault_base = b;
    int code = sigsetjmp(jb, 1);
    if (code == 0) {
        munmap(b + 2 * 8192, 8192);
        b[2 * 8192 + 24] = 1;
    }
    printf("segv code %d sig %d off %ld\n", code, got, fault_off);
    code = sigsetjmp(jb, 1);
    if (code == 0) {
        mprotect(b, 8192, PROT_READ);
        b[16] = 1;
    }
    printf("segv code %d off %ld\n", code, fault_off);

    stack_t ss = {.ss_sp = malloc(SIGSTKSZ), .ss_size = SIGSTKSZ, .ss_flags = 0};
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    sa.sa_sigaction = on_alt;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("on altstack -> %d\n", got);

    struct timespec ts = {0, 1000000};
    printf("nanosleep %d\n", nanosleep(&ts, NULL));
    printf("clock ok %d\n", clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && time(NULL) > 1600000000);
    printf("cwd ok %d\n", getcwd(buf, sizeof buf) != NULL);
    return 7;
}
