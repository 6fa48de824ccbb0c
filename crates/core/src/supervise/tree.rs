//! The agency tree (机构树) a supervising office (政务公开办) oversees: codes, names, levels,
//! parents, and the statutory date of each agency's annual report (Art. 49).

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An agency's code as the office assigns it (e.g. a 统一社会信用代码 or a local code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgencyCode(String);

impl AgencyCode {
    /// Whether `s` has the form of an agency code: 1–64 characters of `a-z`, `0-9`, `-`, `_`,
    /// starting with a letter or digit (`demo`, `city-finance`). The store's ids use this rule.
    pub fn is_valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
    }
    pub fn parse(s: &str) -> Result<AgencyCode, TreeError> {
        let s = s.trim();
        if Self::is_valid(s) { Ok(AgencyCode(s.to_string())) } else { Err(TreeError::BadCode(s.to_string())) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Administrative level (层级) of an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国家 (State Council and its departments)
    National,
    /// 省
    Province,
    /// 市
    City,
    /// 县（区）
    County,
    /// 乡镇（街道）
    Township,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::National, Level::Province, Level::City, Level::County, Level::Township];

    /// The stable code stored and exchanged (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::National => "国家",
            Level::Province => "省",
            Level::City => "市",
            Level::County => "县",
            Level::Township => "乡镇街道",
        }
    }

    /// Reads a code, or the label of a table cell (省 / 省级 / 乡镇 / 街道 …).
    pub fn parse(s: &str) -> Option<Level> {
        if let Some(l) = Level::ALL.into_iter().find(|l| l.code() == s.trim()) {
            return Some(l);
        }
        let s = s.trim().trim_end_matches('级');
        Some(match s {
            "国家" | "中央" | "国务院" => Level::National,
            "省" | "自治区" | "直辖市" => Level::Province,
            "市" | "地" | "州" | "盟" => Level::City,
            "县" | "区" | "县区" | "县（区）" | "旗" => Level::County,
            "乡镇街道" | "乡镇" | "乡" | "镇" | "街道" | "乡镇（街道）" => Level::Township,
            _ => return None,
        })
    }
}

/// What kind of body an agency is: a people's government or one of its departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// 人民政府 (or a township/street office acting as one)
    Government,
    /// 政府部门 (工作部门、直属机构 …)
    Department,
    /// Other bodies with public functions (法律、法规授权的组织 …)
    Other,
}

impl AgencyKind {
    /// The stable code stored and exchanged (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::Department => "department",
            AgencyKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgencyKind::Government => "人民政府",
            AgencyKind::Department => "部门",
            AgencyKind::Other => "其他机构",
        }
    }
    pub fn parse(s: &str) -> Option<AgencyKind> {
        Some(match s.trim() {
            "政府" | "人民政府" | "government" => AgencyKind::Government,
            "部门" | "政府部门" | "department" => AgencyKind::Department,
            "其他" | "其他机构" | "other" => AgencyKind::Other,
            _ => return None,
        })
    }
}

/// One agency as the office registers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub code: AgencyCode,
    /// 全称, e.g. 某某市人民政府办公室.
    pub name: String,
    /// 简称 and former names the reports use (市政府办, 市府办 …).
    #[serde(default)]
    pub short_names: Vec<String>,
    /// `None` when the office has not said (agencies created before the tree was imported).
    pub level: Option<Level>,
    pub kind: AgencyKind,
    pub parent: Option<AgencyCode>,
}

impl Agency {
    /// The date by which the report on `year` must be published (Art. 49): departments of
    /// governments at county level and above by 1月31日, those governments by 3月31日 of the next
    /// year. Townships and other bodies follow local rules the Regulation does not fix: `None`.
    pub fn report_due(&self, year: i16) -> Option<Date> {
        let next = year.checked_add(1)?;
        let statutory_level = self.level != Some(Level::Township);
        match self.kind {
            AgencyKind::Department if statutory_level => Date::new(next, 1, 31).ok(),
            AgencyKind::Government if statutory_level => Date::new(next, 3, 31).ok(),
            _ => None,
        }
    }
}

/// Why a tree cannot be built; each names the row (1-based, as in the imported file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TreeError {
    #[error("机构代码“{0}”无效：只能由小写字母、数字、“-”和“_”组成（1至64个字符）")]
    BadCode(String),
    #[error("第{row}行：机构代码“{code}”重复（第{first}行已使用）")]
    DuplicateCode { row: usize, code: AgencyCode, first: usize },
    #[error("第{row}行：机构名称不能为空")]
    EmptyName { row: usize },
    #[error("第{row}行：上级机构“{parent}”不存在")]
    UnknownParent { row: usize, parent: AgencyCode },
    #[error("第{row}行：上级关系成环（{code}最终以自己为上级）")]
    Cycle { row: usize, code: AgencyCode },
}

impl TreeError {
    /// The row the error is about (1-based, in the order given to [`AgencyTree::build`]).
    pub fn row(&self) -> Option<usize> {
        match self {
            TreeError::BadCode(_) => None,
            TreeError::DuplicateCode { row, .. }
            | TreeError::EmptyName { row }
            | TreeError::UnknownParent { row, .. }
            | TreeError::Cycle { row, .. } => Some(*row),
        }
    }

