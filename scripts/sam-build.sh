#!/usr/bin/env bash
# The deployable functions built as docs/DEPLOYING.md builds them: `sam build`, whose
# rust-cargolambda method runs `cargo lambda build --release` in functions/ (into this
# workspace's target/) and copies each bootstrap; then each is checked to be an x86-64
# executable. Run it before deploying, or after changing the template's build metadata or the
# functions' crate layout. Not in scripts/test.sh: the release build of the AWS SDK for
# x86_64-unknown-linux-gnu takes 440–490 s on two cores (205 s in the debug profile,
# SAM_BUILD_MODE=debug), a second build of everything the tests lane builds; CI holds the
# template's build metadata to functions/Cargo.toml (scripts/iam_check.py) and runs every
# function's binary end to end (scripts/lambda-e2e.sh). docs/CI.md has the figures.
#
#     bash scripts/sam-build.sh                 # release, as deployed
#     SAM_BUILD_MODE=debug bash scripts/sam-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .aws-sam/build
SAM_CLI_TELEMETRY=0 sam build --beta-features
for function in AssessReportFunction UpdateSummaryFunction ReconcileFunction ApiFunction; do
    test -x ".aws-sam/build/$function/bootstrap" || { echo "sam build: no bootstrap for $function" >&2; exit 1; }
    file ".aws-sam/build/$function/bootstrap" | grep -q 'ELF 64-bit.*x86-64' || { echo "sam build: $function is not an x86-64 executable" >&2; exit 1; }
done
ls -l .aws-sam/build/*/bootstrap
