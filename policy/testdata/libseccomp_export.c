/*
 * libseccomp_export: builds a filter with libseccomp from a rule list read
 * on stdin and writes the BPF program (struct sock_filter array, host byte
 * order) to stdout, for comparing axpsec's compiler with libseccomp's.
 *
 * stdin:  OPTIMIZE DEFAULT BADARCH NRULES ITERATIONS
 *         then per rule: ACTION NR NCMP followed by NCMP x (ARG OP DATUM_A DATUM_B)
 *         (OP uses enum scmp_compare numbering).
 * stderr: "ns_per_compile N": mean time to build and export the filter.
 */
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

struct rule {
	uint32_t action;
	int nr;
	unsigned ncmp;
	struct scmp_arg_cmp cmp[6];
};

static int build(int optimize, uint32_t def, uint32_t badarch, struct rule *rules, int n, int fd)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int rc;
	if (ctx == NULL)
		return -1;
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch)) != 0)
		goto out;
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, optimize)) != 0)
		goto out;
	for (int i = 0; i < n; i++) {
		rc = seccomp_rule_add_exact_array(ctx, rules[i].action, rules[i].nr, rules[i].ncmp, rules[i].cmp);
		if (rc != 0) {
			fprintf(stderr, "rule %d (nr %d): %d\n", i, rules[i].nr, rc);
			goto out;
		}
	}
	rc = seccomp_export_bpf(ctx, fd);
out:
	seccomp_release(ctx);
	return rc;
}

int main(void)
{
	int optimize, n, iters;
	unsigned def, badarch;
	if (scanf("%d %u %u %d %d", &optimize, &def, &badarch, &n, &iters) != 5 || n < 0 || iters < 1)
		return 2;
	struct rule *rules = calloc(n ? n : 1, sizeof *rules);
	for (int i = 0; i < n; i++) {
		if (scanf("%u %d %u", &rules[i].action, &rules[i].nr, &rules[i].ncmp) != 3 || rules[i].ncmp > 6)
			return 2;
		for (unsigned j = 0; j < rules[i].ncmp; j++) {
			unsigned arg, op;
			unsigned long long a, b;
			if (scanf("%u %u %llu %llu", &arg, &op, &a, &b) != 4)
				return 2;
			rules[i].cmp[j].arg = arg;
			rules[i].cmp[j].op = op;
			rules[i].cmp[j].datum_a = a;
			rules[i].cmp[j].datum_b = b;
		}
	}
	int devnull = open("/dev/null", O_WRONLY);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < iters; i++)
		if (build(optimize, def, badarch, rules, n, devnull) != 0)
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	fprintf(stderr, "ns_per_compile %.0f\n", ns / iters);
	return build(optimize, def, badarch, rules, n, 1) != 0;
}
