//! The house's rules as tests (ARCHITECTURE.md, "Architecture invariants"; rust-analyzer's
//! `tidy.rs` idea): they read the sources and fail on a change that breaks a rule, naming the
//! file, the line and the rule.
//!
//! - The rooms of `functions/src` import one way: `contract` ← `store`, `model` ← `present` ←
//!   `pipeline`, as [`ALLOWED`] says.
//! - No module imports one that imports it back, in `functions/src` or in `kernel/src`.
//! - No bucket key is spelled outside `contract/layout.rs`: every key and prefix is layout's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rooms, and the rooms each may import from (besides itself and the kernel).
const ALLOWED: [(&str, &[&str]); 6] = [
    ("contract", &[]),
    ("store", &["contract"]),
    ("model", &["contract"]),
    ("present", &["model", "contract"]),
    ("pipeline", &["present", "model", "store", "contract"]),
    // The front door sits on top, as the Lambda mains do (feature `aws`).
    (
        "door",
        &["pipeline", "present", "model", "store", "contract"],
    ),
];

/// The first segments of the bucket's keys (contract §3).
const KEY_PREFIXES: [&str; 6] = [
    "reports/",
    "config/",
    "assessments/",
    "decisions/",
    "notifications/",
    "summary/",
];

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

/// Every `.rs` file under `dir`, with its module path from the crate root (`present/page/
/// lagesbild.rs` → `["present", "page", "lagesbild"]`; a `mod.rs` is its folder's module).
fn sources(dir: &Path) -> Vec<(PathBuf, Vec<String>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<String>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    walk(root, &path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().with_extension("");
                let mut module: Vec<String> = relative
                    .iter()
                    .map(|s| s.to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                    module.pop();
                }
                out.push((path, module));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// The code of a file, without comments and without its test module (which, by the house's
/// habit, is the file's last item), line by line with the line's number.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        lines.push((index + 1, line));
    }
    lines
}

/// The module paths a line names: `crate::a::b`, `super::x`, `self::y`, resolved against the
/// module `here`, as absolute paths from the crate root.
fn named_paths(line: &str, here: &[String], is_folder: bool) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    for start in 0..line.len() {
        if !line.is_char_boundary(start)
            || (start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_'))
        {
            continue;
        }
        let rest = &line[start..];
        if !(rest.starts_with("crate::") || rest.starts_with("super::")) {
            continue;
        }
        let words: Vec<&str> = rest
            .split("::")
            .map_while(|w| {
                let end = w
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(w.len());
                (end > 0).then(|| &w[..end])
            })
            .collect();
        // `use a::{b, c}` names `a` and stops at the brace; enough for the module graph.
        let mut path: Vec<String> = Vec::new();
        let mut words = words.into_iter().peekable();
        match words.peek() {
            Some(&"crate") => {
                words.next();
            }
            Some(&"super") => {
                // A folder's `mod.rs` is its folder's module: its `super` is one level up.
                path = here.to_vec();
                if !is_folder {
                    path.pop();
                }
                while words.peek() == Some(&"super") {
                    words.next();
                    path.pop();
                }
            }
            _ => continue,
        }
        path.extend(words.map(str::to_owned));
        found.push(path);
    }
    found
}

/// The crate's modules as graph nodes: a room's own file is the room, every file or folder in
/// a room one node (a folder's submodules are its node: they may use `super` among
/// themselves); in a crate without rooms, every top-level file or folder.
fn node_of(path: &[String], known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| known.contains(prefix))
}

struct Graph {
    /// Node → the nodes it names, each with the file and line of the first naming.
    edges: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>>,
}

/// The import graph of a crate's `src`, with `depth` the length of a node's path (2 for the
/// rooms' modules of `functions`, 1 for the kernel's).
fn graph(src: &Path, depth: usize, aliases: &BTreeMap<String, String>) -> Graph {
    let files = sources(src);
    let known: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(_, m)| m[..m.len().min(depth)].to_vec())
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>> = BTreeMap::new();
    for (file, module) in &files {
        if module.is_empty() {
            continue; // the crate root is the façade: it re-exports, it is no node
        }
        let from = module[..module.len().min(depth)].to_vec();
        let is_folder = file.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in code_lines(&text) {
            for mut path in named_paths(line, module, is_folder) {
                // A name the root re-exports (`crate::Ore`) is its module's.
                if let Some(real) = path.first().and_then(|first| aliases.get(first)) {
                    path[0].clone_from(real);
                }
                let Some(to) = node_of(&path, &known) else {
                    continue;
                };
                if to != from && !from.starts_with(&to) {
                    edges
                        .entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_insert_with(|| format!("{}:{number}", file.display()));
                }
            }
        }
    }
    Graph { edges }
}