    /// The same error with its row numbers mapped (e.g. to the lines of the imported file).
    pub fn renumber(self, line: impl Fn(usize) -> usize) -> TreeError {
        match self {
            TreeError::DuplicateCode { row, code, first } => {
                TreeError::DuplicateCode { row: line(row), code, first: line(first) }
            }
            TreeError::EmptyName { row } => TreeError::EmptyName { row: line(row) },
            TreeError::UnknownParent { row, parent } => TreeError::UnknownParent { row: line(row), parent },
            TreeError::Cycle { row, code } => TreeError::Cycle { row: line(row), code },
            e @ TreeError::BadCode(_) => e,
        }
    }
}

/// An index into the tree; stable for the life of one [`AgencyTree`].
pub type NodeId = usize;

/// Agencies with their parent links, checked (unique codes, known parents, no cycles) and laid
/// out in preorder so that "is X within Y's subtree" is two comparisons and a subtree is a
/// contiguous slice, which keeps roll-ups over 10⁵ agencies linear.
#[derive(Debug, Clone, Default)]
pub struct AgencyTree {
    /// In preorder: every subtree is `nodes[id..id + size[id]]`.
    nodes: Vec<Agency>,
    parent: Vec<Option<NodeId>>,
    size: Vec<usize>,
    depth: Vec<usize>,
    by_code: HashMap<AgencyCode, NodeId>,
}

