//! `svf process DIR`, `svf demo [DIR]` and `svf watch DIR`: the cloud pipeline on a folder.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use svf_functions::contract::layout;
use svf_functions::contract::upload_ref::Upload;
use svf_functions::pipeline::PipelineError;
use svf_functions::pipeline::intake::Outcome;
use svf_functions::pipeline::reconcile::{self, Failed, OnFailure, Versions};
use svf_functions::pipeline::summary::SummaryOutcome;
use svf_functions::present::wording::printable;
use svf_functions::store::Silent;
use svf_functions::store::folder::FolderStore;
use svf_kernel::rcc::Rcc;
use svf_kernel::region::{REGION_COUNT, Region, Year};
use svf_kernel::vocabulary::PaymentId;

use crate::failure::Failure;
use crate::input;

/// Arguments of `svf process`.
#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// The folder that is the bucket.
    dir: PathBuf,
}

/// Arguments of `svf demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to lay out the demo bucket.
    #[arg(default_value = "svf-demo")]
    dir: PathBuf,
}

/// Arguments of `svf watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The folder that is the bucket.
    dir: PathBuf,
    /// Seconds between looks for new uploads.
    #[arg(long, default_value_t = 1.0)]
    interval: f64,
    /// Stop after this many looks (default: never).
    #[arg(long)]
    rounds: Option<u64>,
}

/// What one pass over the bucket did.
#[derive(Debug, Default)]
pub struct Pass {
    /// Uploads newly assessed.
    pub assessed: usize,
    /// Uploads newly rejected.
    pub rejected: usize,
    /// Uploads notified before.
    pub already: usize,
    /// Entries under `reports/` that are not uploads and were passed over (each said).
    pub skipped: usize,
    /// Uploads and summaries that could not be handled (each said); the pass went on.
    pub failed: usize,
    /// Regions told that the agency's wait-time data changed their verdict.
    pub redecided: usize,
}

impl Pass {
    /// The line that ends a pass: `21 assessed, 0 rejected, 0 notified before`, and what was
    /// passed over or failed when anything was.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} assessed, {} rejected, {} notified before",
            self.assessed, self.rejected, self.already
        );
        if self.redecided > 0 {
            let _ = write!(line, ", {} decided again", self.redecided);
        }
        if self.skipped > 0 {
            let _ = write!(line, ", {} passed over", self.skipped);
        }
        if self.failed > 0 {
            let _ = write!(line, ", {} failed", self.failed);
        }
        line
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start: {e}")))
}

fn pipeline_failure(e: &PipelineError) -> Failure {
    Failure::Refused(e.to_string())
}

/// Refuses a URL given to `svf process` or `svf watch` as the bucket, saying what processes an
/// S3 bucket instead: the cloud functions.
fn refuse_url(dir: &Path, command: &str) -> Result<(), Failure> {
    input::refuse_url(dir, command, |bucket| {
        format!(
            "An S3 bucket is processed by the cloud functions themselves (docs/DEPLOYING.md): each upload is assessed and the summary updated as it comes, and reconcile \
             catches up hourly. To try it on a copy here (the results stay in the copy): aws s3 \
             sync {bucket} DIR, then svf {command} DIR."
        )
    })
}

/// The folder bucket at `dir`, which must exist: a typo is refused rather than made a bucket.
fn open(dir: &Path) -> Result<FolderStore, Failure> {
    if !dir.exists() {
        return Err(Failure::Usage(format!(
            "{}: no such folder (svf demo {} lays out a new bucket there)",
            dir.display(),
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(Failure::Usage(format!("{}: not a folder", dir.display())));
    }
    FolderStore::open(dir).map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))
}

/// From how many uploads a pass on a terminal shows a progress bar.
pub const BAR_FROM: usize = 20;

/// How a pass shows its progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// One line per upload: for pipes, files and logs.
    Lines,
    /// On a terminal: a progress bar on standard error when there are at least [`BAR_FROM`]
    /// uploads, with only the rejected and ignored uploads as lines above it; one line per
    /// upload otherwise.
    Terminal,
}

