//! Redaction against independent readers (issue 16): generated DOCX and XLSX files with personal
//! data planted in the body, split over runs, in tables, headers, footers, comments, sheet names,
//! numbers, notes and the document properties; after redaction LibreOffice (headless, converting
//! to text and CSV) and a plain scan of every XML part of the package find none of the planted
//! strings, while the text that was not withheld is still there. LibreOffice is required: the
//! test fails, never skips, without it (`.ci/run` installs it).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use gongkai_render::redact::{package_text, redact_docx, redact_text, redact_xlsx};

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A valid resident ID number (GB 11643: area, birth date, sequence, check character).
fn resident_id(rng: &mut Rng) -> String {
    let areas = ["110105", "310104", "440106", "510107", "370102"];
    let body = format!(
        "{}{}{:02}{:02}{:03}",
        areas[rng.below(5) as usize],
        1950 + rng.below(50),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000)
    );
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

fn mobile(rng: &mut Rng) -> String {
    format!("13{}{:08}", rng.below(10), rng.below(100_000_000))
}

/// A bank card number passing the Luhn check.
fn card(rng: &mut Rng) -> String {
    let mut digits: Vec<u32> = "622202".chars().map(|c| c.to_digit(10).unwrap()).collect();
    while digits.len() < 18 {
        digits.push(rng.below(10) as u32);
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { *d })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect()
}

fn name(rng: &mut Rng) -> String {
    let surnames = ["欧阳", "司马", "上官", "诸葛", "东方"];
    let given = ["晓明", "若曦", "子涵", "浩然", "梓萱", "一鸣"];
    format!("{}{}", surnames[rng.below(5) as usize], given[rng.below(6) as usize])
}

struct Planted {
    id: String,
    phone: String,
    card: String,
    email: String,
    person: String,
    other_person: String,
}

impl Planted {
    fn new(seed: u64) -> Planted {
        let mut rng = Rng(seed);
        Planted {
            id: resident_id(&mut rng),
            phone: mobile(&mut rng),
            card: card(&mut rng),
            email: format!("user{}@example.cn", rng.below(100_000)),
            person: name(&mut rng),
            other_person: format!("{}先生", name(&mut rng)),
        }
    }
    fn all(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.phone.clone(),
            self.card.clone(),
            self.email.clone(),
            self.person.clone(),
            self.other_person.clone(),
        ]
    }
}

/// Text that must survive.
const KEPT: [&str; 3] = ["关于老旧小区改造项目的批复", "项目总投资", "特此批复"];

fn docx(p: &Planted) -> Vec<u8> {
    use docx_rs::*;
    let body = Paragraph::new()
        .add_run(Run::new().add_text(format!("{}：申请人", KEPT[0])))
        .add_run(Run::new().add_text(p.person.clone()))
        // The ID split over three runs, as editors often store it.
        .add_run(Run::new().add_text(format!("（身份证号{}", &p.id[..6])))
        .add_run(Run::new().add_text(p.id[6..14].to_string()).bold())
        .add_run(Run::new().add_text(format!("{}）", &p.id[14..])));
    let commented = Paragraph::new()
        .add_comment_start(
            Comment::new(1)
                .author(p.other_person.clone())
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("请核对{}的银行卡", p.person)))),
        )
        .add_run(Run::new().add_text(format!("{}为3200万元，拨付至账户{}。", KEPT[1], p.card)))
        .add_comment_end(1);
    let table = Table::new(vec![TableRow::new(vec![
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("联系电话"))),
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(p.phone.clone()))),
    ])]);
    let mut out = std::io::Cursor::new(Vec::new());
    Docx::new()
        .header(
            Header::new()
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("经办人电话 {}", p.phone)))),
        )
        .footer(
            Footer::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("联系邮箱 {}", p.email)))),
        )
        .add_paragraph(body)
        .add_paragraph(commented)
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(KEPT[2])))
        .custom_property("经办人", p.person.clone())
        .build()
        .pack(&mut out)
        .unwrap();
    out.into_inner()
}

fn xlsx(p: &Planted) -> Vec<u8> {
    use rust_xlsxwriter::*;
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_author(p.person.clone()).set_company(p.other_person.clone()));
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{}名单", p.person)).unwrap();
    sheet.write_string(0, 0, KEPT[0]).unwrap();
    sheet.write_string(1, 0, p.person.clone()).unwrap();
    sheet.write_string(1, 1, p.id.clone()).unwrap();
    // A phone typed as a number.
    sheet.write_number(1, 2, p.phone.parse::<f64>().unwrap()).unwrap();
    sheet.write_string(1, 3, format!("{}：{}", KEPT[1], p.card)).unwrap();
    sheet.write_string(2, 0, KEPT[2]).unwrap();
    sheet.set_header(format!("&C联系人 {}", p.other_person));
    sheet.set_footer(format!("&C{}", p.email));
    sheet
        .insert_note(1, 1, &Note::new(format!("由{}核实", p.other_person)).set_author(p.other_person.clone()))
        .unwrap();
    book.save_to_buffer().unwrap()
}

/// Every XML part of a package as text (a plain scan: no format knowledge at all).
fn raw_parts(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut s = String::new();
        if part.read_to_string(&mut s).is_ok() {
            out.push_str(&s);
        }
    }
    out
}

