//! Web pages saved as one file (MHTML, `.mht`/`.mhtml`: a browser's "网页，单个文件", Word's
//! "单个文件网页"): the page's HTML part, its transfer encoding undone, read as a page.
//!
//! The container is a MIME message (`multipart/related`), parsed with the `mailparse` crate. The
//! HTML part is usually quoted-printable, so every byte of a Chinese page is escaped ("=E6=94=BF");
//! read as plain HTML, such a file yields nothing.

use super::RawDoc;
use super::decode::{decode_text, sniff_html_charset};
use super::html;
use crate::Error;

/// Parts walked looking for the page, bounding the work on a crafted file.
const MAX_PARTS: usize = 10_000;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let mail = mailparse::parse_mail(bytes).map_err(|e| Error::Mhtml(e.to_string()))?;
    let page = page_part(&mail).ok_or_else(|| Error::Mhtml("the file holds no HTML page".into()))?;
    let body = page.get_body_raw().map_err(|e| Error::Mhtml(e.to_string()))?;
    // The part's own charset is how browsers read it; the page's meta tag comes next.
    let declared = page.ctype.params.get("charset").cloned().or_else(|| sniff_html_charset(&body));
    Ok(html::read_str(&decode_text(&body, declared.as_deref())))
}

/// The page: the part `multipart/related` names as its start, else the first HTML part.
fn page_part<'a>(mail: &'a mailparse::ParsedMail<'a>) -> Option<&'a mailparse::ParsedMail<'a>> {
    let mut parts = Vec::new();
    let mut stack = vec![mail];
    while let Some(p) = stack.pop() {
        if parts.len() >= MAX_PARTS {
            break;
        }
        parts.push(p);
        stack.extend(p.subparts.iter().rev());
    }
    let is_html = |p: &&mailparse::ParsedMail| p.ctype.mimetype.eq_ignore_ascii_case("text/html");
    let start = mail.ctype.params.get("start").map(|s| s.trim_matches(['<', '>']));
    let named = start.and_then(|id| {
        parts.iter().copied().filter(is_html).find(|p| {
            p.headers.iter().any(|h| {
                h.get_key_ref().eq_ignore_ascii_case("Content-ID") && h.get_value().trim_matches(['<', '>', ' ']) == id
            })
        })
    });
    named.or_else(|| parts.iter().copied().find(is_html))
}

/// Whether the bytes open as a MIME message holding related parts (an MHTML file under another
/// name): a block of header lines (`Name: value`, or a folded continuation) up to the first
/// blank line, with MIME-Version and a multipart/related content type among them.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut lines = head.split('\n').map(|l| l.trim_end_matches('\r'));
    let headers: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    let header_line = |l: &&str| {
        l.starts_with([' ', '\t'])
            || l.split_once(':').is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    headers.iter().all(header_line)
        && headers.iter().any(|l| l.starts_with("mime-version:"))
        && headers.iter().any(|l| l.contains("multipart/related"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::RawBlock;

    /// An MHTML file as Internet Explorer saves a GB2312 page: quoted-printable, the charset on
    /// the part, an image part after the page.
    fn ie_page() -> Vec<u8> {
        let page = encoding_rs::GB18030.encode("<html><body><p>规章</p><table><tr><td>规章</td><td>13</td></tr><tr><td>规范性文件</td><td>60</td></tr></table></body></html>").0;
        let mut qp = String::new();
        for &b in page.iter() {
            if b.is_ascii_alphanumeric() || b"<>/ ".contains(&b) {
                qp.push(b as char);
            } else {
                qp.push_str(&format!("={b:02X}"));
            }
        }
        // Soft line breaks every 70 characters, as QP writers make them.
        let wrapped: Vec<String> = qp.as_bytes().chunks(70).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        format!(
            "From: <Saved by Windows Internet Explorer 8>\r\nSubject: report\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----=_NextPart_000\"\r\n\r\n\
             This is a multi-part message in MIME format.\r\n\r\n------=_NextPart_000\r\n\
             Content-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: http://www.example.gov.cn/a.html\r\n\r\n{}\r\n\r\n------=_NextPart_000\r\n\
             Content-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=\r\n\r\n------=_NextPart_000--\r\n",
            wrapped.join("=\r\n")
        )
        .into_bytes()
    }

    #[test]
    fn a_saved_page_reads_as_the_page() {
        assert!(looks_like(&ie_page()));
        let doc = read(&ie_page()).expect("a page");
        assert_eq!(
            doc.blocks,
            vec![
                RawBlock::Text("规章\n".into()),
                RawBlock::Table(vec![vec!["规章".into(), "13".into()], vec!["规范性文件".into(), "60".into()]]),
            ]
        );
    }

    #[test]
    fn what_is_not_a_saved_page_is_said() {
        assert!(!looks_like("一、总体情况\nMIME-Version: 1.0 multipart/related".as_bytes()));
        let no_page = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: image/gif\r\n\r\nx\r\n--b--\r\n";
        assert!(read(no_page).expect_err("no page").to_string().contains("no HTML page"));
    }
}
