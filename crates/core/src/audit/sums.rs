//! The sum check shared by the balance rules, with the "blank is not stated" semantics.

use super::{Ctx, fmt_num, same};

/// What comparing a stated total with its stated parts gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SumCheck {
    /// Neither the total nor any part is stated, or only zeros on one side.
    Empty,
    /// The total equals the sum (blank parts read as 0).
    Holds,
    /// The total and the sum of the parts differ.
    Broken { total: f64, sum: f64 },
    /// Parts with a non-zero sum, but the total is blank.
    NoTotal { sum: f64 },
    /// A non-zero total, but every part is blank.
    NoParts { total: f64 },
}

/// Compares `total` with the sum of `parts`. Blank parts count as 0 only when the total and at
/// least one part are stated; otherwise nothing can be verified.
pub(crate) fn check_sum<S: AsRef<str>>(ctx: &Ctx, total: &str, parts: &[S]) -> SumCheck {
    let t = ctx.num(total);
    let mut any_part = false;
    let mut sum = 0.0;
    for p in parts {
        if let Some(v) = ctx.num(p.as_ref()) {
            any_part = true;
            sum += v;
        }
    }
    match (t, any_part) {
        (None, false) => SumCheck::Empty,
        (None, true) if sum == 0.0 => SumCheck::Empty,
        (None, true) => SumCheck::NoTotal { sum },
        (Some(0.0), false) => SumCheck::Empty,
        (Some(t), false) => SumCheck::NoParts { total: t },
        (Some(t), true) if same(t, sum) => SumCheck::Holds,
        (Some(t), true) => SumCheck::Broken { total: t, sum },
    }
}

/// The stated sum of `keys` (blank as 0) and whether any is stated.
pub(crate) fn stated_sum<S: AsRef<str>>(ctx: &Ctx, keys: &[S]) -> (f64, bool) {
    let mut any = false;
    let mut sum = 0.0;
    for k in keys {
        if let Some(v) = ctx.num(k.as_ref()) {
            any = true;
            sum += v;
        }
    }
    (sum, any)
}

/// "自然人821＋商业企业35＝856件": the stated non-zero parts with their labels and the sum.
/// Zero and blank parts are left out; "0" when nothing is left.
pub(crate) fn terms<S: AsRef<str>>(ctx: &Ctx, parts: &[S], label: impl Fn(&str) -> String, unit: &str) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter_map(|p| {
            let p = p.as_ref();
            ctx.num(p).filter(|v| *v != 0.0).map(|v| format!("{}{}", label(p), fmt_num(v)))
        })
        .collect();
    let (sum, _) = stated_sum(ctx, parts);
    match shown.len() {
        0 => "各项均为0或空白".to_string(),
        1 if parts.len() > 1 => format!("{}{unit}（其余各项为0或空白）", shown[0]),
        1 => format!("{}{unit}", shown[0]),
        _ => format!("{}＝{}{unit}", shown.join("＋"), fmt_num(sum)),
    }
}

/// The keys of `keys` that are stated.
pub(crate) fn stated<S: AsRef<str>>(ctx: &Ctx, keys: &[S]) -> Vec<String> {
    keys.iter().map(AsRef::as_ref).filter(|k| ctx.has(k)).map(str::to_string).collect()
}
