#!/usr/bin/env bash
# The kernel as WebAssembly, for the checker page (`svf checker`, contract §8):
# 1. Builds kernel/wasm (the thin wrapper, no heap) for wasm32-unknown-unknown in release mode,
#    with `core` built from source by Debian's rustc-web and rust-web-src (`-Z build-std`, hence
#    RUSTC_BOOTSTRAP=1 on that stable toolchain), linked by wasm-ld from Debian's lld.
# 2. Checks that the module committed at kernel/wasm/svf_kernel.wasm, the one `svf checker`
#    embeds, is byte for byte the one the kernel's sources build now; `--update` writes it.
# 3. Prints its size and holds it to the goal (150 KB).
#
# Needs, offline: apt-get install -y rustc-web cargo-web rust-web-src lld
# Usage: scripts/wasm.sh [--update]   (from any directory)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
crate="$root/kernel/wasm"
committed="$crate/svf_kernel.wasm"
goal=$((150 * 1024))

fail() {
    echo "wasm: FAILED: $*" >&2
    exit 1
}

rustc=/usr/bin/rustc
cargo=/usr/bin/cargo
for tool in "$rustc" "$cargo" wasm-ld tar flock; do
    command -v "$tool" >/dev/null ||
        fail "$tool not found; apt-get install -y rustc-web cargo-web rust-web-src lld"
done
[[ -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/core" ]] ||
    fail "$rustc has no library sources for -Z build-std; apt-get install -y rust-web-src"

echo "wasm: building the kernel for wasm32-unknown-unknown (release)"
# Built from a copy of kernel/ at one fixed path: cargo derives symbol hashes from where a path
# dependency lives, and the module's layout follows them, so a build in another checkout would
# differ in bytes. The Debian toolchain whatever the environment says; the linker comes from the
# crate's .cargo/config.toml; a lock keeps two checkouts from building in the copy at once.
build=/tmp/svf-wasm-build
mkdir -p "$build"
exec 9>"$build.lock"
flock 9
rm -rf "$build/kernel"
# --touch: the copy's files are newer than anything built before, so cargo never keeps an output
# of other sources whose files happened to carry older times (a branch switched, a patch applied).
tar -C "$root" --exclude=target --exclude=cortex-m-demo --exclude=svf_kernel.wasm -cf - kernel |
    tar -C "$build" --touch -xf -
# The kernel inherits its edition and lints from the workspace's manifest: its [workspace]
# part, with the kernel as the one member.
sed -n '/^\[package\]/q;p' "$root/Cargo.toml" |
    sed 's/^members = .*/members = ["kernel"]/; /^exclude = /d' >"$build/Cargo.toml"
(cd "$build/kernel/wasm" && env -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR -u CARGO_ENCODED_RUSTFLAGS -u RUSTFLAGS \
    RUSTC="$rustc" RUSTC_BOOTSTRAP=1 "$cargo" build --release --locked --target-dir "$build/target") ||
    fail "the module did not build"
built="$build/target/wasm32-unknown-unknown/release/svf_kernel_wasm.wasm"
[[ -f "$built" ]] || fail "no module at $built"

size=$(stat -c %s "$built")
echo "wasm: the module is $size bytes (goal: at most $goal)"
((size <= goal)) || fail "the module is $size bytes, over the goal of $goal"

if [[ "${1:-}" == "--update" ]]; then
    cp "$built" "$committed"
    echo "wasm: wrote $committed"
elif ! cmp -s "$built" "$committed"; then
    fail "kernel/wasm/svf_kernel.wasm is not what the kernel's sources build now; run bash scripts/wasm.sh --update and commit it"
else
    echo "wasm: kernel/wasm/svf_kernel.wasm is the module the sources build"
fi
