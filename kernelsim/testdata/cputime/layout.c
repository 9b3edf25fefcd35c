/* Prints the layout of the structures the CPU-time system calls fill, as
 * the Alpha C library sees them: "name offset size" per field. */
#include <stddef.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>

#define F(s, f) printf("%s %zu %zu\n", #f, offsetof(s, f), sizeof(((s *)0)->f))

int main(void)
{
	printf("rusage %zu\n", sizeof(struct rusage));
	F(struct rusage, ru_utime.tv_sec);
	F(struct rusage, ru_utime.tv_usec);
	F(struct rusage, ru_stime.tv_sec);
	F(struct rusage, ru_stime.tv_usec);
	F(struct rusage, ru_maxrss);
	F(struct rusage, ru_minflt);
	F(struct rusage, ru_nvcsw);
	F(struct rusage, ru_nivcsw);
	printf("tms %zu\n", sizeof(struct tms));
	F(struct tms, tms_utime);
	F(struct tms, tms_stime);
	F(struct tms, tms_cutime);
	F(struct tms, tms_cstime);
	printf("itimerval %zu\n", sizeof(struct itimerval));
	F(struct itimerval, it_interval.tv_sec);
	F(struct itimerval, it_interval.tv_usec);
	F(struct itimerval, it_value.tv_sec);
	F(struct itimerval, it_value.tv_usec);
	return 0;
}
