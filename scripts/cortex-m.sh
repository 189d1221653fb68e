#!/usr/bin/env bash
# The svf kernel on a microcontroller, checked against the published annex.
#
# 1. Builds the firmware in kernel/cortex-m-demo (thumbv7m-none-eabi, Cortex-M3) in release mode.
# 2. Runs it under QEMU (lm3s6965evb) with semihosting: it parses the 2024 annex, splits
#    182 500 000 kr in whole kronor and prints `CODE<TAB>KRONOR` per region and `sum<TAB>KRONOR`;
#    then it assesses spec/examples/2024-01-stockholm.json (received 2024-09-27T08:00:00Z) and
#    prints `assessment<TAB>JSON`.
# 3. Compares every amount, row by row, with the Belopp column of
#    tests/data/annex-2024-second-payment.tsv; prints a diff and fails on any difference.
# 4. Compares the device's assessment, as JSON values, with the host's
#    (`svf assess ... --received 2024-09-27T08:00:00Z`); prints a diff and fails on any difference.
# 5. Prints the firmware's flash and static RAM (arm-none-eabi-size) and its stack remarks.
# 6. Checks that the kernel alone builds for thumbv7em-none-eabihf (Cortex-M4F) and for
#    thumbv6m-none-eabi (Cortex-M0/M0+: no atomics, no division instruction).
#
# Needs, offline: Debian's rustc-web, cargo-web and rust-web-src (rustc and cargo 1.96 in /usr/bin,
# with the library sources that `-Z build-std=core` compiles), binutils-arm-none-eabi and
# qemu-system-arm:
#   apt-get install -y rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm
# `-Z build-std` is unstable, hence RUSTC_BOOTSTRAP=1 with that stable toolchain. The host's
# `svf` is built with the host's own cargo (the first on PATH, rustup's) into the repository's
# usual target directory, in the dev profile the tests lane has already built (its verdicts are
# the release build's: a release build of everything again cost CI about 100 s); python3 compares
# the JSON.
#
# Usage: scripts/cortex-m.sh   (from any directory)
set -euo pipefail

started=$SECONDS
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo="$root/kernel/cortex-m-demo"
annex="$root/tests/data/annex-2024-second-payment.tsv"
report=spec/examples/2024-01-stockholm.json
received=2024-09-27T08:00:00Z
target=thumbv7m-none-eabi
elf="$demo/target/$target/release/svf-cortex-m-demo"
regions=21

fail() {
    echo "cortex-m: FAILED: $*" >&2
    exit 1
}

# --- Tools -------------------------------------------------------------------------------------
rustc=/usr/bin/rustc
cargo=/usr/bin/cargo
for tool in "$rustc" "$cargo" qemu-system-arm arm-none-eabi-ld arm-none-eabi-size; do
    command -v "$tool" >/dev/null ||
        fail "$tool not found; apt-get install -y rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm"
