//! The national summary of a year (`summary/{year}/payments.json`, `payments.tsv`, each
//! payment's `annex-{payment}.tsv` and the page `index.html`), recomputed from every
//! assessment, every recorded decision and the year's population table and rules (whose
//! `policy` says what happens to the money a region did not earn).
//!
//! Writes are conditional on the summary being what was read before the assessments were
//! listed, and retried: when two updates race, the loser starts over from a fresh listing, so
//! the summary that stands was computed after the last assessment it must include was written.
//! The page is written the same way, so an update that lost the race cannot put back an older
//! page over a newer one. An object that already holds what an update computed is left as it
//! is (and one found holding it after a lost race counts as written): that never puts back
//! anything older, and keeps many updates racing to the same result from starting over.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use svf_kernel::Table;
use svf_kernel::decision::{Decision, MAX_DECISION_BYTES};
use svf_kernel::payments::{Basis, Payments, Policy, RecordedError};
use svf_kernel::region::{Region, Year};
use svf_kernel::rules::Rules;
use svf_kernel::rules_file::MAX_RULES_BYTES as MAX_RULES;
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::PaymentId;
use tracing::info;

use crate::contract::history::{CHANGE_SCHEMA, Change};
use crate::contract::layout;
use crate::contract::provenance::{Provenance, RulesSource};
use crate::contract::record::{BasisObject, Record};
use crate::contract::stored::{StoredAssessment, StoredRccAssessment};
use crate::model::decided::{After, Settled};
use crate::model::history::{self, Previous};
use crate::model::lagesbild::{Configuration, Lagesbild, RccTexts};
use crate::model::national::{National, Quotes};
use crate::pipeline::decided::{self, Decided};
use crate::pipeline::history::{Standing, standing};
use crate::pipeline::{ConfigError, PipelineError};
use crate::present::page;
use crate::present::tables;
use crate::store::{Object, ObjectStore, Precondition, Written};

/// What updating the summary came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryOutcome {
    /// Written; how many regions had an assessment.
    Written {
        /// Regions with an assessment.
        assessed: usize,
        /// Why the lägesbild's received amounts cannot be computed, when they cannot though
        /// the agency meant them to be (the built-in year, or an agreement given): its page
        /// says so, and the command line says it too.
        lagesbild_unavailable: Option<String>,
    },
    /// Already up to date.
    Unchanged {
        /// As for [`SummaryOutcome::Written`].
        lagesbild_unavailable: Option<String>,
    },
    /// No population table for the year: nothing can be paid yet.
    NoPopulations,
}

/// One object of the summary, as computed.
struct Output {
    key: String,
    bytes: Vec<u8>,
    content_type: &'static str,
}

const TSV: &str = "text/tab-separated-values; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// A Word document's media type (the report to the ministry).
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A table as a workbook ([`crate::present::workbook`]).
fn workbook(grid: &tables::Grid, sheet: &str) -> Result<Vec<u8>, PipelineError> {
    crate::present::workbook::xlsx(grid, sheet)
        .map_err(|e| PipelineError::Render(std::io::Error::other(e)))
}

/// Recomputes the summary of `year` and writes it if it changed.
///
/// # Errors
/// [`PipelineError`] when the store fails, the population table, the rules, an assessment or a
/// decision is broken, or the summary keeps changing under the update.
pub async fn update_summary(
    store: &impl ObjectStore,
    year: Year,
) -> Result<SummaryOutcome, PipelineError> {
    match recompute(store, year).await {
        Err(error) => {
            out_of_date(store, year, &error).await;
            Err(error)
        }
        outcome => outcome,
    }
}

/// All or nothing: a summary that could not read, parse or write every object it needs
/// publishes nothing, and the standing one says it is out of date and why, on its page and in
/// `payments.json`'s `status`, as far as the store still takes writes (a store that fails
/// altogether leaves it as it stands; the error is the caller's to say).
pub async fn out_of_date(store: &impl ObjectStore, year: Year, error: &PipelineError) {
    let why = error.reason();
    for marked in [
        mark_page_out_of_date(store, year, &why).await,
        mark_json_out_of_date(store, year, &why).await,
    ] {
        if let Err(e) = marked {
            tracing::warn!(year = year.number(), error = %e, "the standing summary could not be marked out of date");
        }
    }
}

/// Marks `payments.json` out of date, if there is one: `"status": "out_of_date"` and the
/// reason, its figures as they stand.
async fn mark_json_out_of_date(
    store: &impl ObjectStore,
    year: Year,
    why: &str,
) -> Result<(), PipelineError> {
    let key = layout::summary_json_key(year);
    for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        let Some(standing) = store.get(&key).await? else {
            return Ok(());
        };
        let Some(bytes) = marked(&standing.bytes, why)? else {
            return Ok(());
        };
        if bytes == standing.bytes {
            return Ok(());
        }
        let written = store
            .put(
                &key,
                bytes,
                "application/json",
                Precondition::IfMatch(standing.etag),
            )
            .await?;
        if written != Written::ConditionFailed {
            return Ok(());
        }
    }
    Err(PipelineError::Contention(key))
}

