//! XLSX of a supervised subtree: one row per agency and year with every value key, the
//! indicators (with how each is computed, on a second sheet) and the findings.

use gongkai_core::keys;
use gongkai_core::supervise::indicators::METHODS;
use gongkai_core::supervise::{Indicators, Punctuality};
use std::collections::BTreeMap;

use gongkai_core::Figure;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One agency's year as the sheet shows it.
#[derive(Debug, Clone)]
pub struct SubtreeRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// 层级 label, empty when unknown.
    pub level: &'a str,
    pub year: i32,
    /// Where the figures come from (平台编制 / 文件识别 / 人工更正 …), or 未报送 when missing.
    pub origin: &'a str,
    /// The report's figures (`None` when missing).
    pub values: Option<&'a BTreeMap<String, Figure>>,
    /// Its findings as people read them.
    pub findings: &'a [String],
    /// 办理时效 of its answers on this platform in the year, when it answered any here.
    pub punctuality: Option<Punctuality>,
}

/// The workbook: sheet 汇总明细 (rows) and sheet 指标说明 (how each indicator is computed).
pub fn subtree_xlsx(rows: &[SubtreeRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_font_name("黑体");
    let keys = keys::all_keys();
    let ws = wb.add_worksheet().set_name("汇总明细")?;
    let mut header: Vec<String> = [
        "机构代码",
        "机构名称",
        "层级",
        "年度",
        "数据来源",
        "申请数",
        "办结数",
        "公开率",
        "复议纠错率",
        "诉讼纠错率",
        "按期答复率（本平台）",
        "平均办理工作日（本平台）",
        "问题数",
        "问题",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(keys.iter().map(|k| keys::label(k)));
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head)?;
    }
    ws.set_freeze_panes(1, 2)?;
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, row.code)?;
        ws.write_string(r, 1, row.name)?;
        ws.write_string(r, 2, row.level)?;
        ws.write_number(r, 3, f64::from(row.year))?;
        ws.write_string(r, 4, row.origin)?;
        // Casework on the platform counts whether or not a report was filed.
        if let Some(p) = row.punctuality {
            if let Some(v) = p.on_time_rate().and_then(|x| x.value()) {
                ws.write_number(r, 10, (v * 1000.0).round() / 1000.0)?;
            }
            if let Some(d) = p.average_days() {
                ws.write_number(r, 11, (d * 10.0).round() / 10.0)?;
            }
        }
        let Some(values) = row.values else { continue };
        let ind = Indicators::of_values(values);
        let mut c = 5u16;
        for n in [ind.applications, ind.concluded] {
            if let Some(n) = n {
                ws.write_number(r, c, n as f64)?;
            }
            c += 1;
        }
        for ratio in [ind.disclosure_rate, ind.review_correction_rate, ind.suit_correction_rate] {
            if let Some(v) = ratio.and_then(|x| x.value()) {
                ws.write_number(r, c, (v * 1000.0).round() / 1000.0)?;
            }
            c += 1;
        }
        c += 2; // 办理时效, written above
        ws.write_number(r, c, row.findings.len() as f64)?;
        ws.write_string(r, c + 1, row.findings.join("\n"))?;
        let base = c + 2;
        for (j, k) in keys.iter().enumerate() {
            match values.get(k).copied() {
                Some(Figure::Count(n)) => ws.write_number(r, base + j as u16, n as f64)?,
                Some(Figure::Amount(x)) => ws.write_number(r, base + j as u16, x)?,
                None => continue,
            };
        }
    }
    let notes = wb.add_worksheet().set_name("指标说明")?;
    notes.write_string_with_format(0, 0, "指标", &head)?;
    notes.write_string_with_format(0, 1, "计算方法", &head)?;
    for (i, (_, how)) in METHODS.iter().enumerate() {
        let (name, rest) = how.split_once(" = ").unwrap_or((how, ""));
        notes.write_string(i as u32 + 1, 0, name)?;
        notes.write_string(i as u32 + 1, 1, rest)?;
    }
    notes.set_column_width(1, 80)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_holds_names_figures_and_methods() {
        let values = BTreeMap::from([("t3.new.total".to_string(), Figure::Count(7))]);
        let findings = vec!["[原文问题·错误] 表三总计不符".to_string()];
        let rows = [
            SubtreeRow {
                code: "edu",
                name: "某市教育局",
                level: "市",
                year: 2023,
                origin: "文件识别",
                values: Some(&values),
                findings: &findings,
                punctuality: Some(Punctuality { answered: 4, on_time: 3, working_days: 30 }),
            },
            SubtreeRow {
                code: "x",
                name: "甲县人民政府",
                level: "县",
                year: 2023,
                origin: "未报送",
                values: None,
                findings: &[],
                punctuality: None,
            },
        ];
        let bytes = subtree_xlsx(&rows).unwrap();
        assert!(bytes.starts_with(b"PK"));
        // The shared strings of the workbook hold every name written.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
        for s in [
            "某市教育局",
            "甲县人民政府",
            "未报送",
            "公开率",
            "（予以公开 + 部分公开）÷ 办结数",
            "表三总计不符",
            "按期答复率（本平台）",
            "在答复期限内答复的件数",
        ] {
            assert!(strings.contains(s), "{s}");
        }
    }
}
