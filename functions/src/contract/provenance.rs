//! What made an output: the svf version and commit, and the rules it was decided under (the
//! year's own, or `config/{year}/rules.json` with its entity tag), written beside the
//! contract's fields of every stored assessment and `payments.json`, and in the page's footer,
//! so that any figure can be traced to the code and configuration that decided it.

use serde::Serialize;

/// The svf release.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit it was built from (`git describe`), or `unknown`.
pub const COMMIT: &str = env!("SVF_COMMIT");

/// Which rules decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RulesSource {
    /// The year's rules as svf has them (`"built in"`).
    BuiltIn(&'static str),
    /// A rules file: its key and entity tag.
    File {
        /// `config/{year}/rules.json`.
        key: String,
        /// Its entity tag when read.
        etag: String,
    },
}

impl RulesSource {
    /// The year's own rules.
    pub const BUILT_IN: RulesSource = RulesSource::BuiltIn("built in");
}

/// A configuration file as read: its key and entity tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileSource {
    /// Its key, `config/{year}/lead_times.csv`.
    pub key: String,
    /// Its entity tag when read.
    pub etag: String,
}

/// The provenance of one output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// [`VERSION`].
    pub svf: &'static str,
    /// [`COMMIT`].
    pub commit: &'static str,
    /// The rules it was decided under.
    pub rules: RulesSource,
    /// The agency's wait-time data it was decided with, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_times: Option<FileSource>,
}

impl Provenance {
    /// This build, with `rules`.
    pub fn of(rules: RulesSource) -> Provenance {
        Provenance {
            svf: VERSION,
            commit: COMMIT,
            rules,
            lead_times: None,
        }
    }

    /// For people, in Swedish: `svf 0.1.0 (a1b2c3d4e5f6), regler inbyggda`.
    pub fn swedish(&self) -> String {
        let rules = match &self.rules {
            RulesSource::BuiltIn(_) => "årets regler som svf har dem".to_owned(),
            RulesSource::File { key, etag } => format!("regler ur {key} ({etag})"),
        };
        let lead_times = match &self.lead_times {
            Some(file) => format!(", ledtider ur {} ({})", file.key, file.etag),
            None => String::new(),
        };
        format!("svf {} ({}), {rules}{lead_times}", self.svf, self.commit)
    }
}
