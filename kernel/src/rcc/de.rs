//! The seeds and visitors that read an RCC's report, refusing what the schema does not allow.

use core::fmt;

use heapless::Vec;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{
    Area, AreaReport, MAX_AREAS, MAX_NAME_CHARS, MAX_PROJECTS, MAX_TEXT_CHARS, ProjectField,
    ProjectFound, RCC_REPORT_SCHEMA, Rcc, RccRejection, RccReport, Stage, area_path,
};
use crate::Ore;
use crate::json::Phrase;
use crate::json::{
    Count, Keys, PathError, Reason, Step, Trail, YearNumber, field, one, read_all, text,
};
use crate::region::Year;

/// Reads a report from bytes without a byte-order mark.
#[allow(clippy::result_large_err)]
pub(super) fn parse(bytes: &[u8]) -> Result<RccReport, RccRejection> {
    let mut trail = Trail::default();
    let mut report = RccReport {
        year: Year::Y2024,
        rcc: Rcc::Norr,
        stage: None,
        areas: None,
        good_examples: false,
        proposals: false,
        results: false,
        lead_time_effects: false,
    };
    let mut rcc = None;
    let read = read_all(
        bytes,
        ReportSeed {
            trail: &mut trail,
            report: &mut report,
            rcc: &mut rcc,
        },
    );
    if let Err(error) = read {
        let fault = trail
            .fault(error, bytes)
            .map_err(|reason| RccRejection::whole(None, None, reason))?;
        return Err(RccRejection {
            year: trail.year,
            rcc,
            errors: one(fault),
        });
    }
    check(&report).map(|()| report)
}

/// The checks that need the whole report: every area of the year, each once.
#[allow(clippy::result_large_err)]
fn check(report: &RccReport) -> Result<(), RccRejection> {
    let areas = report.areas.as_deref().unwrap_or_default();
    for (index, a) in (0u16..).zip(areas) {
        let reason = if !Area::of_year(report.year).contains(&a.area) {
            Reason::AreaNotOfYear(Area::listed(report.year))
        } else if let Some(first) = areas[..usize::from(index)]
            .iter()
            .position(|b| b.area == a.area)
        {
            Reason::DuplicateArea {
                first: u16::try_from(first).unwrap_or(u16::MAX),
            }
        } else {
            continue;
        };
        return Err(RccRejection {
            year: Some(report.year),
            rcc: Some(report.rcc),
            errors: one(PathError {
                path: area_path(index, Some("area")),
                reason,
            }),
        });
    }
    Ok(())
}

struct ReportSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    report: &'t mut RccReport,
    rcc: &'t mut Option<Rcc>,
}

