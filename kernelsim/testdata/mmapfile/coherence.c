/* One process: MAP_SHARED file mappings against read(2), write(2),
 * pwrite(2), msync, munmap, mremap, offset mappings and MAP_PRIVATE. It
 * leaves files behind for the test to check: msync.dat (synced), munmap.dat (unmapped without msync),
 * exit.dat (still mapped at exit). qemu-user passes msync's flags to the
 * host untranslated (Alpha's MS_SYNC is the host's MS_INVALIDATE), so only
 * combinations that agree are tried. Usage: coherence DIR */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char dir[4000];
static long pg;

static int create(const char *name, long size)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, size) != 0) {
		printf("create %s failed\n", name);
		return -1;
	}
	return fd;
}

static char *map(int fd, long len, int flags, long off)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);
	if (p == MAP_FAILED) {
		printf("mmap failed: errno %d\n", errno);
		return NULL;
	}
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	snprintf(dir, sizeof dir, "%s", argv[1]);
	pg = sysconf(_SC_PAGESIZE);
	char buf[64];

	/* Stores through the mapping are what read(2) returns. */
	int fd = create("coherent.dat", 2 * pg);
	char *m = map(fd, 2 * pg, MAP_SHARED, 0);
	if (m == NULL)
		return 3;
	strcpy(m + pg + 5, "stored through the mapping");
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 26, pg + 5);
	printf("pread sees: %s\n", buf);
	lseek(fd, pg + 5, SEEK_SET);
	memset(buf, 0, sizeof buf);
	read(fd, buf, 26);
	printf("read sees: %s\n", buf);

	/* write(2) and pwrite(2) are what the mapping shows. */
	pwrite(fd, "PWRITE", 6, 100);
	lseek(fd, 2 * pg - 3, SEEK_SET);
	write(fd, "WRITE", 5); /* straddles the end: the file grows */
	printf("mapping sees: %.6s %.3s\n", m + 100, m + 2 * pg - 3);

	/* A second mapping at an offset aliases the first. */
	char *o = map(fd, pg, MAP_SHARED, pg);
	if (o == NULL)
		return 4;
	strcpy(o + 200, "via the offset mapping");
	printf("offset alias: %s / %.7s\n", m + pg + 200, o + 5);

	/* MAP_PRIVATE keeps its copy once written. */
	char *priv = map(fd, pg, MAP_PRIVATE, 0);
	if (priv == NULL)
		return 5;
	priv[0] = 'P';
	strcpy(m, "shared write after the private one");
	printf("private: %.8s, shared: %.12s\n", priv, m);

	/* msync: errors, then the data is in the file. */
	printf("msync bad flags: %d errno %d\n", msync(m, pg, 8), errno);
	printf("msync unaligned: %d errno %d\n", msync(m + 1, pg, MS_SYNC), errno);
	char *hole = mmap(NULL, 3 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole + pg, pg);
	printf("msync unmapped: %d errno %d\n", msync(hole, 3 * pg, MS_SYNC), errno);
	printf("msync invalidate: %d\n", msync(m, 2 * pg, MS_INVALIDATE));
	printf("msync zero length: %d\n", msync(m, 0, MS_SYNC));
	munmap(o, pg);
	munmap(priv, pg);
	munmap(m, 2 * pg);
	close(fd);

	int sfd = create("msync.dat", 100);
	m = map(sfd, pg, MAP_SHARED, 0);
	strcpy(m, "synced with MS_SYNC");
	strcpy(m + 200, "past the end: never written");
	printf("msync: %d\n", msync(m, pg, MS_SYNC));
	close(sfd);

	int ufd = create("munmap.dat", pg);
	m = map(ufd, pg, MAP_SHARED, 0);
	close(ufd);
	strcpy(m + 10, "reached the file through munmap");
	munmap(m, pg);

	/* mremap keeps a file mapping shared, whether it grows in place or moves. */
	int rfd = create("mremap.dat", 3 * pg);
	char *whole = map(rfd, 3 * pg, MAP_SHARED, 0);
	char *r = map(rfd, pg, MAP_SHARED, 0);
	close(rfd);
	for (int i = 0; i < 2 && r != NULL && whole != NULL; i++) {
		r = mremap(r, (i + 1) * pg, (i + 2) * pg, MREMAP_MAYMOVE);
		if (r == MAP_FAILED) {
			printf("mremap failed: errno %d\n", errno);
			break;
		}
		snprintf(r + (i + 1) * pg, 32, "grown %d", i);
		r[0]++;
		printf("after mremap %d: %s, first byte %d\n", i, whole + (i + 1) * pg, whole[0]);
	}
	if (r != MAP_FAILED && r != NULL) {
		r = mremap(r, 3 * pg, pg, 0);
		strcpy(whole + 100, "seen by the shrunk mapping");
		printf("after shrinking: %s\n", r + 100);
	}

	int efd = create("exit.dat", 2 * pg);
	m = map(efd, 2 * pg, MAP_SHARED, 0);
	close(efd);
	strcpy(m + pg + 1, "still mapped at exit");
	printf("done\n");
	return 0;
}