/// The standing `payments.json` with `"status": "out_of_date"` and the reason as its last
/// fields, every other field as it stands, in its order: its tail from `"status"` on is
/// written anew, and the result checked to be the standing document with those two fields
/// changed, or else the document is written whole in key order. `None` when the standing
/// object is not a summary of ours (no `status`).
fn marked(standing: &[u8], why: &str) -> Result<Option<Vec<u8>>, PipelineError> {
    let mut expected: serde_json::Value = serde_json::from_slice(standing)?;
    let Some(fields) = expected.as_object_mut() else {
        return Ok(None);
    };
    if !fields.contains_key("status") {
        return Ok(None);
    }
    fields.insert("status".to_owned(), OUT_OF_DATE.into());
    fields.insert("out_of_date_because".to_owned(), why.into());
    let text = String::from_utf8_lossy(standing);
    if let Some(at) = text.rfind("\n  \"status\": ") {
        let tail = format!(
            ",\n  \"status\": {},\n  \"out_of_date_because\": {}\n}}\n",
            serde_json::to_string(OUT_OF_DATE)?,
            serde_json::to_string(why)?
        );
        // The field before `status` ends the line before it, with its comma.
        let head = text[..at].trim_end_matches(',');
        let bytes = format!("{head}{tail}").into_bytes();
        if serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .as_ref()
            == Some(&expected)
        {
            return Ok(Some(bytes));
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&expected)?;
    bytes.push(b'\n');
    Ok(Some(bytes))
}

/// `payments.json`'s `status` when it is the summary of every object it rests on.
const CURRENT: &str = "current";
/// `payments.json`'s `status` when the summary could not be made again; `out_of_date_because`
/// says why.
const OUT_OF_DATE: &str = "out_of_date";

/// Marks the year's page out of date, if there is one, with why the summary cannot be made.
async fn mark_page_out_of_date(
    store: &impl ObjectStore,
    year: Year,
    why: &str,
) -> Result<(), PipelineError> {
    let key = layout::summary_html_key(year);
    for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        let Some(page) = store.get(&key).await? else {
            return Ok(());
        };
        let Some(marked) = std::str::from_utf8(&page.bytes)
            .ok()
            .and_then(|text| page::mark_out_of_date(text, why))
        else {
            return Ok(());
        };
        if marked.as_bytes() == page.bytes {
            return Ok(());
        }
        let written = store
            .put(
                &key,
                marked.into_bytes(),
                "text/html; charset=utf-8",
                Precondition::IfMatch(page.etag),
            )
            .await?;
        if written != Written::ConditionFailed {
            return Ok(());
        }
    }
    Err(PipelineError::Contention(key))
}

/// The year's report to the ministry (`rapport.docx`) as the summary would write it now, from
/// the same reads and the same computation, without writing anything: `svf report`.
///
/// # Errors
/// [`PipelineError::Config`] naming the population table when the year has none, and whatever
/// stops the summary itself.
pub async fn report(store: &impl ObjectStore, year: Year) -> Result<Vec<u8>, PipelineError> {
    let key = layout::populations_key(year);
    let Some(populations) =
        crate::pipeline::configuration(store, &key, crate::pipeline::MAX_TABLE_BYTES).await?
    else {
        return Err(PipelineError::config(key, ConfigError::Missing));
    };
    let read = read_year(store, year, populations).await?;
    let json = store.get(&layout::summary_json_key(year)).await?;
    let standing = standing(store, year, json.as_ref()).await?;
    let (outputs, _, _) = summarise(&read.inputs(year, &standing))?;
    let docx = layout::report_docx_key(year);
    outputs
        .into_iter()
        .find(|o| o.key == docx)
        .map(|o| o.bytes)
        .ok_or(PipelineError::Render(std::io::Error::other(
            "the summary made no report",
        )))
}

/// A year without its population table: nothing to pay yet, or a table gone from under
/// assessments or decisions that must be paid. The second is a broken configuration, said,
/// never a summary left to stand, nor a decision passed over.
async fn without_populations(
    store: &impl ObjectStore,
    year: Year,
) -> Result<SummaryOutcome, PipelineError> {
    if store
        .list(&layout::assessments_prefix(year))
        .await?
        .is_empty()
        && store
            .list(&layout::decisions_prefix(year))
            .await?
            .is_empty()
    {
        return Ok(SummaryOutcome::NoPopulations);
    }
    Err(PipelineError::config(
        layout::populations_key(year),
        ConfigError::Missing,
    ))
}

/// The keys of a year's summary outputs, in the order [`summarise`] makes them: the JSON last,
/// so that its standing means every other output is current.
fn output_keys(year: Year) -> Vec<String> {
    let mut keys = vec![
        layout::summary_tsv_key(year),
        layout::summary_xlsx_key(year),
        layout::summary_html_key(year),
    ];
    for payment in Rules::of(year).payments() {
        keys.push(layout::annex_key(year, payment.id));
        keys.push(layout::annex_xlsx_key(year, payment.id));
    }
    keys.push(layout::national_json_key(year));
    keys.extend(layout::lagesbild_keys(year));
    keys.push(layout::report_docx_key(year));
    keys.push(layout::summary_json_key(year));
    keys
}