impl Progress {
    /// A bar when standard error, where it is drawn, is a terminal; lines otherwise.
    pub fn for_terminal() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::Terminal
        } else {
            Progress::Lines
        }
    }

    fn bar(self, uploads: usize) -> Option<ProgressBar> {
        if self == Progress::Lines || uploads < BAR_FROM {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(uploads as u64), ProgressDrawTarget::stderr());
        // The template is fixed, so it cannot fail; were it to, the default bar does.
        if let Ok(style) =
            ProgressStyle::with_template("[{bar:32}] {pos}/{len} uploads  {elapsed}  {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Some(bar)
    }
}

/// Does what the cloud functions do for every report under `reports/` that has no
/// notification yet, then brings the summaries up to date ([`svf_functions::pipeline::reconcile`]'s
/// pieces); reports one line per upload on `out`, or a progress bar on standard error (see
/// [`Progress`]). A year with uploads but no population table is said on standard error.
///
/// # Errors
/// [`Failure`] when the folder cannot be used or the configuration is broken.
pub async fn process(
    store: &FolderStore,
    progress: Progress,
    out: &mut impl Write,
) -> Result<Pass, Failure> {
    process_settled(store, progress, out, None).await
}

/// How long a file must have been left alone before `svf watch` takes it as written.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What `svf watch` has seen of each upload: a file written in the last [`SETTLE`] (its time
/// is recent) is taken only once it has stayed as it is for [`SETTLE`] by the clock, so a
/// report caught half-copied waits for the rest instead of being rejected.
#[derive(Debug, Default)]
pub struct Settling {
    /// Per key: its content and time when first seen so, and when that was.
    seen: HashMap<String, (Option<String>, svf_kernel::time::Instant, SystemTime)>,
}

impl Settling {
    /// Whether `upload` is done being written, as of `now`; remembers it as seen.
    fn settled(&mut self, upload: &Upload, now: SystemTime) -> bool {
        let earlier = now.checked_sub(SETTLE).unwrap_or(now);
        let quiet = svf_functions::store::folder::instant_of(earlier)
            .is_some_and(|before| upload.received < before);
        let entry = self
            .seen
            .entry(upload.key.clone())
            .or_insert_with(|| (upload.etag.clone(), upload.received, now));
        if entry.0 != upload.etag || entry.1 != upload.received {
            *entry = (upload.etag.clone(), upload.received, now);
        }
        quiet || entry.2 <= earlier
    }
}

/// [`process`], leaving alone the uploads that are still being written when `settling` is
/// given (see [`Settling`]).
async fn process_settled(
    store: &FolderStore,
    progress: Progress,
    out: &mut impl Write,
    settling: Option<&mut Settling>,
) -> Result<Pass, Failure> {
    for key in store.sweep_temporaries() {
        eprintln!(
            "svf: removed  {}  (left by a write a kill interrupted)",
            printable(&key)
        );
    }
    let mut shown = Shown {
        store,
        progress,
        bar: None,
        out,
        written: Ok(()),
        // `watch` says what is missing when a pass did something, not on every idle pass.
        watching: settling.is_some(),
        settling,
        pass: Pass::default(),
    };
    reconcile::reconcile(
        store,
        &Silent,
        Versions::None,
        OnFailure::CarryOn,
        &mut shown,
    )
    .await
    .map_err(|e| pipeline_failure(&e))?;
    // What the summaries' listings passed over, after the uploads'.
    shown.passed_over();
    shown.written?;
    Ok(shown.pass)
}

/// How `svf process` and `svf watch` show a reconciliation: one line per upload on `out` (or
/// a bar on standard error, see [`Progress`]), failures and what was passed over on standard
/// error, and the pass's counts.
struct Shown<'a, W> {
    store: &'a FolderStore,
    progress: Progress,
    bar: Option<ProgressBar>,
    out: &'a mut W,
    /// The first failure to write to `out`; the pass goes on, and the command fails after.
    written: Result<(), Failure>,
    watching: bool,
    settling: Option<&'a mut Settling>,
    pass: Pass,
}

impl<W: Write> Shown<'_, W> {
    /// A line on `out`.
    fn line(&mut self, line: &str) {
        if self.written.is_ok() {
            self.written = writeln!(self.out, "{line}").map_err(|e| Failure::output(&e));
        }
    }

    /// A line on standard error, above the bar when there is one.
    fn said(&self, line: String) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Nothing passed over without a word: what the listings met that is not an object, and
    /// why, each once, whichever listing of the pass met it.
    fn passed_over(&mut self) {
        for (name, why) in self.store.take_skipped() {
            self.pass.skipped += 1;
            eprintln!("svf: passed over  {}  ({why})", printable(&name));
        }
    }
}

