//! Prints the normalised lines of documents as the readers see them (debugging the input layer).
//!
//! `cargo run -p gongkai-extract --example dump_doc -- FILE...`; with `--time N` first, reads
//! each file N times and prints documents per second instead.

use std::path::Path;

use gongkai_extract::{Extractor, InputKind};

fn main() {
    let extractor = Extractor::new();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--time") && args.len() > 2 {
        let n: usize = args[1].parse().expect("--time N");
        for arg in &args[2..] {
            let path = Path::new(arg);
            let bytes = std::fs::read(path).expect("readable file");
            let kind = InputKind::detect(path, &bytes).expect("known kind");
            let start = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(extractor.read_doc(kind, &bytes).ok());
            }
            let secs = start.elapsed().as_secs_f64();
            println!("{arg}: {:.0} documents/s (read_doc, {} bytes)", n as f64 / secs, bytes.len());
        }
        args.clear();
    }
    for arg in args {
        let path = Path::new(&arg);
        println!("== {arg}");
        let result = std::fs::read(path)
            .map_err(gongkai_extract::Error::from)
            .and_then(|bytes| extractor.read_doc(InputKind::detect(path, &bytes)?, &bytes));
        match result {
            Ok(doc) => {
                for l in &doc.lines {
                    let tag = match (l.table, l.row) {
                        (Some(t), Some(r)) => format!("T{t}R{r}"),
                        _ => String::new(),
                    };
                    println!("{:4} {:7} {}", l.no, tag, l.text);
                }
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
