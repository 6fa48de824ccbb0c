//! `gongkai report`: the annual report of an agency and year, counted from the casework
//! records and rendered in the six sections of the national format (JSON, HTML, DOCX, XLSX);
//! table 二 figures not kept as records come from a small input file (stored, audit-logged),
//! the narrative sections from an editable file whose draft `report narrative` prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::Narrative;
use gongkai_core::keys::{T3Col, T3Row, T4Group, T4Result, t3, t4};
use gongkai_core::publish::table2_keys;
use gongkai_core::report::Format;
use gongkai_core::{Figure, Report, Severity, audit, compile};
use gongkai_render::{DRAFT_MARK, draft_narrative};
use gongkai_store::{AgencyId, Store};
use serde::{Deserialize, Serialize};

use crate::db::{ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ReportCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ReportCommand {
    /// Compile an agency's annual report for a year from its applications, reviews, suits and
    /// fees, and write it as JSON, HTML, DOCX and XLSX.
    Compile(CompileArgs),
    /// Print the draft narrative (preamble, sections 一, 五, 六) as TOML to edit and pass back
    /// with `report compile --narrative FILE`.
    Narrative(NarrativeArgs),
}

#[derive(Debug, clap::Args)]
struct CompileArgs {
    /// 机关标识（如 demo）
    #[arg(long)]
    agency: String,
    /// 统计年度
    #[arg(long)]
    year: i16,
    /// 只把 gongkai-report/1 JSON 输出到标准输出（不写文件，除非同时给出 --out）
    #[arg(long)]
    json: bool,
    /// 输出目录（默认：数据目录下的 reports），写入 机关-年度.json/.html/.docx/.xlsx
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// 表二数据文件（TOML 或 JSON，键为表二数据项，如 t2.rules.issued = 3）；保存后以后编制时沿用
    #[arg(long, value_name = "FILE")]
    table2: Option<PathBuf>,
    /// 叙述部分文件（TOML 或 JSON：preamble、overview、problems、other_matters），代替自动生成的草稿
    #[arg(long, value_name = "FILE")]
    narrative: Option<PathBuf>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct NarrativeArgs {
    /// 机关标识
    #[arg(long)]
    agency: String,
    /// 统计年度
    #[arg(long)]
    year: i16,
    /// 输出 JSON（默认 TOML）
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    match args.command {
        ReportCommand::Compile(a) => compile_report(a, db),
        ReportCommand::Narrative(a) => narrative(a, db),
    }
}

/// The report of `agency` for `year` as compiled from the store (with the agency's name).
async fn compiled(store: &Store, agency: &AgencyId, year: i16) -> anyhow::Result<Report> {
    store.compiled_report(agency, year).await.context("无法编制年度报告")
}

fn compile_report(a: CompileArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let agency = AgencyId::new(&a.agency)?;
    let format = compile::format_for_year(a.year)?;
    // Read and check the input files before anything is stored.
    let table2 = a.table2.as_deref().map(|p| read_table2(p, format)).transpose()?;
    let narrative_file = a.narrative.as_deref().map(read_narrative).transpose()?;
    let report = db.with_store(async |store| -> anyhow::Result<Report> {
        if let Some(values) = &table2 {
            store.require_agency(&agency).await?;
            let actor = a.actor.actor()?;
            for (key, value) in values {
                store.set_table2(&agency, a.year, key, *value, &actor).await?;
            }
            eprintln!("已保存表二数据 {} 项（记入审计日志，以后编制时沿用）", values.len());
            // Rows the items give are counted, never typed over: say which entries won't count.
            let items = store.item_facts(&agency).await?;
            let derived = gongkai_core::publish::table2_from_items(a.year, format, &items);
            let keeps_documents = items.iter().any(|i| {
                matches!(i.kind, gongkai_core::publish::DocKind::Rule | gongkai_core::publish::DocKind::Normative)
            });
            let overridden: Vec<&str> = values
                .keys()
                .filter(|k| keeps_documents && derived.contains_key(*k))
                .filter_map(|k| table2_keys(format).iter().find(|(key, _)| key == k).map(|(_, label)| *label))
                .collect();
            if !overridden.is_empty() {
                eprintln!(
                    "提示：{} 由本机关已发布的规章、规范性文件记录统计得出，文件中的数值未采用",
                    overridden.join("、")
                );
            }
        }
        compiled(store, &agency, a.year).await
    })?;
    let narrative = match narrative_file {
        Some(file) => file.over(draft_narrative(&report)),
        None => draft_narrative(&report),
    };
    if a.json {
        println!("{}", report.to_json_line());
        if let Some(dir) = &a.out {
            for path in write_outputs(&report, &narrative, dir, &agency, a.year)? {
                eprintln!("{}", path.display());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    print_summary(&report);
    let dir = a.out.clone().unwrap_or_else(|| db.data.join("reports"));
    for path in write_outputs(&report, &narrative, &dir, &agency, a.year)? {
        println!("{}", path.display());
    }
    let missing: Vec<&str> =
        table2_keys(format).iter().filter(|(k, _)| report.get(k).is_none()).map(|(_, label)| *label).collect();
    if !missing.is_empty() {
        eprintln!("提示：表二尚缺 {} 项（{}），请用 --table2 FILE 补充", missing.len(), missing.join("、"));
    }
    if gongkai_render::narrative::is_draft(&narrative) {
        eprintln!(
            "提示：叙述部分仍有“{DRAFT_MARK}”标记。可用 gongkai report narrative --agency {} --year {} > 叙述.toml \
             取得草稿，编辑后用 --narrative 叙述.toml 重新编制",
            a.agency, a.year
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `<agency>-<year>.{json,html,docx,xlsx}` into `dir`; returns the paths.
fn write_outputs(
    report: &Report,
    narrative: &Narrative,
    dir: &Path,
    agency: &AgencyId,
    year: i16,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建输出目录 {}", dir.display()))?;
    let stem = format!("{agency}-{year}");
    let outputs: [(&str, Vec<u8>); 4] = [
        ("json", format!("{}\n", report.to_json_line()).into_bytes()),
        ("html", gongkai_render::report_html(report, narrative).into_bytes()),
        ("docx", gongkai_render::report_docx(report, narrative)),
        ("xlsx", gongkai_render::report_xlsx(report, narrative)),
    ];
    let mut paths = Vec::new();
    for (ext, bytes) in outputs {
        let path = dir.join(format!("{stem}.{ext}"));
        std::fs::write(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
        paths.push(path);
    }
    Ok(paths)
}

/// A TOML or JSON file as a JSON value: by extension, or whichever parses.
fn read_structured(path: &Path, what: &str) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("无法读取{what} {}", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let json = || serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string());
    let toml = || toml::from_str::<serde_json::Value>(text).map_err(|e| e.to_string());
    let parsed = match ext.as_deref() {
        Some("json") => json(),
        Some("toml") => toml(),
        _ => json().or_else(|_| toml()),
    };
    parsed.map_err(|e| anyhow::anyhow!("{what} {} 不是有效的 TOML 或 JSON：{e}", path.display()))
}

/// Nested tables (`t2.rules.issued = 3` in TOML, or `{"t2": {"rules": {...}}}`) as dotted keys.
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        v => out.push((prefix.to_string(), v.clone())),
    }
}

/// The table 二 input file, checked against the keys of `format` (gongkai_core::keys).
fn read_table2(path: &Path, format: Format) -> anyhow::Result<BTreeMap<String, Figure>> {
    let value = read_structured(path, "表二数据文件")?;
    if !value.is_object() {
        bail!("表二数据文件 {} 应是“数据项 = 数值”的表", path.display());
    }
    parse_table2(&value, format).map_err(|e| anyhow::anyhow!("表二数据文件 {}：{e}", path.display()))
}

fn parse_table2(value: &serde_json::Value, format: Format) -> Result<BTreeMap<String, Figure>, String> {
    let allowed = table2_keys(format);
    let mut pairs = Vec::new();
    flatten("", value, &mut pairs);
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for (key, v) in pairs {
        let Some((_, label)) = allowed.iter().find(|(k, _)| *k == key) else {
            problems.push(format!("“{key}”不是{}表二的数据项", format.label()));
            continue;
        };
        let figure = match &v {
            serde_json::Value::Number(n) if n.is_i64() => Figure::Count(n.as_i64().unwrap_or(0)),
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() && key.ends_with("_wan") => Figure::Amount(x),
                Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => Figure::Count(x as i64),
                _ => {
                    problems.push(format!("“{key}”（{label}）应为整数，不能是 {n}"));
                    continue;
                }
            },
            other => {
                problems.push(format!("“{key}”（{label}）的值应为数字，不能是 {other}"));
                continue;
            }
        };
        if figure.as_f64() < 0.0 && !key.ends_with(".delta") {
            problems.push(format!("“{key}”（{label}）不能为负数"));
            continue;
        }
        out.insert(key, figure);
    }
    if !problems.is_empty() {
        let known: Vec<String> = allowed.iter().map(|(k, l)| format!("{k}（{l}）")).collect();
        return Err(format!("{}。可用的数据项：{}", problems.join("；"), known.join("、")));
    }
    if out.is_empty() {
        return Err("没有任何数据项".into());
    }
    Ok(out)
}

/// The narrative as a file holds it; a part left out keeps its draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NarrativeFile {
    /// The untitled opening.
    #[serde(default, alias = "前言", skip_serializing_if = "Option::is_none")]
    preamble: Option<String>,
    /// 一、总体情况
    #[serde(default, alias = "总体情况", skip_serializing_if = "Option::is_none")]
    overview: Option<String>,
    /// 五、存在的主要问题及改进情况
    #[serde(default, alias = "存在的主要问题及改进情况", skip_serializing_if = "Option::is_none")]
    problems: Option<String>,
    /// 六、其他需要报告的事项 (after the sentence on fees, which is written from the figures)
    #[serde(default, alias = "其他需要报告的事项", skip_serializing_if = "Option::is_none")]
    other_matters: Option<String>,
}

impl NarrativeFile {
    fn over(self, draft: Narrative) -> Narrative {
        Narrative {
            preamble: self.preamble.unwrap_or(draft.preamble),
            overview: self.overview.unwrap_or(draft.overview),
            problems: self.problems.unwrap_or(draft.problems),
            other_matters: self.other_matters.unwrap_or(draft.other_matters),
        }
    }
}

fn read_narrative(path: &Path) -> anyhow::Result<NarrativeFile> {
    let value = read_structured(path, "叙述部分文件")?;
    serde_json::from_value(value).map_err(|e| {
        anyhow::anyhow!(
            "叙述部分文件 {} 无法识别：{e}（可用的部分：preamble 前言、overview 总体情况、problems 存在的主要问题及改进情况、\
             other_matters 其他需要报告的事项）",
            path.display()
        )
    })
}

/// The draft as TOML: one multi-line literal string per part, with the section it fills.
fn narrative_toml(n: &Narrative) -> String {
    let part = |key: &str, heading: &str, text: &str| {
        let value = if text.contains("'''") || text.ends_with('\'') {
            toml::Value::String(text.to_string()).to_string()
        } else {
            format!("'''\n{text}'''")
        };
        format!("# {heading}\n{key} = {value}\n")
    };
    [
        "# 年度报告叙述部分：编辑后用 gongkai report compile --narrative 本文件 重新编制。\n\
         # 每段一行；“（一）主动公开”这样的短行排为小标题。删去某一部分则沿用自动生成的草稿。\n\
         # 六、其他需要报告的事项中，收取信息处理费的情况由记录自动写出，此处只写其余事项。\n"
            .to_string(),
        part("preamble", "前言（标题之后、正文之前）", &n.preamble),
        part("overview", "一、总体情况", &n.overview),
        part("problems", "五、存在的主要问题及改进情况", &n.problems),
        part("other_matters", "六、其他需要报告的事项", &n.other_matters),
    ]
    .join("\n")
}

fn narrative(a: NarrativeArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let agency = AgencyId::new(&a.agency)?;
    let report = db.with_store(async |store| compiled(store, &agency, a.year).await)?;
    let draft = draft_narrative(&report);
    if a.json {
        let file = NarrativeFile {
            preamble: Some(draft.preamble),
            overview: Some(draft.overview),
            problems: Some(draft.problems),
            other_matters: Some(draft.other_matters),
        };
        println!("{}", serde_json::to_string_pretty(&file)?);
    } else {
        print!("{}", narrative_toml(&draft));
    }
    Ok(ExitCode::SUCCESS)
}

fn count(r: &Report, key: &str) -> i64 {
    r.get(key).and_then(|f| f.as_count()).unwrap_or(0)
}

/// The heading a numbered row of table 三 belongs to (“1.属于国家秘密” is under 不予公开).
fn group(row: T3Row) -> &'static str {
    match row.key().split('.').next() {
        Some("denied") => "（三）不予公开·",
        Some("unable") => "（四）无法提供·",
        Some("not_processed") => "（五）不予处理·",
        Some("other") if row != T3Row::Other => "（六）其他处理·",
        _ => "",
    }
}

fn print_summary(r: &Report) {
    let format = r.format.map(|f| f.label()).unwrap_or("");
    println!(
        "{} · {}年度政府信息公开工作年度报告（{}，由办理记录汇总）",
        r.agency.as_deref().unwrap_or(""),
        r.year.unwrap_or(0),
        format
    );
    let total = |row: T3Row| count(r, &t3(row, T3Col::Total));
    println!(
        "表三  本年新收申请 {} 件，上年结转 {} 件；本年办结 {} 件，结转下年度 {} 件",
        total(T3Row::New),
        total(T3Row::CarriedIn),
        total(T3Row::Total),
        total(T3Row::CarriedOut)
    );
    let rows: Vec<T3Row> = T3Row::NATIONAL_2021.into_iter().chain([T3Row::Other]).collect();
    for row in rows {
        if matches!(row, T3Row::New | T3Row::CarriedIn | T3Row::Total | T3Row::CarriedOut) {
            continue;
        }
        let n = total(row);
        if n > 0 && r.get(&t3(row, T3Col::Total)).is_some() {
            println!("      {}{}：{} 件", group(row), row.label(), n);
        }
    }
    let mut parts = Vec::new();
    for g in T4Group::ALL {
        parts.push(format!(
            "{} {} 件（未审结 {}）",
            g.label(),
            count(r, &t4(g, T4Result::Total)),
            count(r, &t4(g, T4Result::Pending))
        ));
    }
    println!("表四  {}", parts.join("；"));
    println!("收费  收取信息处理费 {} 件，共 {} 元", count(r, "fee.cases"), count(r, "fee.amount_yuan"));
    let findings = audit::audit(r);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    println!("自检  {} 个问题（错误 {}）", findings.len(), errors);
    for f in &findings {
        println!("      [{}] {}", f.severity.label(), f.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table2_files_take_dotted_or_nested_keys_and_refuse_unknown_ones() {
        let nested: serde_json::Value = toml::from_str("t2.rules.issued = 3\n[t2.fees]\namount_wan = 12.5\n").unwrap();
        let v = parse_table2(&nested, Format::National2021).unwrap();
        assert_eq!(v["t2.rules.issued"], Figure::Count(3));
        assert_eq!(v["t2.fees.amount_wan"], Figure::Amount(12.5));
        let flat = serde_json::json!({ "t2.rules.in_force": 40 });
        assert_eq!(parse_table2(&flat, Format::National2021).unwrap()["t2.rules.in_force"], Figure::Count(40));

        let table: [(serde_json::Value, Format, &str); 5] = [
            (serde_json::json!({ "t2.rules.bogus": 1 }), Format::National2021, "“t2.rules.bogus”不是"),
            (serde_json::json!({ "t2.rules.new_made": 1 }), Format::National2021, "不是2021年版"),
            (serde_json::json!({ "t2.rules.issued": "三" }), Format::National2021, "应为数字"),
            (serde_json::json!({ "t2.rules.issued": -1 }), Format::National2021, "不能为负数"),
            (serde_json::json!({ "t2.rules.issued": 1.5 }), Format::National2021, "应为整数"),
        ];
        for (input, format, expected) in table {
            let err = parse_table2(&input, format).unwrap_err();
            assert!(err.contains(expected), "{input}: {err}");
            assert!(err.contains("可用的数据项"), "{err}");
        }
        let delta = serde_json::json!({ "t2.licensing.delta": -2 });
        assert_eq!(parse_table2(&delta, Format::National2019).unwrap()["t2.licensing.delta"], Figure::Count(-2));
    }

    #[test]
    fn the_narrative_draft_round_trips_through_toml() {
        let report = compile::compile("示例局", 2025, &compile::Records::default()).unwrap();
        let draft = draft_narrative(&report);
        let text = narrative_toml(&draft);
        let back: NarrativeFile = toml::from_str(&text).unwrap();
        assert_eq!(back.over(Narrative::default()), draft);
        let partial: NarrativeFile =
            toml::from_str("overview = \"（一）主动公开\\n本年度主动公开文件12件。\"").unwrap();
        let n = partial.over(draft.clone());
        assert_eq!(n.problems, draft.problems);
        assert!(n.overview.starts_with("（一）"));
        assert!(toml::from_str::<NarrativeFile>("summary = \"x\"").is_err(), "unknown parts are refused");
        let chinese: NarrativeFile = toml::from_str("\"存在的主要问题及改进情况\" = \"无。\"").unwrap();
        assert_eq!(chinese.problems.as_deref(), Some("无。"));
    }
}
