//! What made an output: the svf version and commit, and the rules it was decided under (the
//! year's own, or `config/{year}/rules.json` with its entity tag), written beside the
//! contract's fields of every stored assessment and `payments.json`, and in the page's footer,
//! so that any figure can be traced to the code and configuration that decided it.

use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// The provenance of a stored output, as read back: what decided it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StoredProvenance {
    /// The svf release that decided it.
    pub svf: String,
    /// The commit it was built from.
    pub commit: String,
    /// The rules: `"built in"`, or a rules file's key and entity tag.
    pub rules: StoredRules,
    /// The agency's wait-time data, if any decided.
    #[serde(default)]
    pub lead_times: Option<FileSource>,
}

/// Which rules decided a stored output.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum StoredRules {
    /// The year's own rules (`"built in"`).
    BuiltIn(String),
    /// A rules file.
    File(FileSource),
}

/// Why a region's assessment was decided again without an upload of its own (contract §4): the
/// notification's `redecided_by`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Redecided {
    /// A configuration file that decides assessments (the agency's wait-time data, the year's
    /// rules) was written, or removed.
    Configuration {
        /// Its key.
        key: String,
        /// Its entity tag as now read; absent when it was removed.
        #[serde(skip_serializing_if = "Option::is_none")]
        etag: Option<String>,
    },
    /// svf itself changed: this build decides the report otherwise.
    Build {
        /// The release that decided it before.
        svf: String,
        /// The commit that decided it before.
        commit: String,
    },
    /// The stored assessment was not what the kernel decides of its report under the year's
    /// configuration (edited by hand, or written by something else than svf).
    Rederived,
}

impl Provenance {
    /// Why an output that `stored` decided would be decided otherwise by this one: the first
    /// of the agency's wait-time data, the rules or the build that differs (`year`'s keys), or
    /// [`Redecided::Rederived`] when they are the same (or `stored` is unknown).
    pub fn redecided_since(
        &self,
        stored: Option<&StoredProvenance>,
        lead_times_key: &str,
        rules_key: &str,
    ) -> Redecided {
        let Some(stored) = stored else {
            return Redecided::Rederived;
        };
        if stored.lead_times != self.lead_times {
            return Redecided::Configuration {
                key: lead_times_key.to_owned(),
                etag: self.lead_times.as_ref().map(|f| f.etag.clone()),
            };
        }
        let rules_now = match &self.rules {
            RulesSource::BuiltIn(_) => None,
            RulesSource::File { key, etag } => Some(FileSource {
                key: key.clone(),
                etag: etag.clone(),
            }),
        };
        let rules_then = match &stored.rules {
            StoredRules::BuiltIn(_) => None,
            StoredRules::File(file) => Some(file.clone()),
        };
        if rules_now != rules_then {
            return Redecided::Configuration {
                key: rules_key.to_owned(),
                etag: rules_now.map(|f| f.etag),
            };
        }
        if stored.svf != self.svf || stored.commit != self.commit {
            return Redecided::Build {
                svf: stored.svf.clone(),
                commit: stored.commit.clone(),
            };
        }
        Redecided::Rederived
    }
}