/// That each output is under the key read for it first (each is compared with what stood
/// there): an output added to [`summarise`] but not to [`output_keys`] is an error, never a
/// write compared with another key's object.
fn same_keys(outputs: &[Output], keys: &[String]) -> Result<(), PipelineError> {
    if outputs.iter().map(|o| &o.key).eq(keys.iter()) {
        return Ok(());
    }
    Err(PipelineError::Render(std::io::Error::other(format!(
        "the summary's outputs are not the keys it read first: {:?}",
        outputs.iter().map(|o| &o.key).collect::<Vec<_>>()
    ))))
}

/// [`update_summary`]'s work: compute and write, or say why not.
async fn recompute(store: &impl ObjectStore, year: Year) -> Result<SummaryOutcome, PipelineError> {
    let json_key = layout::summary_json_key(year);
    let keys = output_keys(year);
    'attempts: for _ in 0..crate::pipeline::MAX_ATTEMPTS {
        // Read what stands before listing: the conditions below then mean "nothing was written
        // since our listing began".
        let mut now: Vec<Option<Object>> = Vec::with_capacity(keys.len());
        for key in &keys {
            now.push(store.get(key).await?);
        }
        let Some(populations) = crate::pipeline::configuration(
            store,
            &layout::populations_key(year),
            crate::pipeline::MAX_TABLE_BYTES,
        )
        .await?
        else {
            return without_populations(store, year).await;
        };
        let read = read_year(store, year, populations).await?;
        let standing = standing(store, year, now.last().and_then(Option::as_ref)).await?;
        let regions = read.assessed.len();
        let (outputs, new_records, change) = summarise(&read.inputs(year, &standing))?;
        same_keys(&outputs, &keys)?;
        for record in &new_records {
            // Written once, before the summary that pays it: another summary that recorded it
            // first wins, and this one starts over from its record.
            if !decided::write_record(store, record).await? {
                continue 'attempts;
            }
            info!(
                year = year.number(),
                payment = record.payment.as_str(),
                case = record.case.as_str(),
                "payment decision recorded"
            );
        }
        if let Some((key, change)) = &change {
            // Before the `payments.json` that names it, by a create: a redelivered event finds
            // it there; a summary that loses the race leaves one that no chain reaches.
            store
                .put(
                    key,
                    change.to_json()?,
                    "application/json",
                    Precondition::IfAbsent,
                )
                .await?;
        }
        let unchanged = outputs
            .iter()
            .zip(&now)
            .all(|(output, now)| now.as_ref().is_some_and(|o| o.bytes == output.bytes));
        // Said where the agency meant a lägesbild: the built-in year, or an agreement given.
        let meant = year.number() == crate::model::budget::builtin::YEAR
            || store.head(&layout::agreement_key(year)).await?.is_some();
        let lagesbild_unavailable = read.lagesbild.unavailable.clone().filter(|_| meant);
        if unchanged {
            return Ok(SummaryOutcome::Unchanged {
                lagesbild_unavailable,
            });
        }
        for (output, now) in outputs.into_iter().zip(now) {
            let condition = match now {
                // Already as it should be: left alone, so racing updates lose less often.
                Some(object) if object.bytes == output.bytes => continue,
                Some(object) => Precondition::IfMatch(object.etag),
                None => Precondition::IfAbsent,
            };
            let written = store
                .put(
                    &output.key,
                    output.bytes.clone(),
                    output.content_type,
                    condition,
                )
                .await?;
            if written == Written::ConditionFailed {
                // Written since our read. If by an update that computed the same, it stands as
                // ours would; anything else may be newer than our listing: start over.
                if store
                    .get(&output.key)
                    .await?
                    .is_some_and(|o| o.bytes == output.bytes)
                {
                    continue;
                }
                continue 'attempts;
            }
        }
        info!(year = year.number(), assessed = regions, "summary written");
        return Ok(SummaryOutcome::Written {
            assessed: regions,
            lagesbild_unavailable,
        });
    }
    Err(PipelineError::Contention(json_key))
}

/// `svf-payments/1` with what made it beside the contract's fields: the provenance, the
/// status, and the generation it closes (each other output of the summary with its SHA-256,
/// so that a reader can tell that what it read is of one summary).
#[derive(serde::Serialize)]
struct Recorded<'p, P: serde::Serialize> {
    #[serde(flatten)]
    payments: &'p P,
    provenance: &'p Provenance,
    /// Every input read, key to version: what the next change names as written since.
    inputs: &'p BTreeMap<String, String>,
    /// The latest change of the year's payments (contract §9), the head of its chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'p str>,
    generation: BTreeMap<String, String>,
    // Last: marking the summary out of date rewrites only the tail (`marked`).
    status: &'static str,
}

