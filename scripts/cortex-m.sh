#!/usr/bin/env bash
# The svf kernel on microcontrollers, checked against the published annex and the host.
#
# 1. Builds the firmware in kernel/cortex-m-demo once per board, in release mode:
#    thumbv7m-none-eabi for QEMU's lm3s6965evb (Cortex-M3, 64 KiB RAM) and thumbv6m-none-eabi for
#    its microbit (BBC micro:bit, nRF51822, Cortex-M0, 16 KiB RAM). The report is not built in:
#    each run loads one into the last 64 KiB of flash (QEMU's `-device loader ... force-raw=on`)
#    behind a 64-byte header: `svfR`, the report's length and the received instant's length
#    (little-endian u32), the instant's text (see kernel/cortex-m-demo/src/main.rs).
# 2. Assesses every report on the host (`svf assess ... --received YEAR-09-27T08:00:00Z`):
#    spec/examples/2024-01-stockholm.json, the largest report the kernel accepts for each year
#    (tests/data/largest/largest-YEAR.json, from scripts/largest_reports.py) and the rejection with
#    the most errors (tests/data/largest/rejected-16.json: 16 errors).
# 3. Runs each report on each board under QEMU with semihosting: the firmware parses the 2024
#    annex, splits 182 500 000 kr in whole kronor and prints `CODE<TAB>KRONOR` per region and
#    `sum<TAB>KRONOR`; then it assesses the loaded report and prints `assessment<TAB>JSON`.
#    Every run's amounts are compared, row by row, with the Belopp column of
#    tests/data/annex-2024-second-payment.tsv, and its assessment, as JSON values, with the host's;
#    any difference, a failing exit, a HardFault (the firmware reports one as an `error:` line
#    and a failing exit, e.g. a stack that overflowed RAM) or a run that does not end within 30 s
#    (`timeout`) fails the script.
# 4. Prints one line per board and report (flash, the stack used by the split and by the
#    assessment step, the board's RAM), then a table of them.
# 5. Checks that the kernel alone builds for thumbv7em-none-eabihf (Cortex-M4F) and for
#    thumbv6m-none-eabi (Cortex-M0/M0+: no atomics, no division instruction).
#
# The stack the assessment step needs was 31 692 B on the Cortex-M3 before issue 28 (December
# 2026), twice the micro:bit's 16 KiB; since, it is within the kernel's budget of 8 KiB on both
# boards, for every report here (docs/KERNEL.md has the figures), and a run that needs more fails
# the script: the budget is a property of the kernel (a part with 8 KiB of RAM for it), measured
# exactly by the stack paint, so it is held like any other. A stack that overflows RAM ends in a
# HardFault below the stack's end, which the firmware reports ("error: HardFault: the stack
# overflowed ..."), and fails the script like any other fault.
#
# Needs, offline: Debian's rustc-web, cargo-web and rust-web-src (rustc and cargo 1.96 in /usr/bin,
# with the library sources that `-Z build-std=core` compiles), binutils-arm-none-eabi and
# qemu-system-arm:
#   apt-get install -y rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm
# `-Z build-std` is unstable, hence RUSTC_BOOTSTRAP=1 with that stable toolchain. The host's
# `svf` is built with the host's own cargo (the first on PATH, rustup's) into the repository's
# usual target directory, in the dev profile the tests lane has already built (its verdicts are
# the release build's: a release build of everything again cost CI about 100 s); python3 writes
# the uploads and compares the JSON.
#
# Usage: scripts/cortex-m.sh   (from any directory)
set -euo pipefail

started=$SECONDS
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo="$root/kernel/cortex-m-demo"
annex="$root/tests/data/annex-2024-second-payment.tsv"
regions=21
# The most stack the assessment step (read, assess, write the JSON) may need, in bytes.
assessment_budget=8192
# A run takes well under a second; a firmware stuck in a fault loop is stopped after this.
run_timeout=30
# Where the upload goes: the REPORT region of both memory maps (memory-*.x), and its size.
upload_at=0x30000
upload_room=$((64 * 1024))

