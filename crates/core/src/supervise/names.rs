//! Matching the agency name read from a published report to the agency tree: one matcher for
//! collection, roll-up and the console, so no agency is dropped by a second, different rule.
//!
//! Names arrive already folded by the reader (Traditional → Simplified, full width → half
//! width); here they are compared without spaces and punctuation, with 人民政府 and 政府 taken
//! as the same word, first whole (full or short name), then by the longest full name the read
//! name contains (a title such as "某县教育局2023年政府信息公开工作年度报告").

use std::collections::HashMap;

use super::tree::{AgencyTree, NodeId};

/// What a name matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    One(NodeId),
    /// Several agencies answer to the name: a person must choose.
    Many(Vec<NodeId>),
    None,
}

/// An index of every agency's full and short names.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    exact: HashMap<String, Vec<NodeId>>,
    /// Normalised full names, longest first, for containment.
    full: Vec<(String, NodeId)>,
}

/// Spaces, punctuation and brackets dropped; 人民政府 → 政府.
pub fn normalize_name(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .filter(|c| {
            !matches!(c, '（' | '）' | '·' | '、' | '，' | '。' | '“' | '”' | '《' | '》' | '【' | '】' | '\u{3000}')
        })
        .collect();
    kept.replace("人民政府", "政府")
}

impl NameIndex {
    pub fn new(tree: &AgencyTree) -> NameIndex {
        let mut exact: HashMap<String, Vec<NodeId>> = HashMap::new();
        let mut full = Vec::with_capacity(tree.len());
        for (id, a) in tree.iter() {
            let n = normalize_name(&a.name);
            for name in std::iter::once(n.clone()).chain(a.short_names.iter().map(|s| normalize_name(s))) {
                if name.is_empty() {
                    continue;
                }
                let ids = exact.entry(name).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if n.chars().count() >= 2 {
                full.push((n, id));
            }
        }
        full.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        NameIndex { exact, full }
    }

    /// The agency a document names itself as.
    pub fn find(&self, read: &str) -> NameMatch {
        let n = normalize_name(read);
        if n.is_empty() {
            return NameMatch::None;
        }
        if let Some(ids) = self.exact.get(&n) {
            return match ids.as_slice() {
                [one] => NameMatch::One(*one),
                many => NameMatch::Many(many.to_vec()),
            };
        }
        // The longest full name contained in the read name wins; equally long ones tie.
        let mut best: Vec<NodeId> = Vec::new();
        let mut best_len = 0;
        for (name, id) in &self.full {
            if name.len() < best_len {
                break;
            }
            if n.contains(name.as_str()) {
                best_len = name.len();
                best.push(*id);
            }
        }
        match best.as_slice() {
            [] => NameMatch::None,
            [one] => NameMatch::One(*one),
            many => NameMatch::Many(many.to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{Agency, AgencyCode, AgencyKind, Level};
    use super::*;

    fn tree() -> AgencyTree {
        let a = |code: &str, name: &str, shorts: &[&str], parent: Option<&str>| Agency {
            code: AgencyCode::parse(code).unwrap(),
            name: name.into(),
            short_names: shorts.iter().map(|s| s.to_string()).collect(),
            level: Some(Level::County),
            kind: AgencyKind::Department,
            parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        };
        AgencyTree::build(vec![
            a("city", "某市人民政府", &["市政府"], None),
            a("edu", "某市教育局", &["市教育局", "教育局"], Some("city")),
            a("x", "甲县人民政府", &["甲县"], Some("city")),
            a("xedu", "甲县教育局", &["教育局"], Some("x")),
            a("y", "甲县人民政府办公室", &["甲县政府办"], Some("x")),
        ])
        .unwrap()
    }

    #[test]
    fn names_match_whole_then_by_the_longest_contained_full_name() {
        let t = tree();
        let idx = NameIndex::new(&t);
        let code = |m: NameMatch| match m {
            NameMatch::One(id) => t.agency(id).code.as_str().to_string(),
            other => format!("{other:?}"),
        };
        let cases = [
            ("某市人民政府", "city"),
            ("某市政府", "city"),
            ("市政府", "city"),
            (" 甲县 人民政府 ", "x"),
            ("甲县人民政府办公室2023年政府信息公开工作年度报告", "y"),
            ("甲县教育局2023年政府信息公开工作年度报告", "xedu"),
            ("甲县政府办", "y"),
        ];
        for (read, want) in cases {
            assert_eq!(code(idx.find(read)), want, "{read}");
        }
        assert!(matches!(idx.find("教育局"), NameMatch::Many(v) if v.len() == 2));
        assert_eq!(idx.find("乙县人民政府"), NameMatch::None);
        assert_eq!(idx.find("  "), NameMatch::None);
    }
}