/// Every circle of the graph: each strongly connected set of two or more nodes, with the
/// edges inside it.
fn circles(graph: &Graph) -> Vec<String> {
    let nodes: BTreeSet<&Vec<String>> = graph
        .edges
        .iter()
        .flat_map(|(from, to)| std::iter::once(from).chain(to.keys()))
        .collect();
    let reaches = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for next in graph.edges.get(&node).into_iter().flat_map(BTreeMap::keys) {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> =
        nodes.iter().map(|&n| (n, reaches(n))).collect();
    let mut found = Vec::new();
    for (from, targets) in &graph.edges {
        for (to, place) in targets {
            if reach[to].contains(from) {
                found.push(format!(
                    "{} → {} ({place}), and {} reaches {} back",
                    from.join("::"),
                    to.join("::"),
                    to.join("::"),
                    from.join("::")
                ));
            }
        }
    }
    found
}

/// `pub use a::{B, C};` in the kernel's root: `B` and `C` are `a`'s.
fn root_aliases(lib: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(lib).unwrap();
    let mut aliases = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.trim_end_matches(';').split_once("::") else {
            continue;
        };
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            aliases.insert(name.trim().to_owned(), module.to_owned());
        }
    }
    aliases
}

/// Where a room's code names a room the rules forbid it.
fn forbidden_imports(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (file, module) in sources(src) {
        let Some(room) = module.first() else {
            continue;
        };
        let Some((_, allowed)) = ALLOWED.iter().find(|(r, _)| r == room) else {
            found.push(format!("{}: not in a room", file.display()));
            continue;
        };
        let is_folder = file.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in code_lines(&text) {
            for path in named_paths(line, &module, is_folder) {
                let Some(to) = path.first() else { continue };
                let known_room = ALLOWED.iter().any(|(r, _)| r == to);
                if known_room && to != room && !allowed.contains(&to.as_str()) {
                    found.push(format!(
                        "{}:{number}: {room} may not import {to} (`{}`)",
                        file.display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_rooms_import_one_way() {
    let found = forbidden_imports(&crate_dir("functions/src"));
    assert!(
        found.is_empty(),
        "imports the rooms forbid:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_module_of_functions_imports_one_that_imports_it_back() {
    let graph = graph(&crate_dir("functions/src"), 2, &BTreeMap::new());
    // The graph is not empty: the test reads what it means to.
    assert!(graph.edges.len() > 10, "{:?}", graph.edges.keys());
    let found = circles(&graph);
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn no_module_of_the_kernel_imports_one_that_imports_it_back() {
    let src = crate_dir("kernel/src");
    let graph = graph(&src, 1, &root_aliases(&src.join("lib.rs")));
    assert!(graph.edges.len() > 10, "{:?}", graph.edges.keys());
    let found = circles(&graph);
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn only_layout_spells_a_bucket_key() {
    let layout = crate_dir("functions/src/contract/layout.rs");
    let mut found = Vec::new();
    for dir in ["functions/src", "src"] {
        for (file, _) in sources(&crate_dir(dir)) {
            if file.ends_with(layout.strip_prefix(crate_dir("functions")).unwrap()) {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (number, line) in code_lines(&text) {
                for prefix in KEY_PREFIXES {
                    let spelled = line.match_indices(prefix).any(|(at, _)| {
                        !line[..at]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/')
                    });
                    if spelled {
                        found.push(format!("{}:{number}: `{}`", file.display(), line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "bucket keys spelled outside contract/layout.rs:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rules_catch_what_they_forbid() {
    // A model module that reaches into the pipeline, and a circle between two modules.
    let temp = svf_testing::tempdir("tidy");
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("model")).unwrap();
    std::fs::create_dir_all(dir.join("pipeline")).unwrap();
    std::fs::write(
        dir.join("model/figures.rs"),
        "use crate::pipeline::summary::update_summary;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("pipeline/summary.rs"),
        "use crate::model::figures::Figure;\n",
    )
    .unwrap();
    let forbidden = forbidden_imports(dir);
    assert_eq!(forbidden.len(), 1, "{forbidden:?}");
    assert!(
        forbidden[0].contains("model may not import pipeline"),
        "{forbidden:?}"
    );
    let found = circles(&graph(dir, 2, &BTreeMap::new()));
    assert_eq!(found.len(), 2, "{found:?}");
}
