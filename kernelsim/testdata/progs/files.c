/* files: file system calls inside the directory given as argv[1]: create,
 * write, read, lseek, stat, mkdir, getdents (readdir, sorted), rename,
 * unlink, dup2 and pipes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (chdir(argv[1]) != 0) {
		perror("chdir");
		return 3;
	}
	int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	if (fd < 0)
		return 4;
	for (int i = 0; i < 100; i++)
		dprintf(fd, "line %d\n", i);
	close(fd);
	struct stat st;
	if (stat("data.txt", &st) != 0)
		return 5;
	printf("size %lld mode %o regular %d\n", (long long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode));
	fd = open("data.txt", O_RDONLY);
	char buf[64];
	lseek(fd, 70, SEEK_SET);
	ssize_t n = read(fd, buf, 20);
	printf("read %zd: %.20s\n", n, buf);
	printf("pos %lld end %lld\n", (long long)lseek(fd, 0, SEEK_CUR), (long long)lseek(fd, 0, SEEK_END));
	FILE *f = fdopen(fd, "r");
	rewind(f);
	int lines = 0;
	while (fgets(buf, sizeof buf, f))
		lines++;
	fclose(f);
	printf("lines %d\n", lines);

	mkdir("sub", 0755);
	for (int i = 0; i < 5; i++) {
		snprintf(buf, sizeof buf, "sub/f%d", 4 - i);
		close(open(buf, O_CREAT | O_WRONLY, 0600));
	}
	rename("sub/f0", "sub/renamed");
	unlink("sub/f1");
	DIR *d = opendir("sub");
	char *names[16];
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) && count < 16)
		names[count++] = strdup(e->d_name);
	closedir(d);
	qsort(names, count, sizeof names[0], cmp);
	for (int i = 0; i < count; i++)
		printf("entry %s\n", names[i]);
	printf("open missing: %d errno %d\n", open("missing", O_RDONLY), errno);
	printf("rmdir nonempty: %d errno %d\n", rmdir("sub"), errno);

	int p[2];
	if (pipe(p) != 0)
		return 6;
	write(p[1], "through the pipe", 16);
	close(p[1]);
	n = read(p[0], buf, sizeof buf);
	printf("pipe %zd %.*s eof %zd\n", n, (int)n, buf, read(p[0], buf, 1));
	int saved = dup(1);
	fd = open("redirected", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fflush(stdout);
	dup2(fd, 1);
	printf("this goes to a file\n");
	fflush(stdout);
	dup2(saved, 1);
	close(fd);
	stat("redirected", &st);
	printf("redirected size %lld\n", (long long)st.st_size);
	return 0;
}