/// What each region earned, the kernel deciding it from its assessment's verdicts.
///
/// # Errors
/// [`PipelineError::Config`] for an assessment whose parts contradict its verdicts.
fn earned(
    rules: &Rules,
    assessed: &BTreeMap<Region, StoredAssessment>,
) -> Result<BTreeMap<Region, Vec<PaymentId>>, PipelineError> {
    let mut earned = BTreeMap::new();
    for (region, assessment) in assessed {
        let parts = assessment.earned(rules).map_err(|why| {
            let key = layout::assessment_key(rules.year(), *region);
            PipelineError::config(key, ConfigError::Document(why))
        })?;
        earned.insert(*region, parts);
    }
    Ok(earned)
}

/// Everything one summary is made from, as read from the store.
struct Read {
    populations: Object,
    rules: Rules,
    provenance: Provenance,
    assessed: BTreeMap<Region, StoredAssessment>,
    decisions: BTreeMap<Region, Decision>,
    national: National,
    lagesbild: Lagesbild,
    payment_decisions: Vec<Decided>,
    records: Vec<Record>,
    basis: Vec<BasisObject>,
}

impl Read {
    fn inputs<'i>(&'i self, year: Year, standing: &'i Standing) -> Inputs<'i> {
        Inputs {
            year,
            populations: &self.populations.bytes,
            rules: &self.rules,
            provenance: &self.provenance,
            assessed: &self.assessed,
            decisions: &self.decisions,
            national: &self.national,
            lagesbild: &self.lagesbild,
            decided: &self.payment_decisions,
            records: &self.records,
            basis: &self.basis,
            now: standing.now,
            previous: standing
                .previous
                .as_ref()
                .map(|(p, bytes)| (p, bytes.as_slice())),
            history: &standing.history,
        }
    }
}

/// Reads everything the summary of `year` is made from, with its population table: every
/// object a payment rests on is kept, by key, as a new record's basis.
async fn read_year(
    store: &impl ObjectStore,
    year: Year,
    populations: Object,
) -> Result<Read, PipelineError> {
    let mut basis = vec![BasisObject::of(
        &layout::populations_key(year),
        &populations.etag,
        &populations.bytes,
    )];
    let (rules, source, rules_file) = rules_read(store, year).await?;
    if let Some(file) = &rules_file {
        basis.push(BasisObject::of(
            &layout::rules_key(year),
            &file.etag,
            &file.bytes,
        ));
    }
    let assessed = assessments_by_region(store, year, &mut basis).await?;
    let decisions = decisions_by_region(store, year, &mut basis).await?;
    let payment_decisions = decided::payment_decisions(store, year).await?;
    let records = decided::records(store, year).await?;
    // The agency's wait-time file decided the assessments: part of a record's basis, and an
    // input whose change the history names.
    let lead_times = layout::lead_times_key(year);
    if let Some(file) = store.get(&lead_times).await? {
        basis.push(BasisObject::of(&lead_times, &file.etag, &file.bytes));
    }
    basis.sort_by(|a, b| a.key.cmp(&b.key));
    let national = national(store, &rules, &assessed).await?;
    let lagesbild = lagesbild(store, year, &populations.bytes).await?;
    Ok(Read {
        populations,
        rules,
        provenance: Provenance::of(source),
        assessed,
        decisions,
        national,
        lagesbild,
        payment_decisions,
        records,
        basis,
    })
}

/// Everything one summary is made from.
struct Inputs<'i> {
    year: Year,
    populations: &'i [u8],
    rules: &'i Rules,
    provenance: &'i Provenance,
    assessed: &'i BTreeMap<Region, StoredAssessment>,
    decisions: &'i BTreeMap<Region, Decision>,
    national: &'i National,
    lagesbild: &'i Lagesbild,
    /// The government's payment decisions.
    decided: &'i [Decided],
    /// The records of decided payments.
    records: &'i [Record],
    /// Every object read to compute the payments, by key: a new record's basis.
    basis: &'i [BasisObject],
    /// When: a new change's time (`None`: a clock outside the years 1–9999).
    now: Option<Instant>,
    /// The standing `payments.json`, read, and its bytes.
    previous: Option<(&'i Previous, &'i [u8])>,
    /// The year's changes so far, newest first.
    history: &'i [Change],
}

