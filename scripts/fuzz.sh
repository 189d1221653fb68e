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

for target in report table allocation payments decision rcc_and_lead_times; do
    mkdir -p "$work/$target"
    echo "fuzz: $target for ${seconds} s"
    (cd fuzz && cargo +nightly fuzz run "$target" "$work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1) \
        >"$work/$target.log" 2>&1 || { tail -40 "$work/$target.log"; echo "fuzz: $target FAILED" >&2; exit 1; }
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$work/$target.log" | grep -Eo '[0-9]+$' || echo "?")
    echo "fuzz: $target: $runs executions, no crash"
done
