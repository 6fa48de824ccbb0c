//! Extraction throughput over the labelled reports of `../shared`, replicated to a fixed pass
//! (1,024 text/HTML documents; fewer for the slower DOCX and PDF), so the figures are
//! documents per second and MB/s of input. Word 97, saved pages (.mht/.mhtml) and OFD, which
//! `../shared` does not hold, are the reader's printed test files (`tests/printed`).
//!
//! Baseline in the same run: `read_doc` alone (decode, container, normalise), the floor any
//! reader pays before it looks for a single figure.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongkai_extract::{Extractor, InputKind};

fn load(kinds: &[&str], pass: usize) -> Vec<(InputKind, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = if kinds.contains(&"doc") || kinds.contains(&"ofd") {
        vec![root.join("tests/printed")]
    } else {
        vec![root.join("../../../shared/seeds"), root.join("../../../shared/corpus")]
    };
    let mut docs = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
            if kinds.contains(&ext.as_str()) {
                let bytes = std::fs::read(&p).unwrap();
                let kind = InputKind::detect(&p, &bytes).unwrap();
                docs.push((kind, bytes));
            }
        }
    }
    assert!(!docs.is_empty(), "no documents of kinds {kinds:?}");
    // Replicate to a fixed pass size so passes of different kinds compare.
    (0..pass).map(|i| docs[i % docs.len()].clone()).collect()
}

fn bench_kind(c: &mut Criterion, name: &str, kinds: &[&str], pass: usize) {
    let docs = load(kinds, pass);
    let bytes: u64 = docs.iter().map(|(_, b)| b.len() as u64).sum();
    let extractor = Extractor::new();
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(10)).throughput(Throughput::Bytes(bytes));
    group.bench_function("read_doc only (baseline)", |b| {
        b.iter(|| {
            for (kind, bytes) in &docs {
                std::hint::black_box(extractor.read_doc(*kind, bytes).ok());
            }
        })
    });
    group.bench_function(format!("extract {pass} documents"), |b| {
        b.iter(|| {
            for (kind, bytes) in &docs {
                std::hint::black_box(extractor.extract_bytes(*kind, bytes).ok());
            }
        })
    });
    group.finish();
}

fn text_and_html(c: &mut Criterion) {
    bench_kind(c, "text+html", &["txt", "html"], 1024);
}

fn docx(c: &mut Criterion) {
    bench_kind(c, "docx", &["docx"], 128);
}

fn pdf(c: &mut Criterion) {
    bench_kind(c, "pdf", &["pdf"], 32);
}

fn doc_and_mhtml(c: &mut Criterion) {
    bench_kind(c, "doc+mht", &["doc", "mht", "mhtml"], 128);
}

fn ofd(c: &mut Criterion) {
    bench_kind(c, "ofd", &["ofd"], 128);
}

criterion_group!(benches, text_and_html, docx, pdf, doc_and_mhtml, ofd);
criterion_main!(benches);
