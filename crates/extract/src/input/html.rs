//! HTML pages: charset, site noise, prose blocks and data tables in reading order.
//!
//! Block elements end lines; a `<table>` becomes a [`RawBlock::Table`] (one entry per
//! `<td>`/`<th>` as printed) when it looks like data, otherwise its cells are read as prose
//! (layout tables that hold a whole page, one-cell frames around the article).

use scraper::{ElementRef, Html};

use super::decode::{decode_text, sniff_html_charset};
use super::{RawBlock, RawDoc, is_data_table};

/// Deeper than this, an element's text is read flat (no line structure), bounding recursion.
const MAX_DEPTH: usize = 160;

pub fn read(bytes: &[u8]) -> RawDoc {
    let declared = sniff_html_charset(bytes);
    let text = decode_text(bytes, declared.as_deref());
    read_str(&text)
}

/// Reads an already decoded page.
pub fn read_str(text: &str) -> RawDoc {
    let doc = Html::parse_document(text);
    let mut w = Walker::default();
    w.walk(doc.root_element(), 0);
    w.finish()
}

#[derive(Default)]
struct Walker {
    blocks: Vec<RawBlock>,
    /// The prose block being built, lines separated by '\n'.
    text: String,
    /// The line being built.
    line: String,
    pending_space: bool,
    /// Inside `<pre>`: source line breaks are line breaks.
    pre: usize,
}

impl Walker {
    fn finish(mut self) -> RawDoc {
        self.flush_text();
        RawDoc { blocks: self.blocks }
    }

    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if self.pre > 0 && c == '\n' {
                self.newline();
            } else if c.is_whitespace() {
                self.pending_space = !self.line.is_empty();
            } else {
                if self.pending_space {
                    self.line.push(' ');
                    self.pending_space = false;
                }
                self.line.push(c);
            }
        }
    }

    fn newline(&mut self) {
        self.pending_space = false;
        if self.line.is_empty() {
            return;
        }
        if !is_noise_line(&self.line) {
            self.text.push_str(&self.line);
            self.text.push('\n');
        }
        self.line.clear();
    }

    fn flush_text(&mut self) {
        self.newline();
        if !self.text.is_empty() {
            self.blocks.push(RawBlock::Text(std::mem::take(&mut self.text)));
        }
    }

    fn walk(&mut self, el: ElementRef<'_>, depth: usize) {
        let name = el.value().name();
        if is_skipped_tag(name) || is_noise_element(el, name) {
            return;
        }
        if depth > MAX_DEPTH {
            for t in el.text() {
                self.push_text(t);
            }
            return;
        }
        match name {
            // A line break right after another ends an empty line: a blank line (in a table
            // copied as lines, "12<br><br>0", a blank cell).
            "br" if self.line.is_empty() && !self.pending_space => self.text.push('\n'),
            "br" => self.newline(),
            "table" => self.table(el, depth),
            // An empty paragraph (or division) stays a blank line: in a table flattened into
            // paragraphs (one cell each), it is a blank cell, which the blank lines around a
            // figure place.
            "p" | "div"
                if el.text().all(|t| t.trim().is_empty()) && el.child_elements().all(|e| e.value().name() == "br") =>
            {
                self.newline();
                self.text.push('\n');
            }
            _ => {
                let block = is_block_tag(name);
                if block {
                    self.newline();
                }
                if name == "pre" {
                    self.pre += 1;
                }
                self.children(el, depth);
                if name == "pre" {
                    self.pre -= 1;
                }
                if block {
                    self.newline();
                }
            }
        }
    }

    fn children(&mut self, el: ElementRef<'_>, depth: usize) {
        for child in el.children() {
            if let Some(t) = child.value().as_text() {
                self.push_text(t);
            } else if let Some(e) = ElementRef::wrap(child) {
                self.walk(e, depth + 1);
            }
        }
    }

    fn table(&mut self, table: ElementRef<'_>, depth: usize) {
        let rows = table_rows(table);
        let nested = rows.iter().flatten().any(|c| c.descendent_elements().any(|e| e.value().name() == "table"));
        if !nested {
            let texts: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| cell_text(*c)).collect()).collect();
            if is_data_table(&texts) {
                self.newline();
                for caption in table.child_elements().filter(|e| e.value().name() == "caption") {
                    self.walk(caption, depth + 1);
                }
                self.flush_text();
                self.blocks.push(RawBlock::Table(texts));
                return;
            }
        }
        // Layout or prose table: each cell is a block of its own, read like the page.
        self.newline();
        for child in table.child_elements().filter(|e| e.value().name() == "caption") {
            self.walk(child, depth + 1);
        }
        for row in &rows {
            for cell in row {
                self.newline();
                self.children(*cell, depth + 1);
                self.newline();
            }
        }
    }
}

