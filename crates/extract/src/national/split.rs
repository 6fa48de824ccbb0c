//! Cuts run-together digits ("713000074") into table cells, keeping only the cuts that satisfy
//! the row's own sum rule. Numbers have no leading zeros except "0" itself.

use super::rows::{Grp, Unit};

/// One cell of a row after cutting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Piece {
    /// `None` for a blank cell.
    pub value: Option<f64>,
    /// Which group of the row it came from.
    pub group: usize,
    /// Whether it was cut out of a longer run of digits.
    pub split: bool,
    pub unit: Unit,
}

/// How a row's groups become its cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Split {
    /// The groups are the cells as printed.
    Direct(Vec<Piece>),
    /// The cuts consistent with the row rule (none, one or several).
    Cut(Vec<Vec<Piece>>),
    /// Fewer cells than columns and nothing to cut (blank cells whose place is unknown).
    Short,
    /// Too many possible cuts to check.
    TooMany,
}

/// Longest number one cell may hold when cutting.
const MAX_PIECE: usize = 9;
/// Search budget (recursion steps) per row.
const BUDGET: usize = 200_000;

/// The rule a cut row must satisfy.
pub(crate) type Check<'a> = &'a dyn Fn(&[Option<f64>]) -> bool;

/// Six applicants sum to the total (table 三 row); blanks count as 0.
pub(crate) fn t3_row_rule(v: &[Option<f64>]) -> bool {
    v.len() == 7 && (v[..6].iter().map(|x| x.unwrap_or(0.0)).sum::<f64>() - v[6].unwrap_or(0.0)).abs() < 1e-9
}

/// Each block of five (维持, 纠正, 其他, 尚未审结, 总计) sums to its total (table 四).
pub(crate) fn t4_row_rule(v: &[Option<f64>]) -> bool {
    v.len().is_multiple_of(5)
        && v.chunks(5)
            .all(|c| (c[..4].iter().map(|x| x.unwrap_or(0.0)).sum::<f64>() - c[4].unwrap_or(0.0)).abs() < 1e-9)
}

/// No rule (table 二): only a unique cut is accepted.
pub(crate) fn no_rule(_: &[Option<f64>]) -> bool {
    true
}

/// Group `i` read as one cell, as printed.
pub(crate) fn whole(g: &Grp, i: usize) -> Piece {
    match g {
        Grp::Blank { .. } => Piece { value: None, group: i, split: false, unit: Unit::None },
        Grp::Num { value, unit, .. } => Piece { value: Some(*value), group: i, split: false, unit: *unit },
    }
}

/// The last row of an excerpt with one figure more than its cells, a short number last: what the
/// cut left of the text that followed (the "2" of the next label "2.其他…", the "20" of "2020年"),
/// not a cell. The row's `width` cells, as printed, or `None`.
pub(crate) fn without_cut_residue(groups: &[Grp], width: usize) -> Option<Vec<Piece>> {
    let residue = |g: &Grp| matches!(g, Grp::Num { digits: Some(d), .. } if d.len() <= 2 && d != "0");
    (groups.len() == width + 1 && !groups.iter().any(Grp::malformed) && residue(&groups[width]))
        .then(|| groups[..width].iter().enumerate().map(|(i, g)| whole(g, i)).collect())
}