fn soffice() -> &'static str {
    let found = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        found,
        "LibreOffice (soffice) is required for the redaction oracle: apt install libreoffice-writer-nogui libreoffice-calc-nogui"
    );
    "soffice"
}

/// LibreOffice's text of a document: Writer → text, Calc → CSV of every sheet.
fn libreoffice_text(bytes: &[u8], ext: &str, dir: &Path) -> String {
    let input = dir.join(format!("in.{ext}"));
    std::fs::write(&input, bytes).unwrap();
    let filter = if ext == "docx" {
        "txt:Text (encoded):UTF8".to_string()
    } else {
        // UTF-8, comma separated, every sheet to its own file (-1).
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1".to_string()
    };
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = Command::new(soffice())
        .args([profile.as_str(), "--headless", "--convert-to", &filter, "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let e = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if (e == "txt" || e == "csv") && path != input {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
            std::fs::remove_file(&path).unwrap();
        }
    }
    text
}

/// A new folder (LibreOffice's profile and the files it converts), removed with everything in it
/// when the returned guard is dropped at the end of the test (also when it fails).
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("gongkai-redact-{name}-")).tempdir().expect("a temporary folder")
}

#[test]
fn docx_and_xlsx_keep_nothing_planted_by_libreoffice_and_by_a_plain_scan() {
    for seed in [7_u64, 4242, 987_654_321] {
        let p = Planted::new(seed);
        let withhold = p.all();
        for (ext, original) in [("docx", docx(&p)), ("xlsx", xlsx(&p))] {
            let tmp = scratch(&format!("{ext}-{seed}"));
            let dir = tmp.path();
            // The originals hold what was planted, as both readers see it.
            let before = libreoffice_text(&original, ext, dir);
            assert!(before.contains(&p.phone), "{ext}: LibreOffice reads the original");
            // Each planted string is there to find: in LibreOffice's text (the split ID joined)
            // or in a part LibreOffice does not print (properties, comment authors).
            let seen = format!("{before}{}", raw_parts(&original));
            for w in &withhold {
                assert!(seen.contains(w.as_str()), "{ext}: {w} planted");
            }
            let redacted =
                if ext == "docx" { redact_docx(&original, &withhold) } else { redact_xlsx(&original, &withhold) };
            let redacted = redacted.unwrap();
            assert!(redacted.withheld >= withhold.len(), "{ext}: {} withheld", redacted.withheld);
            let after = libreoffice_text(&redacted.bytes, ext, dir);
            let raw_after = raw_parts(&redacted.bytes);
            for w in &withhold {
                assert!(!after.contains(w.as_str()), "{ext} seed {seed}: LibreOffice still reads {w}:\n{after}");
                assert!(!raw_after.contains(w.as_str()), "{ext} seed {seed}: a part still holds {w}");
            }
            for k in KEPT {
                assert!(after.contains(k), "{ext} seed {seed}: {k} must stay:\n{after}");
            }
            assert!(after.contains('■'), "{ext}: the places withheld are marked");
        }
    }
}

#[test]
fn proposals_read_the_package_text() {
    let p = Planted::new(11);
    let text = package_text(&docx(&p), true).unwrap();
    // Runs of a paragraph are read together: the split ID is one string.
    assert!(text.contains(&p.id) && text.contains(&p.phone) && text.contains(KEPT[0]), "{text}");
    let found = gongkai_core::redact::propose(&text, &Default::default());
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    for want in [&p.id, &p.phone, &p.card, &p.email] {
        assert!(texts.contains(&want.as_str()), "{want} proposed: {texts:?}");
    }
}

#[test]
fn plain_text_is_masked_character_for_character() {
    let (out, n) = redact_text("申请人张三，电话13812345678，张三签字", &["张三".into(), "13812345678".into()]);
    assert_eq!(out, "申请人■■，电话■■■■■■■■■■■，■■签字");
    assert_eq!(n, 3);
}

/// The real DOCX of `../shared/corpus` (a published annual report): what the proposals find, and
/// a phrase cut from the middle of its longest paragraph, are gone for LibreOffice; a paragraph
/// that held none of them is still there, whole.
#[test]
fn a_real_report_is_redacted_as_libreoffice_reads_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/017d.docx");
    let original = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = package_text(&original, true).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| l.chars().count() > 30).collect();
    let longest = lines.iter().max_by_key(|l| l.chars().count()).unwrap();
    let cut: String = longest.chars().skip(10).take(6).collect();
    let mut withhold: Vec<String> =
        gongkai_core::redact::propose(&text, &Default::default()).into_iter().map(|p| p.text).collect();
    withhold.push(cut.clone());
    let kept = lines.iter().find(|l| withhold.iter().all(|w| !l.contains(w.as_str()))).expect("a paragraph to keep");
    let redacted = redact_docx(&original, &withhold).unwrap();
    let tmp = scratch("real-docx");
    let dir = tmp.path();
    let before = libreoffice_text(&original, "docx", dir);
    assert!(before.contains(cut.as_str()));
    let after = libreoffice_text(&redacted.bytes, "docx", dir);
    for w in &withhold {
        assert!(!after.contains(w.as_str()), "LibreOffice still reads {w}");
    }
    assert!(after.contains(kept), "kept: {kept}");
}