done
[[ -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/core" ]] ||
    fail "$rustc has no library sources for -Z build-std; apt-get install -y rust-web-src"
for tool in cargo python3; do
    command -v "$tool" >/dev/null || fail "$tool not found (the host's toolchain, or python3, for the JSON)"
done
[[ -f "$annex" ]] || fail "no annex at $annex"
[[ -f "$root/$report" ]] || fail "no example report at $root/$report"

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

# --- Build -------------------------------------------------------------------------------------
echo "cortex-m: building the firmware ($target, release)"
(cd "$demo" && debian_cargo build --release --locked --target "$target" --target-dir "$demo/target") ||
    fail "the firmware did not build"
[[ -f "$elf" ]] || fail "no firmware at $elf"

# --- Run ---------------------------------------------------------------------------------------
echo "cortex-m: running it under QEMU (Cortex-M3, lm3s6965evb)"
status=0
timeout 120 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
    -semihosting-config enable=on,target=native -kernel "$elf" \
    </dev/null >"$work/output" 2>"$work/qemu-stderr" || status=$?
tr -d '\r' <"$work/output" >"$work/output.txt"
if ((status != 0)); then
    cat "$work/output.txt" >&2
    cat "$work/qemu-stderr" >&2
    if ((status == 124)); then
        fail "the firmware did not finish within 120 s"
    fi
    fail "the firmware exited with status $status"
fi

# --- Compare -----------------------------------------------------------------------------------
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

grep -v -e '^#' -e '^sum	' -e '^assessment	' "$work/output.txt" >"$work/actual" || true
device_total=$(awk -F'\t' '$1 == "sum" { print $2 }' "$work/output.txt")

if ! diff -u --label "annex Belopp ($annex)" --label "firmware output" \
    "$work/expected" "$work/actual" >"$work/diff"; then
    cat "$work/diff" >&2
    fail "the firmware's amounts differ from the annex (diff above: - annex, + firmware)"
fi
count=$(wc -l <"$work/actual")
((count == regions)) || fail "expected $regions regions, the annex and the firmware have $count"
awk -F'\t' '{ s += $2 } END { printf "%d\n", s }' "$work/actual" >"$work/row-sum"
row_sum=$(cat "$work/row-sum")
[[ -n "$annex_total" ]] || fail "the annex has no total row"
[[ -n "$device_total" ]] || fail "the firmware printed no sum line"
[[ "$device_total" == "$annex_total" ]] ||
    fail "the firmware's sum $device_total differs from the annex total $annex_total"
[[ "$row_sum" == "$annex_total" ]] ||
    fail "the amounts add up to $row_sum, not the annex total $annex_total"

# --- The assessment ----------------------------------------------------------------------------
# The device's one `assessment<TAB>JSON` line against the host's pretty JSON for the same report,
# compared as JSON values (key order and layout aside; `true` is not `1`).
echo "cortex-m: assessing $report on the host (svf assess)"
lines=$(grep -c '^assessment	' "$work/output.txt" || true)
((lines == 1)) || fail "the firmware printed $lines assessment lines, not 1"
sed -n 's/^assessment	//p' "$work/output.txt" >"$work/device.json"
host_status=0
(cd "$root" && host_cargo run --quiet --locked -- \
    assess "$report" --received "$received") >"$work/host.json" 2>"$work/host-stderr" ||
    host_status=$?
if [[ ! -s "$work/host.json" ]]; then
    cat "$work/host-stderr" >&2
    fail "the host's svf assess printed nothing (exit status $host_status)"
fi
verdict=$(python3 - "$work/device.json" "$work/host.json" <<'PY'
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
            canonical(host), canonical(device), "host (svf assess)", "firmware", lineterm=""
        )
    )
    sys.exit("the firmware's assessment differs from the host's (diff above: - host, + firmware)")
parts = ", ".join(
    f"{p['id']}: {'eligible' if p['eligible'] else 'not eligible'}" for p in device.get("parts", [])
)
print(f"status {device.get('status')}, {parts or 'no parts'}")
PY
) || fail "the device's assessment does not match the host's"
[[ "$verdict" == "status assessed,"* ]] ||
    fail "the device and the host agree, but $report is not assessed ($verdict)"
if ((host_status != 0)); then
    cat "$work/host-stderr" >&2
    fail "the host's svf assess exited with status $host_status"
fi

# --- Size --------------------------------------------------------------------------------------
echo "cortex-m: size of the firmware"
arm-none-eabi-size "$elf"
read -r text data bss _ < <(arm-none-eabi-size "$elf" | awk 'NR == 2')
echo "cortex-m: flash $((text + data)) bytes (text $text + data $data), static RAM $((data + bss)) bytes (data $data + bss $bss)"
sed -n 's/^# /cortex-m: firmware says: /p' "$work/output.txt"

# --- The kernel alone, for a Cortex-M4F ------------------------------------------------------------
# Built through the firmware's workspace (svf-kernel is its path dependency), so its committed
# Cargo.lock is used and the host workspace's lock file and target directory are left alone.
echo "cortex-m: checking that the kernel builds for thumbv7em-none-eabihf"
(cd "$demo" && debian_cargo build --release --locked -p svf-kernel \
    --target thumbv7em-none-eabihf --target-dir "$demo/target/thumbv7em-check") ||
    fail "the kernel does not build for thumbv7em-none-eabihf"
echo "cortex-m: checking that the kernel builds for thumbv6m-none-eabi (Cortex-M0)"
(cd "$demo" && debian_cargo build --release --locked -p svf-kernel \
    --target thumbv6m-none-eabi --target-dir "$demo/target/thumbv6m-check") ||
    fail "the kernel does not build for thumbv6m-none-eabi"

echo "cortex-m: done in $((SECONDS - started)) s"
echo "cortex-m: $count amounts match the annex (sum $device_total)"
echo "cortex-m: the device's assessment equals the host's ($verdict)"
