//! Supervision (督查) of the agencies under a disclosure office, pure parts: the agency tree,
//! matching names read from reports to it, roll-ups of a subtree's reports, indicators and
//! rankings, and checks across years and peers. The registry of filed reports lives in the
//! store; the pages in the web crate.

pub mod indicators;
pub mod names;
pub mod rollup;
pub mod tree;
pub mod trend;

pub use indicators::{Indicators, Punctuality, Ratio, rank};
pub use names::{NameIndex, NameMatch};
pub use rollup::{Dense, Filed, Rollup, rollup, rollup_prepared};
pub use tree::{Agency, AgencyCode, AgencyKind, AgencyTree, Level, NodeId, TreeError};
pub use trend::{Fingerprint, Sketch, completeness, jumps};

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::compile::tests::properties::{Rng, history};
    use crate::compile::{Records, compile};
    use crate::report::Report;
    use crate::{Severity, audit};

    /// A random tree of `n` agencies: each hangs below one made before it (or is a root).
    fn random_tree(rng: &mut Rng, n: usize) -> AgencyTree {
        let rows = (0..n)
            .map(|i| Agency {
                code: AgencyCode::parse(&format!("a{i}")).unwrap(),
                name: format!("机构{i}"),
                short_names: Vec::new(),
                level: Some(Level::County),
                kind: AgencyKind::Department,
                parent: (i > 0 && rng.below(8) != 0)
                    .then(|| AgencyCode::parse(&format!("a{}", rng.below(i as u64))).unwrap()),
            })
            .collect();
        AgencyTree::build(rows).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Random casework across a random agency tree: the roll-up of the children's compiled
        /// reports equals the report compiled over the union of their records, key by key, and
        /// every 勾稽 rule holds on the roll-up.
        #[test]
        fn rollup_of_compiled_reports_equals_the_report_of_all_records(
            tree_seed in any::<u64>(),
            n in 1usize..40,
            seeds in proptest::collection::vec(any::<u64>(), 0..300),
        ) {
            let mut rng = Rng(tree_seed);
            let tree = random_tree(&mut rng, n);
            let mut per_agency: BTreeMap<NodeId, Records> = BTreeMap::new();
            let mut union = Records::default();
            for seed in seeds {
                let (case, remedies, fee) = history(seed);
                let at = Rng(seed ^ tree_seed).below(n as u64) as usize;
                let records = per_agency.entry(at).or_default();
                records.cases.push(case);
                records.remedies.extend(remedies.iter().copied());
                records.fees.extend(fee);
                union.cases.push(case);
                union.remedies.extend(remedies);
                union.fees.extend(fee);
            }
            let empty = Records::default();
            for year in 2019..=2022i16 {
                let reports: Vec<Report> =
                    (0..n).map(|id| compile(&format!("机构{id}"), year, per_agency.get(&id).unwrap_or(&empty)).unwrap()).collect();
                for root in tree.roots().collect::<Vec<_>>() {
                    let r = rollup(&tree, root, i32::from(year), |id| Some(Filed { report: &reports[id], summary: false }));
                    prop_assert!(r.missing.is_empty());
                    let mut records = Records::default();
                    for id in tree.subtree(root) {
                        let rec = per_agency.get(&id).unwrap_or(&empty);
                        records.cases.extend(rec.cases.iter().copied());
                        records.remedies.extend(rec.remedies.iter().copied());
                        records.fees.extend(rec.fees.iter().copied());
                    }
                    let whole = compile("全部", year, &records).unwrap();
                    prop_assert_eq!(&r.values, &whole.values, "year {}", year);
                    let errors: Vec<_> = r.findings.iter().filter(|f| f.severity == Severity::Error).collect();
                    prop_assert!(errors.is_empty(), "{:#?}", errors);
                    let on_sum = audit::audit(&r.as_report(&tree));
                    prop_assert!(on_sum.iter().all(|f| f.severity != Severity::Error), "{:#?}", on_sum);
                }
            }
            // The union over every root is the report of all records.
            let year = 2021;
            let reports: Vec<Report> = (0..n).map(|id| compile("x", year, per_agency.get(&id).unwrap_or(&empty)).unwrap()).collect();
            let all = rollup::sum(reports.iter());
            prop_assert_eq!(all, compile("全部", year, &union).unwrap().values);
        }
    }
}