/// The summary of `year` from its population table, rules, assessments and decisions: the
/// overview table, the page, each payment's annex and the JSON, in the order they are written;
/// the records of payments decided since the last summary, and the change of the payments, to
/// be written before them.
fn summarise(inputs: &Inputs<'_>) -> Result<Summarised, PipelineError> {
    let Inputs {
        year,
        populations,
        rules,
        provenance,
        assessed,
        decisions,
        national,
        lagesbild,
        ..
    } = *inputs;
    let config = |why| PipelineError::config(layout::populations_key(year), why);
    let table = Table::parse_bytes(populations).map_err(|e| config(ConfigError::Table(e)))?;
    let earned = earned(rules, assessed)?;
    let standing = Payments::compute(rules, &table, rules.policy(), |region, id| {
        crate::model::budget::payments::basis(&earned, decisions, region, id)
    })
    .map_err(|e| config(ConfigError::Payments(e)))?;
    let (settled, records, new_records) = settle(inputs, standing, &table)?;
    let payments = settled.payments;
    let input_versions: BTreeMap<String, String> = inputs
        .basis
        .iter()
        .map(|o| (o.key.clone(), o.version.clone()))
        .collect();
    let change = change(inputs, &payments, &input_versions);
    let mut history: Vec<&Change> = change.iter().map(|(_, c)| c).collect();
    history.extend(inputs.history);
    let latest = change
        .as_ref()
        .map(|(key, _)| key.clone())
        .or_else(|| inputs.previous.and_then(|(p, _)| p.change.clone()));
    let written = PipelineError::Render;
    let grid = tables::annex(&payments, table.weight_header());
    let mut tsv = Vec::new();
    grid.write_tsv(&mut tsv).map_err(written)?;
    let xlsx = workbook(&grid, "Utbetalningar")?;
    // Each region's share of every payment, for what the page says is withheld from whom.
    let shares = Payments::compute(rules, &table, Policy::Withhold, |_, _| {
        Basis::Assessment(true)
    })
    .map_err(|e| config(ConfigError::Payments(e)))?;
    let shown = page::Summary {
        payments: &payments,
        shares: &shares,
        rules,
        assessments: assessed,
        decisions,
        provenance,
        national,
        records: &records,
        after: &settled.after,
        history: &history,
    };
    let html = page::render(&shown).into_bytes();
    let mut outputs = vec![
        Output {
            key: layout::summary_tsv_key(year),
            bytes: tsv,
            content_type: TSV,
        },
        Output {
            key: layout::summary_xlsx_key(year),
            bytes: xlsx,
            content_type: XLSX,
        },
        Output {
            key: layout::summary_html_key(year),
            bytes: html,
            content_type: "text/html; charset=utf-8",
        },
    ];
    outputs.extend(annex_outputs(
        year,
        &payments,
        &records,
        table.weight_header(),
    )?);
    outputs.extend(figures_outputs(
        year,
        national,
        lagesbild,
        rules.assignment_case(),
    )?);
    outputs.push(report_output(&shown, lagesbild, table.weight_header())?);
    let json = payments_json(
        year,
        &outputs,
        Recorded {
            payments: &payments,
            provenance,
            inputs: &input_versions,
            change: latest.as_deref(),
            generation: BTreeMap::new(),
            status: CURRENT,
        },
        (&records, &settled.after),
    )?;
    outputs.push(json);
    Ok((outputs, new_records, change))
}

/// The agency's report to the ministry, drafted from what the page shows and the lägesbild.
fn report_output(
    shown: &page::Summary<'_, '_>,
    lagesbild: &Lagesbild,
    weight_header: &str,
) -> Result<Output, PipelineError> {
    let report = crate::present::report::Report {
        summary: shown,
        lagesbild,
        weight_header,
    };
    Ok(Output {
        key: layout::report_docx_key(shown.rules.year()),
        bytes: crate::present::report::docx(&report).map_err(PipelineError::Render)?,
        content_type: DOCX,
    })
}

/// Each payment's annex, as TSV and as a workbook: a decided payment's TSV the one it was
/// decided with, unchanged; every other one made from `payments`.
fn annex_outputs(
    year: Year,
    payments: &Payments<'_>,
    records: &[Record],
    weight_header: &str,
) -> Result<Vec<Output>, PipelineError> {
    let written = PipelineError::Render;
    let mut outputs = Vec::new();
    for (index, (id, _)) in payments.payments().iter().enumerate() {
        // A decided payment's workbook too is made from `payments`, which publishes the amounts
        // its record holds (the record's annex text is for people, never read back).
        let grid = tables::payment_annex(payments, index, weight_header);
        let mut annex = Vec::new();
        match records.iter().find(|r| r.payment == *id) {
            // A decided payment's annex is the one it was decided with, unchanged.
            Some(record) => annex.extend_from_slice(record.annex_tsv.as_bytes()),
            None => grid.write_tsv(&mut annex).map_err(written)?,
        }
        outputs.push(Output {
            key: layout::annex_key(year, *id),
            bytes: annex,
            content_type: TSV,
        });
        outputs.push(Output {
            key: layout::annex_xlsx_key(year, *id),
            bytes: workbook(&grid, &format!("Bilaga {id}"))?,
            content_type: XLSX,
        });
    }
    Ok(outputs)
}

/// `payments.json`, last, over the other outputs: its `generation` is each of theirs with its
/// SHA-256, so that its standing means every other output is of this generation; with the
/// decided payments' records, their entries and rows say so (contract §9).
fn payments_json(
    year: Year,
    others: &[Output],
    mut recorded: Recorded<'_, Payments<'_>>,
    (records, after): (&[Record], &After),
) -> Result<Output, PipelineError> {
    recorded.generation = others
        .iter()
        .map(|o| (o.key.clone(), layout::hex(&Sha256::digest(&o.bytes))))
        .collect();
    let mut json = if records.is_empty() {
        serde_json::to_vec_pretty(&recorded)?
    } else {
        let mut figures = serde_json::to_value(recorded.payments)?;
        decided_json(year, &mut figures, records, after);
        serde_json::to_vec_pretty(&Recorded {
            payments: &figures,
            provenance: recorded.provenance,
            inputs: recorded.inputs,
            change: recorded.change,
            generation: recorded.generation,
            status: recorded.status,
        })?
    };
    json.push(b'\n');
    Ok(Output {
        key: layout::summary_json_key(year),
        bytes: json,
        content_type: "application/json",
    })
}