# The boards: name, target, QEMU's options, RAM in bytes.
boards=(lm3s6965evb microbit)
declare -A board_target=([lm3s6965evb]=thumbv7m-none-eabi [microbit]=thumbv6m-none-eabi)
declare -A board_qemu=([lm3s6965evb]="-cpu cortex-m3 -machine lm3s6965evb" [microbit]="-machine microbit")
declare -A board_ram=([lm3s6965evb]=65536 [microbit]=16384)
declare -A board_cpu=([lm3s6965evb]=Cortex-M3 [microbit]=Cortex-M0)

# The reports, each with its receipt time (before its year's deadline) and the host's verdict.
reports=(spec/examples/2024-01-stockholm.json)
declare -A report_received=([spec/examples/2024-01-stockholm.json]=2024-09-27T08:00:00Z)
declare -A report_status=([spec/examples/2024-01-stockholm.json]=assessed)
for year in 2022 2023 2024 2025 2026; do
    report=tests/data/largest/largest-$year.json
    reports+=("$report")
    report_received[$report]=$year-09-27T08:00:00Z
    report_status[$report]=assessed
done
reports+=(tests/data/largest/rejected-16.json)
report_received[tests/data/largest/rejected-16.json]=2024-09-27T08:00:00Z
report_status[tests/data/largest/rejected-16.json]=rejected
# The errors the rejection lists (MAX_ERRORS).
rejected_errors=16

fail() {
    echo "cortex-m: FAILED: $*" >&2
    exit 1
}

# --- Tools -------------------------------------------------------------------------------------
rustc=/usr/bin/rustc
cargo=/usr/bin/cargo
for tool in "$rustc" "$cargo" qemu-system-arm arm-none-eabi-ld arm-none-eabi-size timeout; do
    command -v "$tool" >/dev/null ||
        fail "$tool not found; apt-get install -y rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm"
