//! Input paths: files and folders (recursive), read in parallel with a progress bar.

use std::path::{Path, PathBuf};

use gongkai_core::Report;
use gongkai_extract::{Extractor, InputKind};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

/// Folders with more files than this get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: usize = 5;

/// Expands the given paths: files as given (any extension), folders recursively to the
/// documents they hold, sorted for a stable order. Missing paths are kept so they fail
/// with a clear message later.
pub fn expand(paths: &[PathBuf], accept: fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, accept, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, accept: fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, accept, out);
        } else if accept(&path) {
            out.push(path);
        }
    }
}

/// Whether a path is a document the extractor reads.
pub fn is_document(path: &Path) -> bool {
    InputKind::is_document_path(path)
}

/// Whether a path is a document or a report JSON file.
pub fn is_document_or_json(path: &Path) -> bool {
    is_document(path)
        || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonl"))
}

/// Reads every path in parallel, keeping the input order. Each result is the report or an
/// error message in Chinese naming the file.
pub fn read_all(
    paths: &[PathBuf],
    read: impl Fn(&Path) -> Result<Vec<Report>, String> + Sync,
) -> Vec<Result<Vec<Report>, String>> {
    let bar = progress(paths.len());
    let results = paths
        .par_iter()
        .map(|p| {
            let r = read(p);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    results
}

pub(crate) fn progress(len: usize) -> ProgressBar {
    use std::io::IsTerminal;
    if len <= PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} 正在读取 {pos}/{len} 份报告 [{bar:30}] {per_sec} 剩余 {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// Reads one document with the shared extractor, as the path was given.
pub fn extract_one(extractor: &Extractor, path: &Path) -> Result<Vec<Report>, String> {
    extractor.extract_path(path).map(|r| vec![r]).map_err(|e| describe_error(path, &e))
}

/// A Chinese message for a file that could not be read.
pub fn describe_error(path: &Path, e: &gongkai_extract::Error) -> String {
    format!("{}: {}", path.display(), e.message_zh())
}