/// What one summary makes: its outputs, the records of payments decided since, and the change
/// of the payments, with its key, when a figure changed.
type Summarised = (Vec<Output>, Vec<Record>, Option<(String, Change)>);

/// The change of the payments this summary makes, with its key; `None` when no region's
/// eligibility or amount changed.
fn change(
    inputs: &Inputs<'_>,
    payments: &Payments<'_>,
    versions: &BTreeMap<String, String>,
) -> Option<(String, Change)> {
    let before = inputs.previous.map(|(p, _)| p.figures());
    let changes = history::changes(before.as_ref(), &history::figures_of(payments));
    if changes.is_empty() {
        return None;
    }
    let none = BTreeMap::new();
    let writes = history::writes(inputs.previous.map_or(&none, |(p, _)| &p.inputs), versions);
    let id = history::change_id(inputs.previous.map(|(_, bytes)| bytes), &changes, &writes);
    let change = Change {
        schema: CHANGE_SCHEMA.to_owned(),
        agreement_year: inputs.year.number(),
        at: inputs
            .now
            .map_or_else(|| "unknown".to_owned(), |now| now.to_string()),
        previous: inputs.previous.and_then(|(p, _)| p.change.clone()),
        writes,
        changes,
    };
    Some((layout::history_key(inputs.year, &id), change))
}

/// The national figures and the lägesbild, as outputs of the summary.
fn figures_outputs(
    year: Year,
    national: &National,
    lagesbild: &Lagesbild,
    assignment_case: Option<&str>,
) -> Result<[Output; 4], PipelineError> {
    let mut national_json = serde_json::to_vec_pretty(national)?;
    national_json.push(b'\n');
    let national = Output {
        key: layout::national_json_key(year),
        bytes: national_json,
        content_type: "application/json",
    };
    let [tsv_key, html_key, json_key] = layout::lagesbild_keys(year);
    let mut lagesbild_json = crate::present::lagesbild::json(lagesbild)?;
    lagesbild_json.push(b'\n');
    Ok([
        national,
        Output {
            key: tsv_key,
            bytes: crate::present::lagesbild::tsv(lagesbild).into_bytes(),
            content_type: TSV,
        },
        Output {
            key: html_key,
            bytes: page::lagesbild::render(lagesbild, assignment_case).into_bytes(),
            content_type: "text/html; charset=utf-8",
        },
        Output {
            key: json_key,
            bytes: lagesbild_json,
            content_type: "application/json",
        },
    ])
}

/// The standing computation settled with the decided payments: every payment decision without
/// a record checked against it (its annex, krona for krona) and recorded from it, and every
/// recorded payment's amounts put in place of today's. Returns the settled payments, every
/// record, and the new ones.
fn settle<'t>(
    inputs: &Inputs<'_>,
    standing: Payments<'t>,
    table: &Table<'_>,
) -> Result<(Settled<'t>, Vec<Record>, Vec<Record>), PipelineError> {
    let year = inputs.year;
    let mut records = inputs.records.to_vec();
    let mut new = Vec::new();
    for decided in inputs.decided {
        let payment = decided.decision.payment();
        let record_key = layout::record_key(year, payment);
        if let Some(record) = records.iter().find(|r| r.payment == payment) {
            if !decided::same_as_recorded(decided, record) {
                return Err(PipelineError::config(
                    &decided.key,
                    ConfigError::OtherThanRecorded(record_key),
                ));
            }
            continue;
        }
        let differences = decided.decision.annex_differences(&standing);
        if !differences.is_empty() {
            return Err(PipelineError::config(
                &decided.key,
                ConfigError::AnnexDiffers(differences.to_vec()),
            ));
        }
        let Some(index) = standing.index_of(payment) else {
            // The kernel read it as a payment of the year.
            return Err(PipelineError::config(
                &decided.key,
                ConfigError::Recorded(RecordedError::NoSuchPayment(payment)),
            ));
        };
        let mut annex = Vec::new();
        tables::write_payment_annex(&mut annex, &standing, index, table.weight_header())
            .map_err(PipelineError::Render)?;
        let record = Record::new(
            (&decided.decision, decided.object.clone()),
            standing.policy(),
            standing
                .rows()
                .iter()
                .map(|row| (row.region, row.amounts[index])),
            String::from_utf8_lossy(&annex).into_owned(),
            inputs.basis.to_vec(),
            serde_json::to_value(inputs.provenance)?,
        );
        // What `svf verify` will do with it, before it is written: the record alone computes
        // its amounts again, or nothing is recorded.
        crate::model::decided::verify(&record)
            .map_err(|e| PipelineError::config(&record_key, ConfigError::Verify(Box::new(e))))?;
        records.push(record.clone());
        new.push(record);
    }
    let upload_of = |key: &str| {
        let region = layout::assessment_region(year, key)?;
        let upload = inputs.assessed.get(&region)?.upload.as_ref()?;
        Some(upload.key.clone())
    };
    let changed =
        |record: &Record| crate::model::decided::changed_since(record, inputs.basis, &upload_of);
    let settled = crate::model::decided::settle(standing, &records, &changed).map_err(|e| {
        let key = match e {
            RecordedError::NoSuchPayment(id) => layout::record_key(year, id),
            _ => layout::RECORDS.to_owned(),
        };
        PipelineError::config(key, ConfigError::Recorded(e))
    })?;
    Ok((settled, records, new))
}