/// Reads `groups` as `width` cells. `may_cut` says which groups may hold several cells;
/// `guard`: a short row of well-formed numbers that already satisfies `check` (sum of the
/// first ones equals the last) is taken as a row with blank cells rather than cut.
pub(crate) fn split_row(
    groups: &[Grp],
    width: usize,
    may_cut: &dyn Fn(&Grp) -> bool,
    check: Check,
    guard: bool,
) -> Split {
    let mut n = groups.len();
    if n > width {
        while n > width && matches!(groups[n - 1], Grp::Blank { .. }) {
            n -= 1;
        }
        if n > width {
            return Split::Cut(Vec::new());
        }
    }
    let groups = &groups[..n];
    if n == width {
        return Split::Direct(groups.iter().enumerate().map(|(i, g)| whole(g, i)).collect());
    }
    let cuttable: Vec<bool> =
        groups.iter().map(|g| matches!(g, Grp::Num { digits: Some(d), .. } if d.len() > 1) && may_cut(g)).collect();
    if !cuttable.iter().any(|&c| c) {
        return Split::Short;
    }
    if guard && n >= 2 && groups.iter().all(|g| matches!(g, Grp::Num { .. }) && !g.malformed()) {
        let vals: Vec<f64> = groups.iter().map(|g| if let Grp::Num { value, .. } = g { *value } else { 0.0 }).collect();
        if (vals[..n - 1].iter().sum::<f64>() - vals[n - 1]).abs() < 1e-9 {
            return Split::Short;
        }
    }
    // Most cells the groups from index i on can give.
    let mut max_from = vec![0usize; n + 1];
    for i in (0..n).rev() {
        let m = match &groups[i] {
            Grp::Num { digits: Some(d), .. } if cuttable[i] => d.len(),
            _ => 1,
        };
        max_from[i] = max_from[i + 1] + m;
    }
    if max_from[0] < width {
        return Split::Cut(Vec::new());
    }
    // Only runs that are evidently several cells (a single run, or leading zeros): spaced
    // numbers with blank cells left out would otherwise be cut digit by digit.
    let run_together = n == 1 || groups.iter().zip(&cuttable).all(|(g, &c)| !c || g.malformed());
    if max_from[0] == width && run_together {
        // As many digits as cells: one digit per cell is the only reading, whatever the row's
        // sum rule says. The document fixes it, so a broken rule is the source's problem.
        return Split::Cut(vec![forced(groups, &cuttable)]);
    }
    let mut search =
        Search { groups, cuttable: &cuttable, max_from: &max_from, width, check, steps: 0, out: Vec::new() };
    let mut cur = Vec::with_capacity(width);
    if !search.dfs(0, 0, &mut cur) {
        return Split::TooMany;
    }
    Split::Cut(search.out)
}

/// The one reading of groups whose cuttable digits are exactly the cells left: one digit each.
fn forced(groups: &[Grp], cuttable: &[bool]) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        match g {
            Grp::Num { digits: Some(d), .. } if cuttable[i] => {
                out.extend(d.chars().map(|c| Piece {
                    value: Some(f64::from(c.to_digit(10).unwrap_or(0))),
                    group: i,
                    split: false,
                    unit: Unit::None,
                }));
            }
            _ => out.push(whole(g, i)),
        }
    }
    out
}

struct Search<'a> {
    groups: &'a [Grp],
    cuttable: &'a [bool],
    max_from: &'a [usize],
    width: usize,
    check: Check<'a>,
    steps: usize,
    out: Vec<Vec<Piece>>,
}

