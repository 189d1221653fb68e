//! The government's assignment to the agency, one template a year's assignment: what the report
//! is called, when it is due, what it must contain. The chapters are the same code for every
//! year; what differs is here, as data, so that the next year's assignment is one more entry.
//!
//! Sources: the assignments in Swedish (2022: the decision citing the agreement dnr
//! S2021/08202; 2024: S2023/03336; 2026: S2026/00244), quoted where a sentence is theirs. 2023
//! and 2025 have no assignment text in our sources and follow 2024's (spec/DOMAIN.md).

use svf_kernel::region::Year;

/// What the assignment of a year asks the agency to report.
///
/// Invariant: every text is Swedish and non-empty; `due` and `final_due` are real days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The agreement's year.
    pub year: u16,
    /// The title on the first page.
    pub title: &'static str,
    /// What this report is: `Delredovisning`, or `Redovisning` where there is only one.
    pub kind: &'static str,
    /// The case number of the agreement the assignment follows up, as the assignment cites
    /// it; `None` where our sources do not give it.
    pub agreement_case: Option<&'static str>,
    /// The day the report is due, `(month, day)`, in the agreement's year.
    pub due: (u8, u8),
    /// The day the final report is due, `(year, month, day)`; `None` when there is only one.
    pub final_due: Option<(u16, u8, u8)>,
    /// The assignment's tasks, as it lists them.
    pub tasks: &'static [&'static str],
    /// Whether the follow-up is by sex ("belysa skillnader utifrån kön").
    pub by_sex: bool,
    /// Whether the report gives the reasons lead-time goals are missed.
    pub lead_time_reasons: bool,
    /// What the first lägesbild must show; `None`: no lägesbild is asked for.
    pub lagesbild: Option<&'static str>,
    /// What the final lägesbild must show.
    pub final_lagesbild: Option<&'static str>,
}

/// The tasks every assignment 2022–2026 lists, in its words.
const TASKS: &[&str] = &[
    "Ta emot rapportering från regionerna om arbetet med SVF.",
    "Utifrån rapporteringen redovisa om villkoren för den andra utbetalningen av medel till \
     regionerna för arbetet med SVF är uppfyllda.",
    "Återkoppla till regionerna i de fall som rapporteringen inte är fullständig.",
    "I de fall som villkoren för den andra utbetalningen inte är uppfyllda, beskriva avvikelser \
     samt hur regionerna arbetar med att förbättra situationen.",
    "Sammanställa rapporteringen på nationell nivå samt ta fram och redovisa övergripande \
     nationella slutsatser.",
];

const TITLE: &str = "Uppföljning av regionernas arbete med standardiserade vårdförlopp (SVF)";

/// 2022: one report, no lägesbild.
const Y2022: Assignment = Assignment {
    year: 2022,
    title: TITLE,
    kind: "Redovisning",
    agreement_case: Some("S2021/08202"),
    due: (11, 15),
    final_due: None,
    tasks: TASKS,
    by_sex: false,
    lead_time_reasons: false,
    lagesbild: None,
    final_lagesbild: None,
};

/// 2024 (and 2023, 2025): a first lägesbild of pathology, radiology and rehabilitation by 15
/// November, the final one by 31 March.
const Y2024: Assignment = Assignment {
    year: 2024,
    title: TITLE,
    kind: "Delredovisning",
    agreement_case: Some("S2023/03336"),
    due: (11, 15),
    final_due: Some((2025, 3, 31)),
    tasks: TASKS,
    by_sex: false,
    lead_time_reasons: false,
    lagesbild: Some(
        "Av lägesbilden ska det framgå vilka kriterier som använts för fördelning av medel, hur \
         stor andel av medlen avsatta för respektive område som fördelats vidare av varje RCC, \
         antalet projekt som beviljats medel samt en överblick över arbetet i beviljade projekt.",
    ),
    final_lagesbild: Some(
        "Lägesbilden ska innehålla en beskrivning av de projekt som beviljats medel, eventuella \
         förslag på fortsatt utvecklingsarbete, en beskrivning av goda exempel samt resultat.",
    ),
};

/// 2026: by sex, the reasons lead-time goals are missed, and seven areas in the lägesbild.
const Y2026: Assignment = Assignment {
    year: 2026,
    title: TITLE,
    kind: "Delredovisning",
    agreement_case: Some("S2026/00244"),
    due: (11, 15),
    final_due: Some((2027, 4, 29)),
    tasks: TASKS,
    by_sex: true,
    lead_time_reasons: true,
    lagesbild: Some(
        "Vad gäller förbättringsarbetena ska det av lägesbilden framgå vilka kriterier som \
         använts för fördelning av medel, hur stor andel av medlen avsatta för respektive område \
         som har fördelats vidare av varje RCC, samt vilka och antalet projekt som beviljats \
         medel.",
    ),
    final_lagesbild: Some(
        "Lägesbilden ska innehålla en beskrivning av de projekt som beviljats medel, förslag på \
         fortsatt utvecklingsarbete, goda exempel och resultat, inklusive satsningarnas effekt \
         på ledtider inom SVF.",
    ),
};

impl Assignment {
    /// The assignment that follows up `year`'s agreement: its own where the government gave
    /// one, 2024's for 2023 and 2025 (their agreement's case number unknown).
    pub fn of(year: Year) -> Assignment {
        match year.number() {
            2022 => Y2022,
            2026 => Y2026,
            2024 => Y2024,
            number => Assignment {
                year: number,
                agreement_case: None,
                final_due: Some((number + 1, 3, 31)),
                ..Y2024
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_year_has_its_assignment_and_only_2023_and_2025_borrow() {
        for year in Year::ALL {
            let a = Assignment::of(year);
            assert_eq!(a.year, year.number());
            assert!(svf_kernel::time::Date::new(a.year, a.due.0, a.due.1).is_some());
            if let Some((y, m, d)) = a.final_due {
                assert!(y > a.year && svf_kernel::time::Date::new(y, m, d).is_some());
            }
            let own = matches!(a.year, 2022 | 2024 | 2026);
            assert_eq!(a.agreement_case.is_some(), own, "{year}");
        }
        assert!(Assignment::of(Year::Y2026).by_sex && !Assignment::of(Year::Y2024).by_sex);
        assert!(Assignment::of(Year::Y2022).lagesbild.is_none());
    }
}