impl<W: Write> reconcile::Sink for Shown<'_, W> {
    fn choose(&mut self, uploads: &mut Vec<Upload>) {
        self.passed_over();
        if let Some(settling) = self.settling.as_deref_mut() {
            let now = SystemTime::now();
            settling
                .seen
                .retain(|key, _| uploads.iter().any(|u| u.key == *key));
            uploads.retain(|u| settling.settled(u, now));
        }
    }

    fn timeless(&mut self, key: &str) {
        self.pass.skipped += 1;
        eprintln!(
            "svf: passed over  {}  (its modification time is out of range)",
            printable(key)
        );
    }

    fn start(&mut self, uploads: usize) {
        self.bar = self.progress.bar(uploads);
    }

    fn handling(&mut self, upload: &Upload) {
        if let Some(bar) = &self.bar {
            bar.set_message(printable(&upload.key));
            bar.inc(1);
        }
    }

    fn handled(&mut self, upload: &Upload, outcome: &Outcome) {
        let key = printable(&upload.key);
        let line = match outcome {
            Outcome::Assessed { notification, .. } => {
                self.pass.assessed += 1;
                format!("assessed  {key}  → {notification}")
            }
            Outcome::Rejected { notification } => {
                self.pass.rejected += 1;
                format!("rejected  {key}  → {notification}")
            }
            Outcome::AlreadyDone { .. } => {
                self.pass.already += 1;
                return;
            }
            Outcome::Redecided { notifications } if notifications.is_empty() => return,
            Outcome::Redecided { notifications } => {
                self.pass.redecided += notifications.len();
                format!(
                    "redecided {key}  → {} notified: {}",
                    notifications.len(),
                    notifications.join(", ")
                )
            }
            Outcome::Ignored(why) => format!("ignored   {key}  ({why})"),
        };
        match &self.bar {
            // Under a bar, only what needs a look gets a line.
            Some(_) if matches!(outcome, Outcome::Assessed { .. }) => {}
            Some(bar) => bar.println(line),
            None => self.line(&line),
        }
    }

    fn failed(&mut self, what: Failed<'_>, error: &PipelineError) {
        // One upload or year that cannot be handled never stops the others.
        self.pass.failed += 1;
        match what {
            Failed::Upload(upload) => {
                self.said(format!(
                    "svf: failed  {}  ({error})",
                    printable(&upload.key)
                ));
            }
            Failed::Rebuild(year) => eprintln!("svf: failed  {year}  ({error})"),
            // Said, and the page that stands marked out of date; the other years go on.
            Failed::Summary(year) => eprintln!("svf: no summary for {year}: {error}"),
        }
    }

    fn uploads_done(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_with_message("done");
        }
    }

    fn rebuilt(&mut self, year: Year, region: Region) {
        self.line(&format!(
            "rebuilt   {}  (from the region's uploads)",
            layout::assessment_key(year, region)
        ));
    }

    fn redecided(&mut self, year: Year, notifications: &[String]) {
        self.pass.redecided += notifications.len();
        self.line(&format!(
            "redecided {}  → {} notified: {}",
            layout::assessments_prefix(year),
            notifications.len(),
            notifications.join(", ")
        ));
    }

    fn summary(&mut self, year: Year, outcome: &SummaryOutcome) {
        let unavailable = match outcome {
            SummaryOutcome::Written {
                lagesbild_unavailable,
                ..
            } => lagesbild_unavailable.as_ref(),
            // `watch` says it when the summary changes, not on every idle pass.
            SummaryOutcome::Unchanged {
                lagesbild_unavailable,
            } if !self.watching => lagesbild_unavailable.as_ref(),
            _ => None,
        };
        if let Some(why) = unavailable {
            // Not silent: what the lägesbild page says, said here too.
            eprintln!("svf: lägesbild {year}: the received amounts cannot be computed: {why}");
        }
        match outcome {
            SummaryOutcome::Written { assessed, .. } => self.line(&format!(
                "summary   {}  ({assessed} regions assessed)",
                layout::summary_json_key(year)
            )),
            SummaryOutcome::NoPopulations
                if self.watching && self.pass.assessed + self.pass.rejected == 0 => {}
            SummaryOutcome::NoPopulations => eprintln!(
                "svf: no summary for {year}: {} is missing; nothing can be paid until it is there",
                layout::populations_key(year)
            ),
            SummaryOutcome::Unchanged { .. } => {}
        }
    }
}

