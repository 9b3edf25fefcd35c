/* fenv: IEEE rounding modes and exception flags through <fenv.h> (glibc
 * reaches the software control word with osf_getsysinfo/osf_setsysinfo),
 * and results that depend on them. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

static volatile double one = 1.0, three = 3.0, zero = 0.0, big = DBL_MAX, tiny = DBL_MIN, neg = -1.0;
static volatile float fthree = 3.0f;

static void flags(const char *what)
{
	int f = fetestexcept(FE_ALL_EXCEPT);
	printf("%-10s inexact %d underflow %d overflow %d divbyzero %d invalid %d\n", what, !!(f & FE_INEXACT),
	       !!(f & FE_UNDERFLOW), !!(f & FE_OVERFLOW), !!(f & FE_DIVBYZERO), !!(f & FE_INVALID));
	feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
	const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
	const char *names[] = {"nearest", "downward", "upward", "towardzero"};
	for (int i = 0; i < 4; i++) {
		fesetround(modes[i]);
		printf("%s: round %d 1/3 %.17g -1/3 %.17g f %.9g rint(2.5) %g rint(-2.5) %g nearbyint(0.5) %g sqrt2 %.17g llrint(7.5) %lld\n",
		       names[i], fegetround() == modes[i], one / three, neg / three, (double)(1.0f / fthree), rint(2.5), rint(-2.5),
		       nearbyint(0.5), sqrt(2.0), llrint(7.5));
	}
	fesetround(FE_TONEAREST);
	feclearexcept(FE_ALL_EXCEPT);
	flags("clear");
	volatile double r = one / three;
	flags("1/3");
	r = one / zero;
	flags("1/0");
	r = big * 2.0;
	flags("overflow");
	r = tiny / 1e10;
	flags("underflow");
	r = zero / zero;
	flags("0/0");
	r = sqrt(neg);
	flags("sqrt(-1)");
	r = one + one;
	flags("exact");
	fenv_t env;
	feholdexcept(&env);
	r = one / zero;
	feupdateenv(&env);
	flags("held");
	printf("last %g isnan %d isinf %d\n", r, isnan(r), isinf(r));
	return 0;
}