/// The rows of a table (not of tables nested in it), as cell elements.
fn table_rows(table: ElementRef<'_>) -> Vec<Vec<ElementRef<'_>>> {
    let mut rows = Vec::new();
    for child in table.child_elements() {
        match child.value().name() {
            "tr" => rows.push(row_cells(child)),
            "thead" | "tbody" | "tfoot" => {
                rows.extend(child.child_elements().filter(|e| e.value().name() == "tr").map(row_cells))
            }
            _ => {}
        }
    }
    rows
}

fn row_cells(tr: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    tr.child_elements().filter(|e| matches!(e.value().name(), "td" | "th")).collect()
}

/// The text of a cell as one line: white space collapsed, line breaks (`<br>`, paragraphs)
/// joined without a break ("本年新<br>制作数量" → "本年新制作数量"), a space kept only between
/// two Latin letters or digits.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut space = false;
    let mut brk = false;
    cell_text_into(cell, &mut out, &mut space, &mut brk, 0);
    out
}

fn cell_text_into(el: ElementRef<'_>, out: &mut String, space: &mut bool, brk: &mut bool, depth: usize) {
    for child in el.children() {
        if let Some(t) = child.value().as_text() {
            for c in t.chars() {
                if c.is_whitespace() {
                    *space = !out.is_empty();
                } else {
                    let prev = out.chars().next_back();
                    let ascii_pair = prev.is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric();
                    if (*space && !*brk) || (*brk && ascii_pair) {
                        out.push(' ');
                    }
                    *space = false;
                    *brk = false;
                    out.push(c);
                }
            }
        } else if let Some(e) = ElementRef::wrap(child) {
            let name = e.value().name();
            if is_skipped_tag(name) || depth > MAX_DEPTH {
                continue;
            }
            if name == "br" || is_block_tag(name) || matches!(name, "td" | "th") {
                *brk = !out.is_empty();
            }
            cell_text_into(e, out, space, brk, depth + 1);
            if is_block_tag(name) {
                *brk = !out.is_empty();
            }
        }
    }
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "legend"
            | "hr"
            | "body"
            | "html"
    )
}

/// Elements that never hold report text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "map"
            | "audio"
            | "video"
    )
}

/// Class and id words of site chrome: navigation, share widgets, QR codes, print bars.
const NOISE_WORDS: [&str; 22] = [
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "crumb",
    "crumbs",
    "share",
    "bdshare",
    "bshare",
    "jiathis",
    "qrcode",
    "erweima",
    "ewm",
    "toolbar",
    "topbar",
    "sidebar",
    "copyright",
    "print",
    "fontsize",
    "header",
    "footer",
];

/// Site chrome by tag (`header`/`footer` outside an article), hidden style or class/id words;
/// never an element that holds a table or names the report.
fn is_noise_element(el: ElementRef<'_>, name: &str) -> bool {
    let v = el.value();
    let flagged = match name {
        "header" | "footer" => {
            !el.ancestors().filter_map(ElementRef::wrap).any(|a| matches!(a.value().name(), "article" | "main"))
        }
        _ => false,
    } || v.attr("hidden").is_some()
        || v.attr("style").is_some_and(is_hidden_style)
        || v.id().is_some_and(has_noise_word)
        || v.attr("class").is_some_and(has_noise_word);
    if !flagged {
        return false;
    }
    // Safety: chrome is short and holds no tables; the report is never dropped.
    if el.descendent_elements().any(|e| e.value().name() == "table") {
        return false;
    }
    let mut chars = 0usize;
    for t in el.text() {
        if t.contains("年度报告") || t.contains("年度報告") {
            return false;
        }
        chars += t.chars().filter(|c| !c.is_whitespace()).count();
    }
    chars < 1500
}

