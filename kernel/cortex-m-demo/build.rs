//! Puts the board's memory map where the linker finds it, as `memory.x` (cortex-m-rt's `link.x`
//! includes it): the target decides the board.
//!
//! - `thumbv7m-none-eabi` (Cortex-M3): QEMU's lm3s6965evb, `memory-lm3s6965.x` (64 KiB RAM);
//! - `thumbv6m-none-eabi` (Cortex-M0): QEMU's microbit (nRF51822), `memory-nrf51.x` (16 KiB RAM).
//!
//! Both keep the last 64 KiB of flash for the report loaded at run time (`REPORT`).

use std::{env, fs, path::PathBuf};

/// The memory map of each target's board.
const BOARDS: [(&str, &str); 2] = [
    ("thumbv7m-none-eabi", "memory-lm3s6965.x"),
    ("thumbv6m-none-eabi", "memory-nrf51.x"),
];

fn main() {
    let target = env::var("TARGET").expect("cargo sets TARGET");
    let Some((_, map)) = BOARDS.iter().find(|(t, _)| *t == target) else {
        panic!(
            "no board for the target {target}: the firmware builds for {}",
            BOARDS.map(|(t, _)| t).join(" and ")
        );
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::copy(map, out.join("memory.x"))
        .unwrap_or_else(|e| panic!("{map} (next to Cargo.toml): {e}"));
    println!("cargo:rustc-link-search={}", out.display());
    for (_, map) in BOARDS {
        println!("cargo:rerun-if-changed={map}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
