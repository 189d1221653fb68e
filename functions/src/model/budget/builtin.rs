//! The data built into `svf budget` and the lägesbild (`data/`, see `data/README.md`): 2024's
//! allocation, the RCC of each region, Halland's municipalities and their RCC.

/// The year whose allocation is built in.
pub const YEAR: u16 = 2024;
/// Bilaga 1 of the 2024 agreement.
pub const AGREEMENT_2024: &[u8] = include_bytes!("../../../../data/agreement-2024-allocation.tsv");
/// How messages name it.
pub const AGREEMENT_2024_NAME: &str = "data/agreement-2024-allocation.tsv";
/// The RCC of each region.
pub const RCC_REGIONS: &[u8] = include_bytes!("../../../../data/rcc-regions.csv");
/// How messages name it.
pub const RCC_REGIONS_NAME: &str = "data/rcc-regions.csv";
/// Halland's municipalities and their RCC.
pub const HALLAND_MUNICIPALITIES: &[u8] =
    include_bytes!("../../../../data/halland-municipalities.csv");
/// How messages name it.
pub const HALLAND_MUNICIPALITIES_NAME: &str = "data/halland-municipalities.csv";