done
[[ -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/core" ]] ||
    fail "$rustc has no library sources for -Z build-std; apt-get install -y rust-web-src"
for tool in cargo python3; do
    command -v "$tool" >/dev/null || fail "$tool not found (the host's toolchain, or python3, for the JSON)"
done
[[ -f "$annex" ]] || fail "no annex at $annex"
for report in "${reports[@]}"; do
    [[ -f "$root/$report" ]] || fail "no report at $root/$report (tests/data/largest: python3 scripts/largest_reports.py)"
done

# The Debian toolchain, whatever rustup or the environment says; the firmware's rustflags
# (link.x) come from its .cargo/config.toml, which RUSTFLAGS would override.
debian_cargo() {
    env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR \
        RUSTC="$rustc" RUSTC_BOOTSTRAP=1 "$cargo" "$@"
}

# The host's toolchain for the host's `svf`: cargo from PATH, never the Debian rustc or the
# bootstrap switch above, whatever the environment says.
host_cargo() {
    env -u RUSTC -u RUSTC_BOOTSTRAP cargo "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A file name for a report in $work.
slug() {
    basename "$1" .json
}

# --- Build -------------------------------------------------------------------------------------
declare -A board_elf board_flash
for board in "${boards[@]}"; do
    target=${board_target[$board]}
    echo "cortex-m: building the firmware for $board ($target, release)"
    (cd "$demo" && debian_cargo build --release --locked --target "$target" --target-dir "$demo/target") ||
        fail "the firmware did not build for $target"
    elf="$demo/target/$target/release/svf-cortex-m-demo"
    [[ -f "$elf" ]] || fail "no firmware at $elf"
    board_elf[$board]=$elf
    arm-none-eabi-size "$elf"
    read -r text data _ < <(arm-none-eabi-size "$elf" | awk 'NR == 2')
    board_flash[$board]=$((text + data))
done

# --- The annex's amounts -----------------------------------------------------------------------
# Expected: code and Belopp of every region row (the total row has no code), spaces (also
# no-break spaces) removed from the numbers.
sed -e 's/\r$//' -e 's/\xc2\xa0//g' -e 's/\xe2\x80\xaf//g' "$annex" | awk -F'\t' '
    NR == 1 {
        for (i = 1; i <= NF; i++) {
            if (tolower($i) == "kod") code = i
            if (tolower($i) == "belopp") amount = i
        }
        if (!code || !amount) { print "annex header lacks Kod or Belopp" > "/dev/stderr"; exit 1 }
        next
    }
    /^[[:space:]]*$/ { next }
    {
        value = $amount
        gsub(/ /, "", value)
        if (value !~ /^[0-9]+$/) { print "annex line " NR ": Belopp is not whole kronor: " $amount > "/dev/stderr"; exit 1 }
        if ($code == "") print "sum\t" value
        else print $code "\t" value
    }' >"$work/annex-all" || fail "could not read the Belopp column of $annex"
grep -v '^sum	' "$work/annex-all" >"$work/expected" || true
annex_total=$(awk -F'\t' '$1 == "sum" { print $2 }' "$work/annex-all")
[[ -n "$annex_total" ]] || fail "the annex has no total row"

# Compares a run's amounts ($1: its output) with the annex's; fails on any difference.
check_amounts() {
    local output=$1 what=$2
    grep -v -e '^#' -e '^sum	' -e '^assessment	' -e '^error: ' "$output" >"$work/actual" || true
    local device_total count row_sum
    device_total=$(awk -F'\t' '$1 == "sum" { print $2 }' "$output")
    if ! diff -u --label "annex Belopp ($annex)" --label "firmware output ($what)" \
        "$work/expected" "$work/actual" >"$work/diff"; then
        cat "$work/diff" >&2
        fail "$what: the firmware's amounts differ from the annex (diff above: - annex, + firmware)"
    fi
    count=$(wc -l <"$work/actual")
    ((count == regions)) || fail "$what: expected $regions regions, the annex and the firmware have $count"
    row_sum=$(awk -F'\t' '{ s += $2 } END { printf "%d\n", s }' "$work/actual")
    [[ -n "$device_total" ]] || fail "$what: the firmware printed no sum line"
    [[ "$device_total" == "$annex_total" ]] ||
        fail "$what: the firmware's sum $device_total differs from the annex total $annex_total"
    [[ "$row_sum" == "$annex_total" ]] ||
        fail "$what: the amounts add up to $row_sum, not the annex total $annex_total"
}

# --- The host's assessments --------------------------------------------------------------------
# `svf assess` exits 0 for an assessed report and 1 for a rejected one.
echo "cortex-m: assessing ${#reports[@]} reports on the host (svf assess)"
for report in "${reports[@]}"; do
    name=$(slug "$report")
    expected=${report_status[$report]}
    host_status=0
    (cd "$root" && host_cargo run --quiet --locked -- \
        assess "$report" --received "${report_received[$report]}") >"$work/$name.host.json" \
        2>"$work/$name.host-stderr" || host_status=$?
    if [[ ! -s "$work/$name.host.json" ]]; then
        cat "$work/$name.host-stderr" >&2
        fail "the host's svf assess printed nothing for $report (exit status $host_status)"
    fi
    want_exit=0
    [[ "$expected" == rejected ]] && want_exit=1
    if ((host_status != want_exit)); then
        cat "$work/$name.host-stderr" >&2
        fail "the host's svf assess exited with status $host_status for $report, not $want_exit ($expected)"
    fi
    python3 - "$work/$name.host.json" "$expected" "$rejected_errors" <<'PY' || fail "the host's assessment of $report is not as expected"
import json, sys
path, expected, errors = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, encoding="utf-8") as f:
    assessment = json.load(f)
status = assessment.get("status")
if status != expected:
    sys.exit(f"{path}: status {status}, not {expected}")
if expected == "rejected" and len(assessment.get("errors", [])) != errors:
    sys.exit(f"{path}: {len(assessment.get('errors', []))} errors, not {errors}")
PY
done

# --- Run each report on each board -------------------------------------------------------------
# The upload: `svfR`, the report's length, the received instant's length, the instant (52 bytes
# of room), then the report.
make_upload() {
    python3 - "$1" "$2" "$3" "$upload_room" <<'PY'
import struct, sys
report_path, received, out, room = sys.argv[1], sys.argv[2].encode("utf-8"), sys.argv[3], int(sys.argv[4])
with open(report_path, "rb") as f:
    report = f.read()
if len(received) > 52:
    sys.exit(f"the received instant {sys.argv[2]} is longer than 52 bytes")
upload = b"svfR" + struct.pack("<II", len(report), len(received)) + received.ljust(52, b"\0") + report
if len(upload) > room:
    sys.exit(f"{report_path}: {len(report)} bytes and the header do not fit in the {room}-byte region")
with open(out, "wb") as f:
    f.write(upload)
PY
}

# Compares the device's assessment with the host's, as JSON values (key order and layout aside;
# `true` is not `1`); prints the verdict.
compare_assessments() {
    python3 - "$1" "$2" "$3" <<'PY'
import difflib, json, sys

def load(path, who):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"the {who}'s assessment is not JSON: {e}")

def canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2).splitlines()

device, host = load(sys.argv[1], "device"), load(sys.argv[2], "host")
if canonical(device) != canonical(host):
    sys.stderr.writelines(
        line + "\n"
        for line in difflib.unified_diff(
            canonical(host), canonical(device), "host (svf assess)", f"firmware ({sys.argv[3]})", lineterm=""
        )
    )
    sys.exit("the firmware's assessment differs from the host's (diff above: - host, + firmware)")
if device.get("status") == "rejected":
    print(f"status rejected, {len(device.get('errors', []))} errors")
else:
    parts = ", ".join(
        f"{p['id']}: {'eligible' if p['eligible'] else 'not eligible'}" for p in device.get("parts", [])
    )
    print(f"status {device.get('status')}, {parts or 'no parts'}")
PY
}