impl<'de> DeserializeSeed<'de> for ReportSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const {
            &Phrase::new(
                "an object (the RCC's report)",
                "ett objekt (RCC:s redovisning)",
            )
        };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ReportSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (the RCC's report)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &[
            "schema",
            "agreement_year",
            "rcc",
            "stage",
            "areas",
            "good_examples",
            "proposals",
            "results",
            "lead_time_effects",
        ];
        let (report, rcc) = (self.report, self.rcc);
        let mut keys = Keys::new(self.trail, FIELDS);
        let mut year = None;
        while let Some(index) = keys.next(&mut map)? {
            let trail = &mut *keys.trail;
            match FIELDS[index] {
                "schema" => field!(map, trail, text::<24>(trail, 64), |trail, schema| {
                    if schema.complete && schema.text == RCC_REPORT_SCHEMA {
                        Ok(())
                    } else {
                        Err(trail.fail(Reason::WrongSchema(RCC_REPORT_SCHEMA)))
                    }
                }),
                "agreement_year" => {
                    year = Some(field!(map, trail, YearNumber(trail), |trail, number| {
                        Year::from_number(number).ok_or_else(|| trail.fail(Reason::UnknownYear))
                    }));
                    trail.year = year;
                }
                "rcc" => {
                    *rcc = Some(field!(map, trail, text::<24>(trail, 24), |trail, word| {
                        Rcc::parse(&word.text)
                            .filter(|_| word.complete)
                            .ok_or_else(|| trail.fail(Reason::UnknownRcc))
                    }));
                }
                "stage" => {
                    report.stage = Some(field!(map, trail, text::<8>(trail, 8), |trail, word| {
                        match (word.complete, word.text.as_str()) {
                            (true, "first") => Ok(Stage::First),
                            (true, "final") => Ok(Stage::Final),
                            _ => Err(trail.fail(Reason::UnknownStage)),
                        }
                    }));
                }
                "areas" => {
                    let areas = report.areas.insert(Vec::new());
                    field!(map, trail, AreasSeed { trail, areas });
                }
                name => {
                    let written = field!(map, trail, text::<0>(trail, MAX_TEXT_CHARS)).written;
                    match name {
                        "good_examples" => report.good_examples = written,
                        "proposals" => report.proposals = written,
                        "results" => report.results = written,
                        _ => report.lead_time_effects = written,
                    }
                }
            }
        }
        let absent = if !keys.has(0) {
            Some("schema")
        } else if year.is_none() {
            Some("agreement_year")
        } else if rcc.is_none() {
            Some("rcc")
        } else {
            None
        };
        if let Some(absent) = absent {
            return Err(keys
                .trail
                .fail_at(crate::json::JsonPath::of(&[absent]), Reason::Required));
        }
        if let (Some(year), Some(rcc)) = (year, *rcc) {
            report.year = year;
            report.rcc = rcc;
        }
        Ok(())
    }
}

/// The `areas` array, read into the vector it is given.
struct AreasSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    areas: &'t mut Vec<AreaReport, MAX_AREAS>,
}

impl<'de> DeserializeSeed<'de> for AreasSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected = const { &Phrase::new("an array of areas", "en lista med områden") };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AreasSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of areas")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, areas) = (self.trail, self.areas);
        loop {
            let index = u16::try_from(areas.len()).unwrap_or(u16::MAX);
            trail.path.push(Step::Index(index));
            let Some(area) = seq.next_element_seed(AreaSeed(&mut *trail))? else {
                trail.path.pop();
                return Ok(());
            };
            if areas.push(area).is_err() {
                return Err(trail.fail(Reason::TooMany { max: MAX_AREAS }));
            }
            trail.path.pop();
        }
    }
}