/// Exit 1 when anything failed, after the pass went on with everything else.
fn failures(pass: &Pass) -> Result<(), Failure> {
    if pass.failed == 0 {
        Ok(())
    } else {
        Err(Failure::Refused(format!(
            "{} uploads or summaries could not be handled (said above); everything else was",
            pass.failed
        )))
    }
}

/// Runs `svf process DIR`.
///
/// # Errors
/// As [`process`].
pub fn run_process(args: &ProcessArgs, out: &mut impl Write) -> Result<(), Failure> {
    refuse_url(&args.dir, "process")?;
    let store = open(&args.dir)?;
    let pass = runtime()?.block_on(process(&store, Progress::for_terminal(), out))?;
    writeln!(out, "{}", pass.line()).map_err(|e| Failure::output(&e))?;
    failures(&pass)
}

/// Runs `svf watch DIR`: a pass now, and again every interval.
///
/// # Errors
/// As [`process`].
pub fn run_watch(args: &WatchArgs, out: &mut impl Write) -> Result<(), Failure> {
    if !(args.interval.is_finite() && args.interval > 0.0 && args.interval <= 3600.0) {
        return Err(Failure::Usage(
            "--interval must be between 0 and 3600 seconds".to_owned(),
        ));
    }
    refuse_url(&args.dir, "watch")?;
    let store = open(&args.dir)?;
    let runtime = runtime()?;
    let mut round = 0;
    let mut settling = Settling::default();
    loop {
        // A pass that cannot finish (a folder gone, half-saved configuration) is said, and
        // the next one tries again: watch never ends for one bad file.
        match runtime.block_on(process_settled(
            &store,
            Progress::for_terminal(),
            out,
            Some(&mut settling),
        )) {
            Ok(_) => {}
            Err(Failure::Closed) => return Err(Failure::Closed),
            Err(failure) => eprintln!("svf: {failure}; trying again"),
        }
        out.flush().map_err(|e| Failure::output(&e))?;
        round += 1;
        if args.rounds.is_some_and(|rounds| round >= rounds) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs_f64(args.interval));
    }
}

/// The demo's population table and reports, shipped in the binary (see `demo/README.md`).
const DEMO_POPULATIONS: &str = include_str!("../../demo/populations-2024.csv");
const DEMO_REPORTS: [(&str, &str); REGION_COUNT] = [
    ("01", include_str!("../../demo/reports-2024/01.json")),
    ("03", include_str!("../../demo/reports-2024/03.json")),
    ("04", include_str!("../../demo/reports-2024/04.json")),
    ("05", include_str!("../../demo/reports-2024/05.json")),
    ("06", include_str!("../../demo/reports-2024/06.json")),
    ("07", include_str!("../../demo/reports-2024/07.json")),
    ("08", include_str!("../../demo/reports-2024/08.json")),
    ("09", include_str!("../../demo/reports-2024/09.json")),
    ("10", include_str!("../../demo/reports-2024/10.json")),
    ("12", include_str!("../../demo/reports-2024/12.json")),
    ("13", include_str!("../../demo/reports-2024/13.json")),
    ("14", include_str!("../../demo/reports-2024/14.json")),
    ("17", include_str!("../../demo/reports-2024/17.json")),
    ("18", include_str!("../../demo/reports-2024/18.json")),
    ("19", include_str!("../../demo/reports-2024/19.json")),
    ("20", include_str!("../../demo/reports-2024/20.json")),
    ("21", include_str!("../../demo/reports-2024/21.json")),
    ("22", include_str!("../../demo/reports-2024/22.json")),
    ("23", include_str!("../../demo/reports-2024/23.json")),
    ("24", include_str!("../../demo/reports-2024/24.json")),
    ("25", include_str!("../../demo/reports-2024/25.json")),
];