# Each run's row: board, report, flash, stack (split), stack (assessment), stack size, RAM,
# outcome.
rows=()
# The deepest assessment step of all runs, and which run it was.
deepest=0
deepest_run=
stockholm_verdict=""
for board in "${boards[@]}"; do
    elf=${board_elf[$board]}
    ram=${board_ram[$board]}
    for report in "${reports[@]}"; do
        name=$(slug "$report")
        what="$board, $name"
        make_upload "$root/$report" "${report_received[$report]}" "$work/$name.upload" ||
            fail "could not write the upload of $report"
        status=0
        # shellcheck disable=SC2086 # the board's QEMU options are words
        timeout "$run_timeout" qemu-system-arm ${board_qemu[$board]} -nographic \
            -semihosting-config enable=on,target=native -kernel "$elf" \
            -device "loader,file=$work/$name.upload,addr=$upload_at,force-raw=on" \
            </dev/null >"$work/output" 2>"$work/qemu-stderr" || status=$?
        tr -d '\r' <"$work/output" >"$work/$board.$name.txt"
        output="$work/$board.$name.txt"
        # `# stack: N bytes used while parsing and splitting, ..., of S bytes` and
        # `# stack: N bytes used while reading, assessing and writing the report, of S bytes`.
        split_stack=$(sed -n 's/^# stack: \([0-9]*\) bytes used while parsing and splitting.*/\1/p' "$output")
        assess_stack=$(sed -n 's/^# stack: \([0-9]*\) bytes used while reading, assessing.*/\1/p' "$output")
        stack_size=$(sed -n 's/^# stack: .* of \([0-9]*\) bytes$/\1/p' "$output" | head -n 1)
        fault=$(grep -m 1 '^error: HardFault' "$output" || true)
        if ((status == 124)); then
            cat "$output" >&2
            fail "$what: the firmware did not finish within $run_timeout s (QEMU stopped)"
        elif ((status != 0)); then
            cat "$output" >&2
            cat "$work/qemu-stderr" >&2
            fail "$what: the firmware exited with status $status (${fault:-output above})"
        fi
        check_amounts "$output" "$what"
        lines=$(grep -c '^assessment	' "$output" || true)
        ((lines == 1)) || fail "$what: the firmware printed $lines assessment lines, not 1"
        sed -n 's/^assessment	//p' "$output" >"$work/device.json"
        verdict=$(compare_assessments "$work/device.json" "$work/$name.host.json" "$what") ||
            fail "$what: the device's assessment does not match the host's"
        [[ "$verdict" == "status ${report_status[$report]}"* ]] ||
            fail "$what: the device and the host agree, but the status is not ${report_status[$report]} ($verdict)"
        [[ -n "$split_stack" && -n "$assess_stack" && -n "$stack_size" ]] ||
            fail "$what: the firmware printed no stack remarks"
        # No paint left at the stack's end: it reached it, and perhaps went beyond unnoticed.
        ((split_stack < stack_size && assess_stack < stack_size)) ||
            fail "$what: the stack used its whole $stack_size bytes (split $split_stack, assessment $assess_stack)"
        ((assess_stack <= assessment_budget)) ||
            fail "$what: the assessment step needed $assess_stack B of stack, over the kernel's budget of $assessment_budget B (docs/KERNEL.md)"
        if ((assess_stack > deepest)); then
            deepest=$assess_stack
            deepest_run=$what
        fi
        [[ "$name" == 2024-01-stockholm ]] && stockholm_verdict=$verdict
        rows+=("$board|$name|${board_flash[$board]}|$split_stack|$assess_stack|$stack_size|$ram|$verdict")
        printf 'cortex-m: %-12s %-18s flash %6d B, stack %5d B (split) %5d B (assessment) of %5d B, RAM %5d B: %s\n' \
            "$board" "$name" "${board_flash[$board]}" "$split_stack" "$assess_stack" "$stack_size" "$ram" "$verdict"
    done
