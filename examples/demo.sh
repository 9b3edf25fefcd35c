#!/usr/bin/env bash
# make demo: the main job on a bundled example. An Alpha program of ours runs in
# axpsec's emulator under a TOML seccomp policy: first allowed, then killed for
# a syscall the policy does not allow, then the same run in dry-run mode.
set -uo pipefail
cd "$(dirname "$0")/.."
axpsec=${AXPSEC:-./bin/axpsec}
ex=examples/seccomp-allowlist

step() { printf '\n$ %s\n' "$*"; "$@"; printf '[exit %d]\n' $?; }

echo "== The policy ($ex/policy.toml):"
sed -n '/^\[policy\]/,$p' "$ex/policy.toml"
step "$axpsec" test "$ex/policy.toml"
step "$axpsec" run --policy "$ex/policy.toml" -- "$ex/greet"
step "$axpsec" run --policy "$ex/policy.toml" -- "$ex/greet" open
step "$axpsec" run --policy "$ex/policy.toml" --dry-run -- "$ex/greet" open
step "$axpsec" sim "$ex/policy.toml" openat -100 0 0
exit 0
