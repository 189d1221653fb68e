#!/usr/bin/env bash
# Every check svf promises, in the order a failure is cheapest to find. Run after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests that need a tool (Chromium, script) skip when it is missing on a laptop; here, and so
# in CI, a missing tool is a failure.
export SVF_REQUIRE_TOOLS=1

# Each lane's wall time, printed at the end (docs/CI.md records a cold run's).
lanes=()
lane_started=$SECONDS
lane_name=""
step() {
    end_lane
    lane_name=$1
    lane_started=$SECONDS
    printf '\n== %s\n' "$*"
}
end_lane() {
    if [ -n "$lane_name" ]; then
        lanes+=("$(printf '%5d s  %s' $((SECONDS - lane_started)) "$lane_name")")
    fi
    lane_name=""
}

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "the kernel as WebAssembly: built, the committed module current"
bash scripts/wasm.sh

step "tests"
log=$(mktemp)
rm -rf target/tmp/figures
cargo test --workspace --locked 2>&1 | tee "$log"

step "the report schema and the kernel judge every report alike"
python3 scripts/schema_check.py target/debug/svf

step "figures the tests measured (docs/RELIABILITY.md)"
cat target/tmp/figures/*.txt

step "Cortex-M: the annex and each year's largest report on an emulated Cortex-M3 and Cortex-M0"
bash scripts/cortex-m.sh

step "benchmarks compile and run once"
# In the test profile, on the dependencies the tests built: each benchmark runs once to show it
# works. Measurements are `cargo bench` (docs/PERFORMANCE.md), never here.
cargo test --workspace --benches --locked

step "fuzzing, half a minute per target"
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-30} bash scripts/fuzz.sh

step "the deployment template"
# Its lint, its grants, its user pool, and its build metadata against functions/Cargo.toml;
# `sam build` itself is scripts/sam-build.sh (docs/CI.md says why it is not a lane here).
cfn-lint deploy/template.yaml
python3 scripts/iam_check.py deploy/template.yaml

step "the Lambda functions end to end (cargo lambda watch, moto)"
bash scripts/lambda-e2e.sh

end_lane
echo
echo "lane times (wall):"
printf '%s\n' "${lanes[@]}"
echo "$(printf '%5d s' "$SECONDS")  in all"

# One closing line for whoever reads the log: every test binary's counts added up.
passed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s += $2} END {print s + 0}')
rm -f "$log"
echo
# The summary pages as Chromium rendered and printed them in the page test (tests/page.rs),
# and the checker page (tests/checker.rs).
for shot in target/page/*.png target/page/*.pdf target/checker/*.png target/report/*.png; do
    if [ -f "$shot" ]; then echo "screenshot: $PWD/$shot"; fi
done
echo "tests: $passed passed, $failed failed"