/// `payments.json`'s figures with the decided payments: each recorded payment's entry gains
/// `recorded` (case, day, the record's key), and each row whose amount today's computation
/// would change gains `after_decision` (contract §9).
fn decided_json(year: Year, figures: &mut serde_json::Value, records: &[Record], after: &After) {
    if let Some(payments) = figures.get_mut("payments").and_then(|p| p.as_array_mut()) {
        for entry in payments {
            let recorded = records
                .iter()
                .find(|r| entry.get("id").and_then(|id| id.as_str()) == Some(r.payment.as_str()));
            if let (Some(record), Some(entry)) = (recorded, entry.as_object_mut()) {
                // Today's split is not what was paid: the record's amounts are.
                for split in ["split_among", "weight_sum", "leftover_kr"] {
                    entry.remove(split);
                }
                entry.insert(
                    "recorded".to_owned(),
                    serde_json::json!({
                        "case": record.case,
                        "decided_on": record.decided_on,
                        "key": layout::record_key(year, record.payment),
                    }),
                );
            }
        }
    }
    if let Some(rows) = figures.get_mut("rows").and_then(|r| r.as_array_mut()) {
        for row in rows {
            let region = row
                .get("code")
                .and_then(|c| c.as_str())
                .and_then(Region::from_code);
            let (Some(changes), Some(row)) =
                (region.and_then(|r| after.get(&r)), row.as_object_mut())
            else {
                continue;
            };
            let by_payment: serde_json::Map<String, serde_json::Value> = changes
                .iter()
                .filter_map(|(id, change)| {
                    Some((id.as_str().to_owned(), serde_json::to_value(change).ok()?))
                })
                .collect();
            row.insert("after_decision".to_owned(), by_payment.into());
        }
    }
}

/// The year's lägesbild: its configuration (the population table given), the RCC's stored
/// assessments and the words of the reports they are of.
async fn lagesbild(
    store: &impl ObjectStore,
    year: Year,
    populations: &[u8],
) -> Result<Lagesbild, PipelineError> {
    let agreement_key = layout::agreement_key(year);
    let agreement =
        crate::pipeline::configuration(store, &agreement_key, crate::pipeline::MAX_TABLE_BYTES)
            .await?;
    let halland_key = layout::halland_key(year);
    let halland =
        crate::pipeline::configuration(store, &halland_key, crate::pipeline::MAX_TABLE_BYTES)
            .await?;
    let mut assessments = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for info in store.list(&layout::rcc_assessments_prefix(year)).await? {
        let Some(rcc) = layout::rcc_assessment_rcc(year, &info.key) else {
            continue;
        };
        let Some(object) = store.get(&info.key).await? else {
            continue;
        };
        let assessment = StoredRccAssessment::parse(&object.bytes)
            .map_err(|why| PipelineError::config(&info.key, ConfigError::Document(why)))?;
        if let Some(upload) = &assessment.upload
            && let Some(report) = crate::pipeline::intake::read(store, upload).await?
        {
            let words = RccTexts::of_report(&report.bytes)
                .map_err(|why| PipelineError::config(&upload.key, ConfigError::ReportJson(why)))?;
            texts.insert(rcc, words);
        }
        assessments.insert(rcc, assessment);
    }
    let populations_file = layout::populations_key(year);
    let config = Configuration {
        populations,
        populations_file: &populations_file,
        agreement: agreement
            .as_ref()
            .map(|o| (agreement_key.as_str(), o.bytes.as_slice())),
        halland: halland
            .as_ref()
            .map(|o| (halland_key.as_str(), o.bytes.as_slice())),
    };
    Lagesbild::compute(year, &config, &assessments, &texts).map_err(|overflow| {
        PipelineError::config(
            layout::rcc_assessment_key(year, overflow.rcc),
            ConfigError::Overflow(overflow.area),
        )
    })
}

/// The year's rules (with `config/{year}/rules.json` if there is one) and where they came from.
///
/// # Errors
/// [`PipelineError::Config`] for a rules file the kernel refuses; [`PipelineError`] when the
/// store fails.
pub async fn rules_of(
    store: &impl ObjectStore,
    year: Year,
) -> Result<(Rules, RulesSource), PipelineError> {
    let (rules, source, _) = rules_read(store, year).await?;
    Ok((rules, source))
}

