#!/usr/bin/env bash
# Installs what svf's tests need beyond the machine's Rust toolchain, on a fresh Debian machine:
# the Debian Rust toolchain with the library sources (to build `core` for bare-metal targets),
# the ARM binutils and QEMU for the Cortex-M run. Safe to run again: installed packages are skipped.
set -euo pipefail

packages=(rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
echo "setup: done"
