//! PDF redaction against an independent reader (issue 16): PDFs made by LibreOffice from a DOCX
//! with personal data planted in the body, split over runs, in a table, a header and a footer;
//! after redaction `pdftotext` (poppler) finds none of the planted strings and still finds the
//! text that was not withheld. Also the real PDF of `../shared/corpus`. Both tools are required:
//! the test fails, never skips, without them.

use std::path::Path;
use std::process::Command;

use gongkai_extract::input::pdf_redact::{PdfRedactError, pdf_text, redact_pdf};

/// A new folder (LibreOffice's profile and the files it converts), removed with everything in it
/// when the returned guard is dropped at the end of the test (also when it fails).
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("gongkai-pdf-redact-{name}-")).tempdir().expect("a temporary folder")
}

fn pdftotext(bytes: &[u8], dir: &Path) -> String {
    let input = dir.join("x.pdf");
    std::fs::write(&input, bytes).unwrap();
    let out = Command::new("pdftotext").arg(&input).arg("-").output().expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PDF of `docx`, printed by LibreOffice.
fn to_pdf(docx: &[u8], dir: &Path) -> Vec<u8> {
    let input = dir.join("in.docx");
    std::fs::write(&input, docx).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .expect("LibreOffice (soffice) is required");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(dir.join("in.pdf")).unwrap()
}

fn pdfinfo(bytes: &[u8], dir: &Path) -> String {
    let input = dir.join("info.pdf");
    std::fs::write(&input, bytes).unwrap();
    let out = Command::new("pdfinfo").arg(&input).output().expect("pdfinfo (poppler-utils) is required");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

/// The PDF with an /Info dictionary (author, title) and a note annotation on page 1 naming `who`.
fn with_metadata_and_note(pdf: &[u8], who: &str) -> Vec<u8> {
    use lopdf::{Dictionary, Object, StringFormat};
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut info = Dictionary::new();
    info.set("Author", Object::String(utf16(who), StringFormat::Hexadecimal));
    info.set("Title", Object::String(utf16(&format!("{who}的申请材料")), StringFormat::Hexadecimal));
    let info = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info));
    let mut note = Dictionary::new();
    note.set("Type", Object::Name(b"Annot".to_vec()));
    note.set("Subtype", Object::Name(b"Text".to_vec()));
    note.set("Rect", Object::Array(vec![10.into(), 10.into(), 30.into(), 30.into()]));
    note.set("Contents", Object::String(utf16(&format!("请核对{who}的身份证明")), StringFormat::Hexadecimal));
    let note = doc.add_object(note);
    let page = *doc.get_pages().values().next().unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page) {
        d.set("Annots", Object::Array(vec![Object::Reference(note)]));
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Every string object of a PDF (decoded from UTF-16 where marked), joined: metadata,
/// annotations, form fields.
fn all_strings(pdf: &[u8]) -> String {
    fn walk(o: &lopdf::Object, out: &mut String) {
        match o {
            lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
                let units: Vec<u16> =
                    b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
                out.push_str(&String::from_utf16_lossy(&units));
            }
            lopdf::Object::String(b, _) => out.push_str(&String::from_utf8_lossy(b)),
            lopdf::Object::Array(a) => a.iter().for_each(|o| walk(o, out)),
            lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| walk(o, out)),
            lopdf::Object::Stream(s) => s.dict.iter().for_each(|(_, o)| walk(o, out)),
            _ => {}
        }
    }
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = String::new();
    for o in doc.objects.values() {
        walk(o, &mut out);
    }
    walk(&lopdf::Object::Dictionary(doc.trailer.clone()), &mut out);
    out
}

const KEPT: [&str; 2] = ["关于老旧小区改造项目的批复", "特此批复"];

fn docx(id: &str, phone: &str, person: &str, email: &str) -> Vec<u8> {
    use docx_rs::*;
    let mut out = std::io::Cursor::new(Vec::new());
    Docx::new()
        .header(
            Header::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("经办人电话 {phone}")))),
        )
        .footer(Footer::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("联系邮箱 {email}")))))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(KEPT[0])))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("申请人{person}（身份证号{}", &id[..8])))
                .add_run(Run::new().add_text(format!("{}）", &id[8..])).bold()),
        )
        .add_table(Table::new(vec![TableRow::new(vec![
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("联系电话"))),
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(phone))),
        ])]))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(KEPT[1])))
        .build()
        .pack(&mut out)
        .unwrap();
    out.into_inner()
}