/// Halland's population by municipality, example figures (see `demo/README.md`).
const DEMO_HALLAND: &str = include_str!("../../demo/halland-2024.csv");

/// The 2026 year of the demo (`demo/make_2026.py` wrote it from the 2024 reports; example
/// figures): each region's report with the lead times of part B, Halland's first report
/// (without the myeloma report: incomplete, completed after the feedback), the agency's
/// wait-time file and the ministry's decision on Gotland. The population table is 2024's.
const DEMO_REPORTS_2026: [(&str, &str); REGION_COUNT] = [
    ("01", include_str!("../../demo/reports-2026/01.json")),
    ("03", include_str!("../../demo/reports-2026/03.json")),
    ("04", include_str!("../../demo/reports-2026/04.json")),
    ("05", include_str!("../../demo/reports-2026/05.json")),
    ("06", include_str!("../../demo/reports-2026/06.json")),
    ("07", include_str!("../../demo/reports-2026/07.json")),
    ("08", include_str!("../../demo/reports-2026/08.json")),
    ("09", include_str!("../../demo/reports-2026/09.json")),
    ("10", include_str!("../../demo/reports-2026/10.json")),
    ("12", include_str!("../../demo/reports-2026/12.json")),
    ("13", include_str!("../../demo/reports-2026/13.json")),
    ("14", include_str!("../../demo/reports-2026/14.json")),
    ("17", include_str!("../../demo/reports-2026/17.json")),
    ("18", include_str!("../../demo/reports-2026/18.json")),
    ("19", include_str!("../../demo/reports-2026/19.json")),
    ("20", include_str!("../../demo/reports-2026/20.json")),
    ("21", include_str!("../../demo/reports-2026/21.json")),
    ("22", include_str!("../../demo/reports-2026/22.json")),
    ("23", include_str!("../../demo/reports-2026/23.json")),
    ("24", include_str!("../../demo/reports-2026/24.json")),
    ("25", include_str!("../../demo/reports-2026/25.json")),
];
const DEMO_HALLAND_FIRST_2026: &str = include_str!("../../demo/reports-2026/13-incomplete.json");
const DEMO_LEAD_TIMES_2026: &str = include_str!("../../demo/lead-times-2026.csv");
const DEMO_DECISION_2026: &str = include_str!("../../demo/decision-2026-09.json");
/// The government's decision of the 2024 second payment, S2024/02172 of 2024-12-18, with the
/// annex as published (`svf record`; contract §9): the demo records it, as the agency would.
const DEMO_PAYMENT_DECISION: &str =
    include_str!("../../spec/examples/2024-payment-decision-second.json");
/// The six RCC's first reports on the 2024 special investments, invented projects.
const DEMO_RCC_REPORTS: [(Rcc, &str); 6] = [
    (Rcc::Norr, include_str!("../../demo/rcc-2024/norr.json")),
    (
        Rcc::Mellansverige,
        include_str!("../../demo/rcc-2024/mellansverige.json"),
    ),
    (
        Rcc::StockholmGotland,
        include_str!("../../demo/rcc-2024/stockholm-gotland.json"),
    ),
    (Rcc::Sydost, include_str!("../../demo/rcc-2024/sydost.json")),
    (Rcc::Syd, include_str!("../../demo/rcc-2024/syd.json")),
    (Rcc::Vast, include_str!("../../demo/rcc-2024/vast.json")),
];

/// Where the demo puts an RCC's report.
fn demo_rcc_key(rcc: Rcc) -> String {
    layout::rcc_report_key(Year::Y2024, rcc, "lagesbild-2024.json")
}

/// One input of the demo bucket: its key, its text, and when it was received (seconds since
/// 1970) where that matters (an upload's time is its file's).
struct DemoInput {
    key: String,
    text: &'static str,
    received: Option<u64>,
}

