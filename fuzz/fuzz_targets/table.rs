//! Any bytes as a weight table: reading never panics, and a table that is read holds what it
//! says (its rows sum to its weight sum, its count is its rows').
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::Table;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = Table::parse_bytes(data) else {
        return;
    };
    let rows: Vec<_> = table.rows().collect();
    assert_eq!(rows.len(), table.len());
    assert!(!rows.is_empty());
    assert_eq!(
        rows.iter().map(|r| u64::from(r.weight)).sum::<u64>(),
        table.weight_sum()
    );
    assert!(
        rows.iter()
            .all(|r| !r.code.is_empty() && !r.name.is_empty())
    );
});