done

# --- The kernel alone, for a Cortex-M4F and a Cortex-M0 -----------------------------------------
# Built through the firmware's workspace (svf-kernel is its path dependency), so its committed
# Cargo.lock is used and the host workspace's lock file and target directory are left alone. The
# Cortex-M0's shares the firmware's target directory: its `core` is built already.
echo "cortex-m: checking that the kernel builds for thumbv7em-none-eabihf"
(cd "$demo" && debian_cargo build --release --locked -p svf-kernel \
    --target thumbv7em-none-eabihf --target-dir "$demo/target/thumbv7em-check") ||
    fail "the kernel does not build for thumbv7em-none-eabihf"
echo "cortex-m: checking that the kernel builds for thumbv6m-none-eabi (Cortex-M0)"
(cd "$demo" && debian_cargo build --release --locked -p svf-kernel \
    --target thumbv6m-none-eabi --target-dir "$demo/target") ||
    fail "the kernel does not build for thumbv6m-none-eabi"

# --- The table ---------------------------------------------------------------------------------
echo
echo "cortex-m: flash (text + data) and stack (bytes)"
printf '%-12s %-18s %7s %7s %10s %7s %7s  %s\n' board report flash split assessment stack RAM outcome
for row in "${rows[@]}"; do
    IFS='|' read -r board name flash split assess size ram outcome <<<"$row"
    printf '%-12s %-18s %7s %7s %10s %7s %7s  %s\n' "$board" "$name" "$flash" "$split" "$assess" "$size" "$ram" "$outcome"
done
echo

echo "cortex-m: done in $((SECONDS - started)) s"
echo "cortex-m: every run's $regions amounts match the annex (sum $annex_total)"
echo "cortex-m: the devices' assessments equal the host's (Stockholm 2024: $stockholm_verdict)"
echo "cortex-m: every assessment step within $assessment_budget B of stack (the deepest: $deepest B, $deepest_run)"