impl Search<'_> {
    /// Returns false when the budget ran out.
    fn dfs(&mut self, gi: usize, pos: usize, cur: &mut Vec<Piece>) -> bool {
        self.steps += 1;
        if self.steps > BUDGET || self.out.len() > 64 {
            return false;
        }
        if gi == self.groups.len() {
            if cur.len() == self.width {
                let vals: Vec<Option<f64>> = cur.iter().map(|p| p.value).collect();
                if (self.check)(&vals) {
                    self.out.push(cur.clone());
                }
            }
            return true;
        }
        let g = &self.groups[gi];
        if !self.cuttable[gi] {
            if cur.len() + 1 + (self.groups.len() - gi - 1) > self.width || cur.len() + self.max_from[gi] < self.width {
                return true;
            }
            cur.push(whole(g, gi));
            let ok = self.dfs(gi + 1, 0, cur);
            cur.pop();
            return ok;
        }
        let Grp::Num { digits: Some(d), unit, .. } = g else { return true };
        let d = d.as_bytes();
        let rest_groups = self.groups.len() - gi - 1;
        // Cells still possible from this point: the rest of this group cut to single digits.
        if cur.len() + 1 + rest_groups > self.width || cur.len() + (d.len() - pos) + self.max_from[gi + 1] < self.width
        {
            return true;
        }
        let max_end = if d[pos] == b'0' { pos + 1 } else { (pos + MAX_PIECE).min(d.len()) };
        for end in pos + 1..=max_end {
            let text = std::str::from_utf8(&d[pos..end]).unwrap_or("0");
            let value = text.parse::<f64>().unwrap_or(0.0);
            let split = !(pos == 0 && end == d.len());
            let unit = if end == d.len() { *unit } else { Unit::None };
            cur.push(Piece { value: Some(value), group: gi, split, unit });
            let ok = if end == d.len() { self.dfs(gi + 1, 0, cur) } else { self.dfs(gi, end, cur) };
            cur.pop();
            if !ok {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str) -> Grp {
        Grp::Num { value: s.parse().unwrap(), digits: Some(s.to_string()), unit: Unit::None, col: None }
    }

    fn cuts(groups: &[&str], width: usize, check: Check) -> Vec<Vec<f64>> {
        let gs: Vec<Grp> = groups.iter().map(|s| g(s)).collect();
        match split_row(&gs, width, &|_| true, check, true) {
            Split::Cut(c) => c.into_iter().map(|p| p.into_iter().map(|x| x.value.unwrap()).collect()).collect(),
            Split::Direct(p) => vec![p.into_iter().map(|x| x.value.unwrap()).collect()],
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unique_cuts_by_row_sum() {
        let table: &[(&[&str], &[f64])] = &[
            (&["713000074"], &[71.0, 3.0, 0.0, 0.0, 0.0, 0.0, 74.0]),
            (&["230", "000023"], &[23.0, 0.0, 0.0, 0.0, 0.0, 0.0, 23.0]),
            (&["23", "0", "00", "0", "023"], &[23.0, 0.0, 0.0, 0.0, 0.0, 0.0, 23.0]),
            (&["370000037"], &[37.0, 0.0, 0.0, 0.0, 0.0, 0.0, 37.0]),
            (&["1000001"], &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
        ];
        for (groups, want) in table {
            assert_eq!(cuts(groups, 7, &t3_row_rule), vec![want.to_vec()], "{groups:?}");
        }
        assert_eq!(cuts(&["000000000000000"], 15, &t4_row_rule).len(), 1);
    }

    #[test]
    fn ambiguous_and_impossible_cuts() {
        // "110000011" reads 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11.
        assert_eq!(cuts(&["110000011"], 7, &t3_row_rule).len(), 2);
        assert!(cuts(&["12"], 7, &t3_row_rule).is_empty());
        assert!(cuts(&["8855698"], 3, &no_rule).len() > 1);
    }

    #[test]
    fn as_many_digits_as_cells_is_read_as_printed() {
        // "1100003" breaks the row rule (1+1 ≠ 3) yet seven digits fix seven cells.
        assert_eq!(cuts(&["1100003"], 7, &t3_row_rule), vec![vec![1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 3.0]]);
        assert_eq!(cuts(&["0", "11", "003"], 7, &t3_row_rule).len(), 0, "spaced groups are not forced");
        assert_eq!(cuts(&["00", "01003"], 7, &t3_row_rule), vec![vec![0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 3.0]]);
        let gs: Vec<Grp> = ["1100003"].iter().map(|s| g(s)).collect();
        let Split::Cut(c) = split_row(&gs, 7, &|_| true, &t3_row_rule, true) else { panic!() };
        assert!(c[0].iter().all(|p| !p.split), "a forced reading is not a guess");
    }

    #[test]
    fn short_rows_with_blanks_are_not_cut() {
        let gs: Vec<Grp> = ["821", "35", "2", "1", "859"].iter().map(|s| g(s)).collect();
        assert_eq!(split_row(&gs, 7, &|_| true, &t3_row_rule, true), Split::Short);
    }
}
