//! An item as a flat record of text fields — a row of an import file or a console form — and
//! the one rule that turns it into [`ItemFields`], with Chinese messages naming the field.

use jiff::civil::Date;
use serde::Deserialize;

use super::item::{Channel, Disclosure, DocKind, Genre, ItemFields, Topic, Validity};

/// The text fields of an item, as typed. Codes or Chinese names are accepted for the kinds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemRecord {
    pub title: Option<String>,
    pub body_html: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub written_on: Option<String>,
    pub topic: Option<String>,
    pub genre: Option<String>,
    pub kind: Option<String>,
    pub disclosure: Option<String>,
    pub disclosure_reason: Option<String>,
    pub validity: Option<String>,
    pub valid_since: Option<String>,
    pub valid_until: Option<String>,
    /// Separated by 、 , ， ; or ；
    pub channels: Option<String>,
}

fn text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A date field: `None` when blank, a Chinese message when it is not YYYY-MM-DD.
pub fn date_field(what: &str, s: &Option<String>) -> Result<Option<Date>, String> {
    match text(s) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| format!("{what}“{s}”不是日期（应为 YYYY-MM-DD）")),
    }
}

impl ItemRecord {
    /// The item's fields, checked ([`ItemFields::normalize`]); `default_issuer` (the agency's
    /// name) when no 发布机构 is given.
    pub fn fields(&self, default_issuer: &str) -> Result<ItemFields, String> {
        let written_on = date_field("成文日期", &self.written_on)?.ok_or("缺少“成文日期”")?;
        let code = |s: &Option<String>, default: &str| text(s).unwrap_or_else(|| default.to_string());
        let topic = code(&self.topic, "other");
        let genre = code(&self.genre, "other");
        let kind = code(&self.kind, "other");
        let kind = DocKind::parse(&kind).ok_or_else(|| format!("未知的文件类型“{kind}”"))?;
        let disclosure = code(&self.disclosure, "proactive");
        let validity = match text(&self.validity) {
            None if kind == DocKind::Other => None,
            v => {
                let state = v.unwrap_or_else(|| "effective".into());
                let since = date_field("生效日期", &self.valid_since)?.unwrap_or(written_on);
                let until = date_field("失效日期", &self.valid_until)?;
                Some(
                    Validity::parse(&state, Some(since), until)
                        .ok_or_else(|| format!("效力“{state}”与失效日期不符"))?,
                )
            }
        };
        let channels = text(&self.channels)
            .unwrap_or_else(|| "website".into())
            .split(['、', ',', '，', ';', '；'])
            .filter(|s| !s.trim().is_empty())
            .map(|c| Channel::parse_any(c).ok_or_else(|| format!("未知的公开渠道“{}”", c.trim())))
            .collect::<Result<Vec<_>, _>>()?;
        ItemFields {
            title: text(&self.title).ok_or("缺少“标题”")?,
            body_html: self.body_html.clone().unwrap_or_default(),
            doc_number: text(&self.doc_number),
            issuer: text(&self.issuer).unwrap_or_else(|| default_issuer.to_string()),
            written_on,
            topic: Topic::parse(&topic).ok_or_else(|| format!("未知的主题分类“{topic}”"))?,
            genre: Genre::parse(&genre).ok_or_else(|| format!("未知的体裁“{genre}”"))?,
            kind,
            disclosure: Disclosure::parse(&disclosure, self.disclosure_reason.as_deref())
                .ok_or_else(|| format!("未知的公开方式“{disclosure}”"))?,
            validity,
            channels,
            attachments: Vec::new(),
        }
        .normalize()
        .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_fields_or_say_which_field_is_wrong() {
        let ok = ItemRecord {
            title: Some(" 关于印发《示例办法》的通知 ".into()),
            written_on: Some("2025-03-01".into()),
            kind: Some("normative".into()),
            channels: Some("website、gazette".into()),
            ..ItemRecord::default()
        };
        let f = ok.fields("示例市人民政府").unwrap();
        assert_eq!(f.title, "关于印发《示例办法》的通知");
        assert_eq!(f.issuer, "示例市人民政府");
        assert!(f.validity.is_some(), "a normative document is in force from its date");
        assert_eq!(f.channels.len(), 2);
        let cases = [
            (ItemRecord { title: Some("x".into()), ..ItemRecord::default() }, "缺少“成文日期”"),
            (ItemRecord { written_on: Some("2025-13-01".into()), ..ItemRecord::default() }, "不是日期"),
            (ItemRecord { written_on: Some("2025-01-01".into()), ..ItemRecord::default() }, "缺少“标题”"),
            (
                ItemRecord {
                    title: Some("x".into()),
                    written_on: Some("2025-01-01".into()),
                    kind: Some("memo".into()),
                    ..ItemRecord::default()
                },
                "未知的文件类型“memo”",
            ),
        ];
        for (r, msg) in cases {
            assert!(r.fields("机关").unwrap_err().contains(msg), "{msg}");
        }
    }
}