#[test]
fn pdftotext_reads_nothing_withheld_and_everything_kept() {
    let cases = [
        ("11010519491231002X", "13812345678", "欧阳晓明", "ouyang@example.cn"),
        ("310104198001010017", "13900001111", "司马若曦", "sima2024@example.cn"),
    ];
    for (n, (id, phone, person, email)) in cases.into_iter().enumerate() {
        let tmp = scratch(&format!("gen{n}"));
        let dir = tmp.path();
        let pdf = to_pdf(&docx(id, phone, person, email), dir);
        let before = pdftotext(&pdf, dir);
        for planted in [id, phone, person, email] {
            assert!(before.contains(planted), "the original shows {planted}:\n{before}");
        }
        // What the proposals find in the PDF's own text, and the name the case knows.
        let text = pdf_text(&pdf).unwrap();
        let known = gongkai_core::redact::Known { names: vec![person.into()], ..Default::default() };
        let withhold: Vec<String> = gongkai_core::redact::propose(&text, &known).into_iter().map(|p| p.text).collect();
        for planted in [id, phone, person, email] {
            assert!(withhold.iter().any(|w| w == planted), "{planted} proposed: {withhold:?}");
        }
        // Metadata and an annotation naming the person, as a clerk's PDF tool leaves them.
        let pdf = with_metadata_and_note(&pdf, person);
        assert!(pdfinfo(&pdf, dir).contains(person), "planted in the metadata");
        let redacted = redact_pdf(&pdf, &withhold).unwrap();
        assert!(redacted.withheld >= 5, "{}", redacted.withheld);
        assert!(!pdfinfo(&redacted.bytes, dir).contains(person), "metadata gone");
        assert!(!all_strings(&redacted.bytes).contains(person), "no string of the file names them");
        let after = pdftotext(&redacted.bytes, dir);
        if let Ok(keep) = std::env::var("GONGKAI_KEEP_REDACTED") {
            std::fs::write(format!("{keep}/redacted-{n}.pdf"), &redacted.bytes).unwrap();
        }
        for planted in [id, phone, person, email] {
            assert!(!after.contains(planted), "pdftotext still reads {planted}:\n{after}");
        }
        for k in KEPT {
            assert!(after.contains(k), "{k} kept:\n{after}");
        }
    }
}

#[test]
fn the_real_pdf_is_redacted_for_pdftotext() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/017p.pdf");
    let pdf = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = pdf_text(&pdf).unwrap();
    let longest = text.lines().max_by_key(|l| l.chars().count()).unwrap();
    let cut: String = longest.chars().filter(|c| !c.is_whitespace()).skip(4).take(5).collect();
    let withhold = vec![cut.clone()];
    let tmp = scratch("real");
    let dir = tmp.path();
    let before: String = pdftotext(&pdf, dir).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(before.contains(&cut), "pdftotext reads {cut} in the original");
    let redacted = redact_pdf(&pdf, &withhold).unwrap();
    let after: String = pdftotext(&redacted.bytes, dir).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(!after.contains(&cut), "pdftotext still reads {cut}");
    assert!(after.len() > before.len() / 2, "the rest is still there");
}

#[test]
fn a_pdf_without_text_is_refused() {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    assert_eq!(redact_pdf(&pdf, &["张三".into()]).unwrap_err(), PdfRedactError::NoText);
}

/// A PDF printed by Chromium (its text in Type 3 fonts read through their ToUnicode maps; made
/// by `page.pdf()` from three lines of HTML, kept as a fixture): redacted for pdftotext too.
#[test]
fn a_chromium_pdf_is_redacted_for_pdftotext() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chromium-type3.pdf");
    let pdf = std::fs::read(&path).unwrap();
    let text = pdf_text(&pdf).unwrap();
    assert!(text.contains("11010519491231002X") && text.contains("项目总投资3200万元"), "{text}");
    let withhold: Vec<String> =
        gongkai_core::redact::propose(&text, &Default::default()).into_iter().map(|p| p.text).collect();
    assert_eq!(withhold, ["13812345678", "11010519491231002X"]);
    let redacted = redact_pdf(&pdf, &withhold).unwrap();
    let tmp = scratch("chromium");
    let dir = tmp.path();
    if let Ok(keep) = std::env::var("GONGKAI_KEEP_REDACTED") {
        std::fs::write(format!("{keep}/redacted-chromium.pdf"), &redacted.bytes).unwrap();
    }
    let after = pdftotext(&redacted.bytes, dir);
    assert!(!after.contains("11010519491231002X") && !after.contains("13812345678"), "{after}");
    assert!(after.contains("项目总投资3200万元") && after.contains("关于老旧小区改造项目资金安排的批复"), "{after}");
}