/// As [`rules_of`], with the rules file as read, if there is one.
async fn rules_read(
    store: &impl ObjectStore,
    year: Year,
) -> Result<(Rules, RulesSource, Option<Object>), PipelineError> {
    let rules_key = layout::rules_key(year);
    Ok(
        match crate::pipeline::configuration(store, &rules_key, MAX_RULES as u64).await? {
            Some(file) => (
                Rules::with_file(year, &file.bytes).map_err(|e| {
                    PipelineError::config(&rules_key, ConfigError::Rules(Box::new(e)))
                })?,
                RulesSource::File {
                    key: rules_key,
                    etag: file.etag.clone(),
                },
                Some(file),
            ),
            None => (Rules::of(year), RulesSource::BUILT_IN, None),
        },
    )
}

/// The national figures of the rules' year, with the previous agreement year's beside them.
async fn national(
    store: &impl ObjectStore,
    rules: &Rules,
    assessed: &BTreeMap<Region, StoredAssessment>,
) -> Result<National, PipelineError> {
    let previous = match Year::from_number(u64::from(rules.year().number()) - 1) {
        Some(previous) => Some((
            previous,
            assessments_by_region(store, previous, &mut Vec::new()).await?,
        )),
        None => None,
    };
    let quotes = quotes(store, rules, assessed).await?;
    Ok(National::of(
        rules,
        assessed,
        &quotes,
        previous.as_ref().map(|(y, a)| (*y, a)),
    ))
}

/// The words the national picture quotes from the reports of the regions that miss a goal
/// (inclusion, or a lead time the rules decide on): read from the upload each assessment is
/// of, only to be shown. A report gone since (a bucket without versions) is quoted as silent.
async fn quotes(
    store: &impl ObjectStore,
    rules: &Rules,
    assessed: &BTreeMap<Region, StoredAssessment>,
) -> Result<BTreeMap<Region, Quotes>, PipelineError> {
    let mut quotes = BTreeMap::new();
    for (region, assessment) in assessed {
        let misses = crate::model::national::misses_a_goal(rules, assessment);
        let Some(upload) = assessment.upload.as_ref().filter(|_| misses) else {
            continue;
        };
        let Some(report) = crate::pipeline::intake::read(store, upload).await? else {
            continue;
        };
        let words = Quotes::of_report(&report.bytes)
            .map_err(|why| PipelineError::config(&upload.key, ConfigError::ReportJson(why)))?;
        quotes.insert(*region, words);
    }
    Ok(quotes)
}

/// The conditional parts each region has earned, and what the page shows of its assessment,
/// from `assessments/{year}/`.
async fn assessments_by_region(
    store: &impl ObjectStore,
    year: Year,
    basis: &mut Vec<BasisObject>,
) -> Result<BTreeMap<Region, StoredAssessment>, PipelineError> {
    let mut by_region = BTreeMap::new();
    for info in store.list(&layout::assessments_prefix(year)).await? {
        // Only the region's own key counts: a stray `assessments/2024/backup/01.json` is not
        // Stockholm's assessment.
        let Some(region) = layout::assessment_region(year, &info.key) else {
            continue;
        };
        let Some(object) = store.get(&info.key).await? else {
            continue;
        };
        let (of, assessment) = StoredAssessment::parse_for(&object.bytes, year)
            .map_err(|why| PipelineError::config(&info.key, ConfigError::Document(why)))?;
        if of != region {
            return Err(PipelineError::config(info.key, ConfigError::OfRegion(of)));
        }
        basis.push(BasisObject::of(&info.key, &object.etag, &object.bytes));
        by_region.insert(region, assessment);
    }
    Ok(by_region)
}

/// The recorded decisions of `year`, from `decisions/{year}/`. Every object there must be a
/// valid decision at `decisions/{year}/{region code}.json`: a decision moves money, so one that
/// cannot be read, or a file that is not where a decision belongs, stops the summary rather
/// than being passed over.
async fn decisions_by_region(
    store: &impl ObjectStore,
    year: Year,
    basis: &mut Vec<BasisObject>,
) -> Result<BTreeMap<Region, Decision>, PipelineError> {
    let mut by_region = BTreeMap::new();
    let payment_decisions = layout::payment_decisions_prefix(year);
    for info in store.list(&layout::decisions_prefix(year)).await? {
        if info.key.starts_with(&payment_decisions) {
            // The government's payment decisions: `decided`'s.
            continue;
        }
        let Some(region) = layout::decision_region(year, &info.key) else {
            return Err(PipelineError::config(
                info.key,
                ConfigError::NotADecisionKey(year),
            ));
        };
        let Some(object) =
            crate::pipeline::configuration(store, &info.key, MAX_DECISION_BYTES as u64).await?
        else {
            continue;
        };
        let decision = Decision::parse_for(&object.bytes, year, region).map_err(|rejection| {
            PipelineError::config(&info.key, ConfigError::Decision(Box::new(rejection)))
        })?;
        basis.push(BasisObject::of(&info.key, &object.etag, &object.bytes));
        by_region.insert(region, decision);
    }
    Ok(by_region)
}
