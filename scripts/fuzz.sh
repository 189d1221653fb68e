#!/usr/bin/env bash
# A short run of each fuzz target (cargo fuzz, libFuzzer, nightly): the report parser and the
# assessment, the table parser, the allocation's invariants, the payments from a rules
# file, a table and who earned what, and the recorded decisions. SECONDS_PER_TARGET (default 60)
# each. Seeds come from fuzz/corpus (the examples, the broken-report corpus, the published
# tables); what the fuzzer finds on the way goes to a scratch folder, not into the repository.
# A crash fails the script, and its input is left in fuzz/artifacts/ to turn into a test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${SECONDS_PER_TARGET:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

targets=(report table allocation payments decision rcc_and_lead_times)
# Each libFuzzer run uses one core: the targets are built once, then run FUZZ_JOBS at a time
# (default: the machine's cores), so a 2-core CI runner fuzzes every target as long in half
# the wall time.
jobs=${FUZZ_JOBS:-$(nproc)}
echo "fuzz: building ${#targets[@]} targets"
(cd fuzz && cargo +nightly fuzz build) >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; echo "fuzz: the build FAILED" >&2; exit 1; }

fuzz_one() {
    local target=$1
    mkdir -p "$work/$target"
    (cd fuzz && cargo +nightly fuzz run "$target" "$work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1) \
        >"$work/$target.log" 2>&1
}

failed=()
for ((first = 0; first < ${#targets[@]}; first += jobs)); do
    batch=("${targets[@]:first:jobs}")
    echo "fuzz: ${batch[*]} for ${seconds} s"
    pids=()
    for target in "${batch[@]}"; do
        fuzz_one "$target" &
        pids+=($!)
    done
    for i in "${!batch[@]}"; do
        target=${batch[$i]}
        if wait "${pids[$i]}"; then
            runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$work/$target.log" | grep -Eo '[0-9]+$' || echo "?")
            echo "fuzz: $target: $runs executions, no crash"
        else
            tail -40 "$work/$target.log"
            echo "fuzz: $target FAILED" >&2
            failed+=("$target")
        fi
    done
done
if ((${#failed[@]} > 0)); then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
