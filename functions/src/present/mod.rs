//! Room 4, presentation: every word and layout people read, in Swedish and English, HTML and
//! TSV. It reads the model's figures, the contract's documents and the kernel's values and
//! decides nothing; the command line uses it without the pipeline (`svf status`, `svf assess
//! --format text`).
//!
//! - [`wording`]: every word about the contract's ids.
//! - [`place`]: where in a report, in words a coordinator knows.
//! - [`notification`]: the message a region reads for an upload.
//! - [`rcc_notification`]: the message an RCC reads for an upload.
//! - [`tables`]: payment tables for people (annex layout, CSV).
//! - [`workbook`]: the same tables as `.xlsx` workbooks.
//! - [`budget`]: the agreement's budget as a text table and TSV.
//! - [`decided`]: decided payments: why a record does not compute again, an annex that differs.
//! - [`lagesbild`]: the lägesbild's JSON document and table.
//! - [`page`]: the summary page and the lägesbild page.
//! - [`report`]: the agency's report to the ministry as a Word document.
//! - [`front`]: the front door's refusals (contract §10).
//! - [`reminder`]: a region's reminder before the deadline and the agency's overview.

pub mod budget;
pub mod decided;
pub mod front;
pub mod lagesbild;
pub mod notification;
pub mod page;
pub mod place;
pub mod rcc_notification;
pub mod reminder;
pub mod report;
pub mod tables;
pub mod wording;
pub mod workbook;