/// Every input of the demo bucket. 2024: the population table, Halland's municipalities, the
/// government's decision on the second payment, each region's report some day in September
/// 2024 and each RCC's first report on the special investments in early November. 2026: the
/// same population table, the agency's wait-time file, the ministry's decision on Gotland,
/// each region's report in September 2026, Halland's twice (incomplete, then complete).
fn demo_inputs() -> Vec<DemoInput> {
    let config = |key: String, text| DemoInput {
        key,
        text,
        received: None,
    };
    let mut inputs = vec![
        config(layout::populations_key(Year::Y2024), DEMO_POPULATIONS),
        config(layout::halland_key(Year::Y2024), DEMO_HALLAND),
        config(
            layout::payment_decision_key(Year::Y2024, PaymentId::Second),
            DEMO_PAYMENT_DECISION,
        ),
        config(layout::populations_key(Year::Y2026), DEMO_POPULATIONS),
        config(layout::lead_times_key(Year::Y2026), DEMO_LEAD_TIMES_2026),
    ];
    if let Some(gotland) = Region::from_code("09") {
        inputs.push(config(
            layout::decision_key(Year::Y2026, gotland),
            DEMO_DECISION_2026,
        ));
    }
    // 2024-09-02T06:00:00Z, then a region a day or so apart, the last on 30 September; the
    // RCC from 2024-11-04T07:00:00Z, a day apart; 2026 from 2026-09-01T06:00:00Z, the last on
    // 28 September.
    let apart = |first: u64, index: usize| first + u64::try_from(index).unwrap_or(0) * 120_000;
    for (index, (region, report)) in demo_reports().enumerate() {
        inputs.push(DemoInput {
            key: demo_report_key(region),
            text: report,
            received: Some(apart(1_725_256_800, index)),
        });
    }
    for (index, (rcc, report)) in DEMO_RCC_REPORTS.iter().enumerate() {
        inputs.push(DemoInput {
            key: demo_rcc_key(*rcc),
            text: report,
            received: Some(apart(1_730_703_600, index)),
        });
    }
    let regions_2026 = Region::ALL.into_iter().zip(DEMO_REPORTS_2026);
    for (index, (region, (_, report))) in regions_2026.enumerate() {
        let key = |name| layout::report_key(Year::Y2026, region, name);
        let received = Some(apart(1_788_242_400, index));
        if region.code() == "13" {
            // First without the myeloma report; the complete one after the feedback, on
            // 2026-09-29T08:00:00Z, before the deadline.
            inputs.push(DemoInput {
                key: key("redovisning-2026.json"),
                text: DEMO_HALLAND_FIRST_2026,
                received,
            });
            inputs.push(DemoInput {
                key: key("komplettering-2026.json"),
                text: report,
                received: Some(1_790_668_800),
            });
        } else {
            inputs.push(DemoInput {
                key: key("redovisning-2026.json"),
                text: report,
                received,
            });
        }
    }
    inputs
}

/// Writes the demo bucket into `store`: its 2024 and 2026 inputs, each upload with its day.
///
/// # Errors
/// [`Failure`] when the folder cannot be written.
pub fn lay_out_demo(store: &FolderStore) -> Result<(), Failure> {
    for input in demo_inputs() {
        let path = store
            .path_of(&input.key)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Usage(format!("{}: {e}", parent.display())))?;
        }
        // Unchanged content keeps its file, its time, and so its notification.
        if std::fs::read(&path).is_ok_and(|old| old == input.text.as_bytes()) {
            continue;
        }
        std::fs::write(&path, input.text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        if let Some(seconds) = input.received {
            let received = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(received))
                .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(())
}

/// The demo's reports with the region each is of ([`DEMO_REPORTS`] is in the regions' order,
/// which a test holds it to).
fn demo_reports() -> impl Iterator<Item = (Region, &'static str)> {
    Region::ALL
        .into_iter()
        .zip(DEMO_REPORTS.iter().map(|(_, report)| *report))
}

/// Where the demo puts a region's report.
fn demo_report_key(region: Region) -> String {
    layout::report_key(Year::Y2024, region, "redovisning-2024.json")
}

