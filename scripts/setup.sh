#!/usr/bin/env bash
# Installs what svf's tests need beyond the machine's Rust toolchain, on a fresh Debian machine:
# the Debian Rust toolchain with the library sources (to build `core` for bare-metal targets),
# the ARM binutils and QEMU for the Cortex-M run, lld for the WebAssembly kernel, curl,
# Chromium (the page and checker tests), and the Python tools for the offline cloud run. Safe to run again: what is installed is skipped.
set -euo pipefail

packages=(rustc-web cargo-web rust-web-src binutils-arm-none-eabi qemu-system-arm curl file)
# The kernel as WebAssembly for the checker page: wasm-ld links it.
packages+=(lld)
# The page test renders summary/{year}/index.html in headless Chromium, with a font for its text.
packages+=(chromium fonts-dejavu-core)
# The print test reads the printed page back (pdftotext) and saves its first page (pdftoppm).
packages+=(poppler-utils)
# The report test renders summary/{year}/rapport.docx to PDF as the agency's Writer would.
packages+=(libreoffice-writer)
# The accessibility audit (axe-core, below) is installed with npm.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
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

# The offline cloud: cargo-lambda (brings zig) to run and build the Lambda functions, moto as
# S3, SNS and SQS, cfn-lint for the deployment template, the SAM CLI to build it as
# docs/DEPLOYING.md deploys it, jsonschema to hold the report schema against the kernel,
# openpyxl to read the summary's workbooks back, python-docx its report to the ministry. Pinned, so every machine runs the same.
python_tools=("cargo-lambda==1.9.2" "openpyxl==3.1.5" "python-docx==1.2.0" "moto[server]==5.2.1" "cfn-lint==1.58.0" "aws-sam-cli==1.170.0" "jsonschema==4.26.0")
if ! pip install --quiet --disable-pip-version-check "${python_tools[@]}" >/dev/null 2>&1; then
    pip install --disable-pip-version-check "${python_tools[@]}"
fi
# Fuzzing: cargo-fuzz on the machine's nightly toolchain.
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --version 0.13.2 --locked
fi
rustup toolchain list | grep -q '^nightly' || echo "setup: no nightly toolchain; scripts/fuzz.sh needs one" >&2
# The pages' accessibility audit in the Chromium tests: axe-core from npm, pinned, into the
# workspace's target/tools (the tests look for it there).
root="$(cd "$(dirname "$0")/.." && pwd)"
axe_version=4.10.3
if ! grep -qs "\"version\": \"$axe_version\"" "$root/target/tools/node_modules/axe-core/package.json"; then
    npm install --no-save --no-audit --no-fund --prefix "$root/target/tools" "axe-core@$axe_version" >/dev/null
fi
echo "setup: done"
