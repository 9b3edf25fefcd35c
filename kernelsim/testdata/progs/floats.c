/* floats: printf and strtod of floating point values, libm calls (sqrt goes
 * through osf_getsysinfo/osf_setsysinfo), rounding and conversions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vals[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300, 2.2250738585072014e-308,
				 4.9e-324, 123456789.125, 0.1, 1.0 / 3.0};

int main(void)
{
	int n = sizeof vals / sizeof vals[0];
	for (int i = 0; i < n; i++) {
		double v = vals[i];
		printf("%g|%.17g|%e|%f|%a\n", v, v, v, v, v);
		printf("  sqrt %.15g floor %g ceil %g rint %g trunc(long) %ld float %.9g\n", sqrt(fabs(v)), floor(v), ceil(v),
		       rint(v), (long)(fabs(v) < 1e18 ? v : 0), (double)(float)v);
	}
	printf("sin %.15g cos %.15g exp %.15g log %.15g pow %.15g atan2 %.15g\n", sin(1.0), cos(2.0), exp(1.5), log(10.0),
	       pow(2.0, 0.5), atan2(1.0, -1.0));
	const char *in[] = {"1.5", "-2.25e3", "0x1.8p1", "inf", "-nan", "1e400", "  7.", "3.4028235e38"};
	for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *end;
		double d = strtod(in[i], &end);
		float f = strtof(in[i], NULL);
		printf("strtod(%s) = %g rest '%s' float %g\n", in[i], d, end, f);
	}
	double acc = 0;
	for (int i = 1; i <= 1000; i++)
		acc += 1.0 / (i * (double)i);
	printf("basel %.15f int %d %u\n", acc, (int)(acc * 1e6), (unsigned)(acc * 1e9));
	printf("long double %.20Lg\n", (long double)1 / 3);
	return 0;
}
