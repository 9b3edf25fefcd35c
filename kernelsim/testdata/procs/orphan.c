/* The initial process exits first; its child writes after it is gone. A
 * runner that waits for the whole process tree prints both lines. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("parent exits\n");
	fflush(stdout);
	if (fork() == 0) {
		usleep(100000);
		printf("child done, re-parented: %d\n", getppid() != 0);
		return 0;
	}
	return 3;
}