impl AgencyTree {
    /// Builds the tree from rows in any order. All or nothing: every problem is reported, by row.
    pub fn build(rows: Vec<Agency>) -> Result<AgencyTree, Vec<TreeError>> {
        let mut errors = Vec::new();
        let mut first_row: HashMap<&AgencyCode, usize> = HashMap::new();
        for (i, a) in rows.iter().enumerate() {
            if a.name.trim().is_empty() {
                errors.push(TreeError::EmptyName { row: i + 1 });
            }
            if let Some(&first) = first_row.get(&a.code) {
                errors.push(TreeError::DuplicateCode { row: i + 1, code: a.code.clone(), first });
            } else {
                first_row.insert(&a.code, i + 1);
            }
        }
        for (i, a) in rows.iter().enumerate() {
            if let Some(p) = &a.parent
                && !first_row.contains_key(p)
            {
                errors.push(TreeError::UnknownParent { row: i + 1, parent: p.clone() });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Children lists in input order, then an iterative preorder walk from every root.
        let index: HashMap<&AgencyCode, usize> = rows.iter().enumerate().map(|(i, a)| (&a.code, i)).collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        let mut roots = Vec::new();
        for (i, a) in rows.iter().enumerate() {
            match &a.parent {
                Some(p) => children[index[p]].push(i),
                None => roots.push(i),
            }
        }
        let mut order = Vec::with_capacity(rows.len());
        let mut depth_of = vec![0usize; rows.len()];
        let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            for &c in children[i].iter().rev() {
                depth_of[c] = depth_of[i] + 1;
                stack.push(c);
            }
        }
        if order.len() < rows.len() {
            // Whatever the walk from the roots never reached hangs on a cycle.
            let mut seen = vec![false; rows.len()];
            for &i in &order {
                seen[i] = true;
            }
            return Err((0..rows.len())
                .filter(|&i| !seen[i])
                .map(|i| TreeError::Cycle { row: i + 1, code: rows[i].code.clone() })
                .collect());
        }
        let mut new_id = vec![0usize; rows.len()];
        for (pos, &i) in order.iter().enumerate() {
            new_id[i] = pos;
        }
        let mut parent = vec![None; rows.len()];
        let mut depth = vec![0; rows.len()];
        for (i, a) in rows.iter().enumerate() {
            parent[new_id[i]] = a.parent.as_ref().map(|p| new_id[index[p]]);
            depth[new_id[i]] = depth_of[i];
        }
        let mut size = vec![1usize; rows.len()];
        for id in (0..rows.len()).rev() {
            if let Some(p) = parent[id] {
                size[p] += size[id];
            }
        }
        let mut slots: Vec<Option<Agency>> = rows.into_iter().map(Some).collect();
        let nodes: Vec<Agency> = order.iter().map(|&i| slots[i].take().expect("each row once")).collect();
        let by_code = nodes.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
        Ok(AgencyTree { nodes, parent, size, depth, by_code })
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
    pub fn id(&self, code: &AgencyCode) -> Option<NodeId> {
        self.by_code.get(code).copied()
    }
    pub fn agency(&self, id: NodeId) -> &Agency {
        &self.nodes[id]
    }
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parent[id]
    }
    pub fn depth(&self, id: NodeId) -> usize {
        self.depth[id]
    }
    /// Every agency in preorder (parents before children).
    pub fn iter(&self) -> impl Iterator<Item = (NodeId, &Agency)> {
        self.nodes.iter().enumerate()
    }
    /// `id` and everything below it, in preorder.
    pub fn subtree(&self, id: NodeId) -> std::ops::Range<NodeId> {
        id..id + self.size[id]
    }
    /// The agencies directly below `id`.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = id + 1;
        let end = id + self.size[id];
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let c = next;
                next += self.size[c];
                c
            })
        })
    }
    /// `inner` lies in the subtree of `outer` (an agency lies in its own subtree).
    pub fn within(&self, inner: NodeId, outer: NodeId) -> bool {
        inner >= outer && inner < outer + self.size[outer]
    }
    /// The roots (agencies without a parent).
    pub fn roots(&self) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = 0;
        std::iter::from_fn(move || {
            (next < self.nodes.len()).then(|| {
                let r = next;
                next += self.size[r];
                r
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn agency(code: &str, name: &str, level: Level, kind: AgencyKind, parent: Option<&str>) -> Agency {
        Agency {
            code: AgencyCode::parse(code).unwrap(),
            name: name.into(),
            short_names: Vec::new(),
            level: Some(level),
            kind,
            parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        }
    }

    fn sample() -> Vec<Agency> {
        use AgencyKind::*;
        use Level::*;
        vec![
            agency("c1", "甲县人民政府", County, Government, Some("p")),
            agency("p", "乙市人民政府", City, Government, None),
            agency("d1", "甲县教育局", County, Department, Some("c1")),
            agency("t1", "甲县某镇人民政府", Township, Government, Some("c1")),
            agency("d2", "乙市财政局", City, Department, Some("p")),
        ]
    }

    #[test]
    fn rows_in_any_order_make_a_preorder_tree_with_contiguous_subtrees() {
        let tree = AgencyTree::build(sample()).unwrap();
        let names: Vec<&str> = tree.iter().map(|(_, a)| a.code.as_str()).collect();
        assert_eq!(names, ["p", "c1", "d1", "t1", "d2"]);
        let c1 = tree.id(&AgencyCode::parse("c1").unwrap()).unwrap();
        let p = tree.id(&AgencyCode::parse("p").unwrap()).unwrap();
        assert_eq!(tree.subtree(c1).len(), 3);
        assert_eq!(tree.children(p).map(|i| tree.agency(i).code.as_str()).collect::<Vec<_>>(), ["c1", "d2"]);
        assert!(tree.within(c1 + 1, p) && !tree.within(p, c1));
        assert_eq!(tree.depth(c1 + 1), 2);
        assert_eq!(tree.roots().count(), 1);
    }

    #[test]
    fn every_bad_row_is_reported_and_nothing_is_built() {
        let mut rows = sample();
        rows.push(agency("d1", "重复", Level::County, AgencyKind::Department, Some("c1")));
        rows.push(agency("x", " ", Level::County, AgencyKind::Department, Some("nowhere")));
        let errors = AgencyTree::build(rows).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.iter().any(|e| matches!(e, TreeError::DuplicateCode { row: 6, first: 3, .. })));
        assert!(errors.iter().any(|e| matches!(e, TreeError::EmptyName { row: 7 })));
        assert!(errors.iter().any(|e| e.to_string() == "第7行：上级机构“nowhere”不存在"));
    }

    #[test]
    fn a_cycle_is_refused_naming_its_rows() {
        let rows = vec![
            agency("a", "甲", Level::City, AgencyKind::Government, Some("b")),
            agency("b", "乙", Level::City, AgencyKind::Government, Some("a")),
            agency("r", "根", Level::Province, AgencyKind::Government, None),
        ];
        let errors = AgencyTree::build(rows).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(matches!(errors[0], TreeError::Cycle { row: 1, .. }));
    }

    #[test]
    fn report_due_dates_follow_article_49() {
        use AgencyKind::*;
        use Level::*;
        let cases = [
            (County, Department, Some(Date::new(2025, 1, 31).unwrap())),
            (National, Department, Some(Date::new(2025, 1, 31).unwrap())),
            (City, Government, Some(Date::new(2025, 3, 31).unwrap())),
            (Township, Government, None),
            (City, Other, None),
        ];
        for (level, kind, due) in cases {
            assert_eq!(agency("a", "某", level, kind, None).report_due(2024), due, "{level:?} {kind:?}");
        }
    }

    #[test]
    fn a_deep_chain_of_ten_thousand_builds_without_recursion() {
        let rows: Vec<Agency> = (0..10_000)
            .map(|i| {
                let parent = (i > 0).then(|| format!("n{}", i - 1));
                agency(&format!("n{i}"), "某", Level::Township, AgencyKind::Other, parent.as_deref())
            })
            .collect();
        let tree = AgencyTree::build(rows).unwrap();
        assert_eq!(tree.subtree(0).len(), 10_000);
        assert_eq!(tree.depth(9_999), 9_999);
    }

    #[test]
    fn codes_are_checked() {
        assert!(AgencyCode::parse("11-0100_ab").is_ok());
        assert!(AgencyCode::parse("Abc").is_err());
        assert!(AgencyCode::parse("").is_err());
        assert!(AgencyCode::parse("有 空格").is_err());
    }
}