fn is_hidden_style(style: &str) -> bool {
    let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Whether a class/id attribute holds a noise word, as a whole word or a word prefix
/// ("main-nav", "navbar", "bdshare_t", "footer2"); split at non-letters and at camel case.
fn has_noise_word(attr: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in attr.chars() {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
        .iter()
        .any(|w| NOISE_WORDS.iter().any(|n| w == n || (n.len() >= 3 && w.starts_with(n) && w.len() <= n.len() + 3)))
}

/// Lines of site chrome that survive the element filter: QR-code prompts, browser warnings,
/// share and print bars ("【打印】【关闭】", "字体：大 中 小").
pub fn is_noise_line(line: &str) -> bool {
    let n = line.chars().count();
    if n > 60 {
        return false;
    }
    const PHRASES: [&str; 8] = [
        "扫一扫",
        "您的浏览器版本太低",
        "浏览器版本过低",
        "请升级浏览器",
        "升级您的浏览器",
        "在手机打开当前页",
        "分享到",
        "您当前的位置",
    ];
    if n <= 40 && PHRASES.iter().any(|p| line.contains(p)) {
        return true;
    }
    // Lines made only of bar words and brackets.
    const BAR_WORDS: [&str; 16] = [
        "打印本页",
        "关闭窗口",
        "打印",
        "关闭",
        "收藏",
        "返回顶部",
        "返回",
        "顶部",
        "字体",
        "字号",
        "默认",
        "分享",
        "保存",
        "大",
        "中",
        "小",
    ];
    let mut rest: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if rest.is_empty() {
        return false;
    }
    for w in BAR_WORDS {
        rest = rest.replace(w, "");
    }
    let has_bar_word = rest.chars().count() < line.chars().filter(|c| !c.is_whitespace()).count();
    has_bar_word
        && rest
            .chars()
            .all(|c| matches!(c, '【' | '】' | '[' | ']' | '(' | ')' | '（' | '）' | ':' | '：' | '|' | '/' | '·'))
        && line.chars().any(|c| !matches!(c, '大' | '中' | '小' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<RawBlock> {
        read_str(html).blocks
    }

    fn text_of(html: &str) -> String {
        blocks(html)
            .into_iter()
            .map(|b| match b {
                RawBlock::Text(t) => t,
                RawBlock::Table(rows) => rows.iter().map(|r| r.join(" | ") + "\n").collect(),
                RawBlock::Placed(lines) => lines.iter().map(|l| l.text.clone() + "\n").collect(),
            })
            .collect()
    }

    #[test]
    fn blocks_become_lines_and_noise_is_dropped() {
        let html = r#"<html><head><title>t</title><script>var a="<p>x</p>";</script><style>p{}</style></head>
            <body><div class="top-nav"><a href="/">首页</a><a>政务公开</a></div>
            <nav>导航</nav><header>网站头</header>
            <h1>2019年某某区政府信息公开工作年度报告</h1>
            <p>一、总体情况</p><p>主动公开&nbsp;13&nbsp;件，<b>依申请</b>公开<br>2件</p>
            <ul><li>第一</li><li>第二</li></ul>
            <div class="bdsharebuttonbox">分享到：</div>
            <div>扫一扫在手机打开当前页</div><p>【打印】 【关闭】</p><p>字体：大 中 小</p>
            <div id="ie-tip" style="display: none">您的浏览器版本太低</div>
            <p>您的浏览器版本太低，请升级</p>
            <noscript>请启用脚本</noscript>
            <footer>版权所有</footer></body></html>"#;
        assert_eq!(
            text_of(html),
            "2019年某某区政府信息公开工作年度报告\n一、总体情况\n主动公开 13 件，依申请公开\n2件\n第一\n第二\n"
        );
    }

    #[test]
    fn data_tables_keep_cells_as_printed() {
        let html = r#"<p>二、主动公开政府信息情况</p><table border="1"><tbody>
            <tr><td colspan="5"><p align="center">第二十条第（一）项</p></td></tr>
            <tr><td><p>信息内容</p></td><td><p>本年新<br />制作数量</p></td><td colspan="2"><p>本年新<br/>公开数量</p></td><td>对外公开总数量</td></tr>
            <tr><td><p>规章</p></td><td>13</td><td colspan="2">13</td><td>524</td></tr>
            <tr><td rowspan="2">合计</td><td>&nbsp;</td><td>1</td></tr>
            <tr><td>2</td><td>3</td></tr>
            </tbody></table><p>三、收到和处理</p>"#;
        let b = blocks(html);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0], RawBlock::Text("二、主动公开政府信息情况\n".into()));
        let RawBlock::Table(rows) = &b[1] else { panic!("{b:?}") };
        assert_eq!(rows[0], vec!["第二十条第（一）项"]);
        assert_eq!(rows[1], vec!["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]);
        assert_eq!(rows[2], vec!["规章", "13", "13", "524"]);
        assert_eq!(rows[3], vec!["合计", "", "1"]);
        assert_eq!(rows[4], vec!["2", "3"]);
        assert_eq!(b[2], RawBlock::Text("三、收到和处理\n".into()));
    }

    /// A table flattened into paragraphs, one cell each: an empty paragraph (a blank cell) is
    /// kept as a blank line.
    #[test]
    fn empty_paragraphs_stay_blank_lines() {
        let html = "<p>行政许可</p><p>5</p><p>&nbsp;</p><p></p><p>7</p><p><br></p><p>规章</p>";
        assert_eq!(blocks(html), vec![RawBlock::Text("行政许可\n5\n\n\n7\n\n规章\n".into())]);
        // The same as divisions, or as lines of one paragraph (a blank cell: one more break).
        let html = "<div>行政许可</div><div>5</div><div></div><div>7</div>";
        assert_eq!(blocks(html), vec![RawBlock::Text("行政许可\n5\n\n7\n".into())]);
        let html = "<p>行政许可<br>5<br><br>7<br>规章</p>";
        assert_eq!(blocks(html), vec![RawBlock::Text("行政许可\n5\n\n7\n规章\n".into())]);
    }

    #[test]
    fn layout_tables_do_not_swallow_prose() {
        let long = "政府信息公开工作情况说明。".repeat(30);
        let html = format!(
            r#"<table><tr><td class="left"><a>首页</a></td><td>
            <p>2019年年度报告</p><p>{long}</p>
            <table border="1"><tr><td>信息内容</td><td>本年新制作数量</td></tr><tr><td>规章</td><td>13</td></tr></table>
            <p>六、其他需要报告的事项</p></td></tr></table>
            <table><tr><td><p>一、总体情况</p><p>全文</p></td></tr></table>"#
        );
        let b = blocks(&html);
        let RawBlock::Text(first) = &b[0] else { panic!("{b:?}") };
        assert!(first.contains("2019年年度报告\n"), "{first}");
        assert!(first.contains(&format!("{long}\n")));
        assert_eq!(
            b[1],
            RawBlock::Table(vec![vec!["信息内容".into(), "本年新制作数量".into()], vec!["规章".into(), "13".into()]])
        );
        assert_eq!(b[2], RawBlock::Text("六、其他需要报告的事项\n一、总体情况\n全文\n".into()));
    }

    #[test]
    fn cell_breaks_keep_latin_words_apart() {
        let b = blocks(
            "<table><tr><td>a<br>b</td><td>12<p>34</p></td><td>本年<br>新增</td></tr><tr><td>x</td><td>1</td></tr></table>",
        );
        assert_eq!(
            b,
            vec![RawBlock::Table(vec![
                vec!["a b".into(), "12 34".into(), "本年新增".into()],
                vec!["x".into(), "1".into()]
            ])]
        );
    }

    #[test]
    fn gbk_page_with_meta_is_decoded() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>政府信息公开工作年度报告</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        assert_eq!(read(&bytes).blocks, vec![RawBlock::Text("政府信息公开工作年度报告\n".into())]);
    }

    #[test]
    fn noise_words_and_lines() {
        assert!(has_noise_word("main-nav"));
        assert!(has_noise_word("navBar"));
        assert!(has_noise_word("bdshare_t"));
        assert!(has_noise_word("mainNav"));
        assert!(!has_noise_word("content"));
        assert!(!has_noise_word("canvas-area"));
        assert!(!has_noise_word("navigationally-long-word"));
        assert!(is_noise_line("【打印本页】 【关闭窗口】"));
        assert!(is_noise_line("字号：大 中 小"));
        assert!(!is_noise_line("中"));
        assert!(!is_noise_line("（一）主动公开情况"));
        assert!(!is_noise_line("关闭政府网站3个"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(5000) + "深处的文字" + &"</div>".repeat(5000);
        assert!(text_of(&html).contains("深处的文字"));
        let html = "<table><tr><td>".repeat(500) + "1" + &"</td></tr></table>".repeat(500);
        let _ = blocks(&html);
    }
}