struct AreaSeed<'t, 'f>(&'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for AreaSeed<'_, '_> {
    type Value = AreaReport;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<AreaReport, D::Error> {
        self.0.expected = const {
            &Phrase::new(
                "an object with area, criteria and projects",
                "ett objekt med area, criteria och projects",
            )
        };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AreaSeed<'_, '_> {
    type Value = AreaReport;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with area, criteria and projects")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AreaReport, A::Error> {
        const FIELDS: &[&str] = &["area", "criteria", "applications", "projects"];
        let mut keys = Keys::new(self.0, FIELDS);
        let mut report = AreaReport {
            area: Area::Patologi,
            criteria: false,
            applications: None,
            projects: 0,
            granted: Ore::ZERO,
            lacks: Vec::new(),
            more: 0,
        };
        let mut area = None;
        while let Some(index) = keys.next(&mut map)? {
            let trail = &mut *keys.trail;
            match index {
                0 => {
                    area = Some(field!(map, trail, text::<32>(trail, 32), |trail, word| {
                        Area::parse(&word.text)
                            .filter(|_| word.complete)
                            .ok_or_else(|| {
                                let listed = trail.year.map_or(
                                    const {
                                        &Phrase::same(
                                            "patologi, radiologi, rehabilitering, bild_och_funktionsmedicin, primarvard",
                                        )
                                    },
                                    Area::listed,
                                );
                                trail.fail(Reason::AreaNotOfYear(listed))
                            })
                    }));
                }
                1 => report.criteria = field!(map, trail, text::<0>(trail, MAX_TEXT_CHARS)).written,
                2 => report.applications = Some(field!(map, trail, Count(trail))),
                _ => field!(
                    map,
                    trail,
                    ProjectsSeed {
                        trail,
                        area: &mut report
                    }
                ),
            }
        }
        let Some(area) = area else {
            let mut path = keys.trail.path.clone();
            path.push(Step::Field("area"));
            return Err(keys.trail.fail_at(path, Reason::Required));
        };
        report.area = area;
        Ok(report)
    }
}

/// The `projects` array of one area: each project's presence of fields, and the sum.
struct ProjectsSeed<'t, 'f> {
    trail: &'t mut Trail<'f>,
    area: &'t mut AreaReport,
}

impl<'de> DeserializeSeed<'de> for ProjectsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.trail.expected =
            const { &Phrase::new("an array of projects", "en lista med projekt") };
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ProjectsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of projects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (trail, area) = (self.trail, self.area);
        loop {
            let index = area.projects;
            trail.path.push(Step::Index(index));
            let Some(found) = seq.next_element_seed(ProjectSeed(&mut *trail))? else {
                trail.path.pop();
                return Ok(());
            };
            if usize::from(index) >= MAX_PROJECTS {
                return Err(trail.fail(Reason::TooMany { max: MAX_PROJECTS }));
            }
            if let Some(amount) = found.amount {
                area.granted = area.granted.checked_add(amount).ok_or_else(|| {
                    let mut path = trail.path.clone();
                    path.push(Step::Field("amount_ore"));
                    trail.fail_at::<A::Error>(path, Reason::AmountsOverflow)
                })?;
            }
            for (has, field) in [
                (found.name, ProjectField::Name),
                (found.recipient, ProjectField::Recipient),
                (found.amount.is_some(), ProjectField::Amount),
                (found.description, ProjectField::Description),
                (found.results, ProjectField::Results),
            ] {
                if !has && area.lacks.push((index, field)).is_err() {
                    area.more = area.more.saturating_add(1);
                }
            }
            area.projects += 1;
            trail.path.pop();
        }
    }
}

struct ProjectSeed<'t, 'f>(&'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for ProjectSeed<'_, '_> {
    type Value = ProjectFound;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<ProjectFound, D::Error> {
        self.0.expected = const {
            &Phrase::new(
                "an object with name, recipient, amount_ore and description",
                "ett objekt med name, recipient, amount_ore och description",
            )
        };
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProjectSeed<'_, '_> {
    type Value = ProjectFound;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with name, recipient, amount_ore and description")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProjectFound, A::Error> {
        const FIELDS: &[&str] = &["name", "recipient", "amount_ore", "description", "results"];
        let mut keys = Keys::new(self.0, FIELDS);
        let mut found = ProjectFound::default();
        while let Some(index) = keys.next(&mut map)? {
            let trail = &mut *keys.trail;
            match index {
                0 => found.name = field!(map, trail, text::<0>(trail, MAX_NAME_CHARS)).written,
                1 => {
                    found.recipient = field!(map, trail, text::<0>(trail, MAX_NAME_CHARS)).written;
                }
                2 => {
                    found.amount = Some(field!(map, trail, Amount(trail), |trail, ore| {
                        i64::try_from(ore)
                            .map(Ore)
                            .map_err(|_| trail.fail(Reason::AmountTooLarge))
                    }));
                }
                3 => {
                    found.description =
                        field!(map, trail, text::<0>(trail, MAX_TEXT_CHARS)).written;
                }
                _ => found.results = field!(map, trail, text::<0>(trail, MAX_TEXT_CHARS)).written,
            }
        }
        Ok(found)
    }
}

/// An amount in whole öre, `0..=i64::MAX`.
struct Amount<'t, 'f>(&'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for Amount<'_, '_> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        self.0.expected =
            const { &Phrase::new("a whole number of öre from 0", "ett helt antal öre från 0") };
        <u64 as de::Deserialize>::deserialize(deserializer)
    }
}