/// The first file under `dir` that is not the demo's own: its input exactly as the demo writes
/// it, or what the pipeline wrote (`assessments/`, `notifications/`, `summary/`). The demo lays
/// out its bucket only where it would overwrite nothing of anyone's.
fn foreign_file(dir: &Path) -> Option<String> {
    fn walk(dir: &Path, key: &str, inputs: &[DemoInput], found: &mut Option<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            *found = Some(key.to_owned());
            return;
        };
        for entry in entries.flatten() {
            if found.is_some() {
                return;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if key.is_empty() {
                name
            } else {
                format!("{key}/{name}")
            };
            if child == layout::CHECKER
                || child == svf_functions::store::folder::OWN
                || layout::OUTPUTS
                    .iter()
                    .any(|o| format!("{child}/").starts_with(o))
            {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => walk(&entry.path(), &child, inputs, found),
                Ok(kind) if kind.is_file() && is_demo_input(inputs, &child, &entry.path()) => {}
                _ => *found = Some(child),
            }
        }
    }
    fn is_demo_input(inputs: &[DemoInput], key: &str, path: &Path) -> bool {
        inputs
            .iter()
            .find(|input| input.key == key)
            .is_some_and(|input| {
                std::fs::read(path).is_ok_and(|bytes| bytes == input.text.as_bytes())
            })
    }
    let mut found = None;
    walk(dir, "", &demo_inputs(), &mut found);
    found
}

/// Runs `svf demo [DIR]`: lays out the bucket, processes it, prints the national table.
///
/// # Errors
/// As [`process`].
pub fn run_demo(args: &DemoArgs, out: &mut impl Write) -> Result<(), Failure> {
    input::refuse_url(&args.dir, "demo", |_| {
        "The demo lays out a new bucket in a local folder (default ./svf-demo). To run on S3, \
         deploy the cloud functions (docs/DEPLOYING.md); scripts/lambda-e2e.sh runs \
         them offline."
            .to_owned()
    })?;
    if let Some(file) = foreign_file(&args.dir).filter(|_| args.dir.exists()) {
        return Err(Failure::Usage(format!(
            "{}: holds {} which is not the demo's own; the demo writes over nothing of anyone's: \
             give it an empty or a new folder",
            args.dir.display(),
            printable(&file)
        )));
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.dir.display())))?;
    let store = open(&args.dir)?;
    lay_out_demo(&store)?;
    let pass = runtime()?.block_on(process(&store, Progress::for_terminal(), out))?;
    let table_key = layout::summary_tsv_key(Year::Y2024);
    let table = std::fs::read_to_string(
        store
            .path_of(&table_key)
            .map_err(|e| Failure::Refused(e.to_string()))?,
    )
    .map_err(|e| Failure::Refused(format!("{table_key}: {e}")))?;
    let page_key = layout::summary_html_key(Year::Y2024);
    let checker = store.root().join(layout::CHECKER);
    crate::commands::checker::write_whole(&checker, crate::checker::page().as_bytes())?;
    let [_, lagesbild_page, _] = layout::lagesbild_keys(Year::Y2024);
    let record = store
        .root()
        .join(layout::record_key(Year::Y2024, PaymentId::Second));
    let at = |key: &str| store.root().join(key).display().to_string();
    let text = format!(
        "\n{}. The page for people: {}\n\
         The second payment as the government decided it (S2024/02172), recorded with its \
         basis: {}\n  (svf verify {} computes it again from the record alone)\n\
         The lägesbild of the special investments: {}\n\
         2026, with lead times from the agency's file, Gävleborg without part B and its \
         reason, Gotland paid part A by the ministry's decision, Halland complete after the \
         feedback, figures by sex: {}\n  (its workbook for spreadsheets: {})\n\
         The agency's report to the ministry, drafted for editing: {} and {}\n\
         The checker for coordinators, before they upload: {}\n\
         The national payment table of 2024 ({}):\n\n{table}",
        pass.line(),
        at(&page_key),
        record.display(),
        record.display(),
        at(&lagesbild_page),
        at(&layout::summary_html_key(Year::Y2026)),
        at(&layout::summary_xlsx_key(Year::Y2026)),
        at(&layout::report_docx_key(Year::Y2024)),
        at(&layout::report_docx_key(Year::Y2026)),
        checker.display(),
        at(&table_key)
    );
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::output(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_reports_are_in_the_regions_order_and_each_of_its_region() {
        for reports in [&DEMO_REPORTS, &DEMO_REPORTS_2026] {
            for ((code, report), region) in reports.iter().zip(Region::ALL) {
                assert_eq!(*code, region.code());
                let report = svf_kernel::report::Report::parse(report.as_bytes()).unwrap();
                assert_eq!(report.region, region);
            }
        }
    }
}
