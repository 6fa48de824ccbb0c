//! Benchmark of the deadline count: 1,000,000 `DeadlineRequest::compute` calls per iteration
//! (goal: under 1 s), over a mix of receipt dates 2008–2026 with 补正, pauses and extensions.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai_core::calendar::{Calendar, DeadlineRequest};
use jiff::civil::{Date, date};

const CALLS: usize = 1_000_000;

/// 1,000 varied requests, cycled 1,000 times: mostly plain 20-day replies, some with 补正,
/// a consultation pause or the extension, received on every kind of day.
fn requests() -> Vec<DeadlineRequest> {
    let first = date(2008, 1, 1);
    (0..1_000u32)
        .map(|i| {
            let received: Date = first.checked_add(jiff::Span::new().days(i64::from(i * 7 % 6900))).unwrap();
            let mut req = DeadlineRequest::new(received);
            req.days = [20, 20, 20, 7, 15][i as usize % 5];
            if i % 7 == 0 {
                req.corrected = Some(received.checked_add(jiff::Span::new().days(5)).unwrap());
            }
            if i % 5 == 0 {
                let from = received.checked_add(jiff::Span::new().days(10)).unwrap();
                req.pauses.push((from, from.checked_add(jiff::Span::new().days(14)).unwrap()));
            }
            req.extend = i % 4 == 0;
            req
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let calendar = Calendar::official();
    let reqs = requests();
    let mut group = c.benchmark_group("deadline");
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    group.bench_function("compute x1_000_000", |b| {
        b.iter(|| {
            let mut last = None;
            for req in reqs.iter().cycle().take(CALLS) {
                last = Some(black_box(req).compute(calendar).unwrap().due);
            }
            last
        })
    });
    group.bench_function("explain x1", |b| b.iter(|| black_box(&reqs[4]).explain(calendar).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
