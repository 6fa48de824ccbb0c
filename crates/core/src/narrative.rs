//! The prose of the annual report that staff write beside the compiled tables (报告正文): one
//! type for drafting, storing, editing, publishing and printing it.

use serde::{Deserialize, Serialize};

/// At most this many characters in one section of the prose.
pub const MAX_SECTION_CHARS: usize = 20_000;

/// The prose of an annual report, section by section (the national formats of 2019 and 2021).
/// Paragraphs are separated by line breaks; a short line such as "（一）主动公开" is printed as
/// a sub-heading. The tables are never written here: they are compiled from the records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// The untitled opening: basis, statistics period, where to read the report, contact.
    pub preamble: String,
    /// 一、总体情况
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    pub problems: String,
    /// 六、其他需要报告的事项, after the sentence on 信息处理费 (which is written from the figures).
    pub other_matters: String,
}

impl Narrative {
    /// The sections with the names people know them by, in printed order.
    pub fn sections(&self) -> [(&'static str, &str); 4] {
        [
            ("报告前言", &self.preamble),
            ("总体情况", &self.overview),
            ("存在的主要问题及改进情况", &self.problems),
            ("其他需要报告的事项", &self.other_matters),
        ]
    }

    /// The name of the first section longer than [`MAX_SECTION_CHARS`], if any.
    pub fn too_long(&self) -> Option<&'static str> {
        self.sections().into_iter().find(|(_, text)| text.chars().count() > MAX_SECTION_CHARS).map(|(name, _)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_bounded() {
        let ok = Narrative {
            overview: "（一）主动公开\n本年度主动公开文件12件。".into(), ..Narrative::default()
        };
        assert_eq!(ok.too_long(), None);
        let long = Narrative { problems: "问".repeat(MAX_SECTION_CHARS + 1), ..ok.clone() };
        assert_eq!(long.too_long(), Some("存在的主要问题及改进情况"));
        let at_limit = Narrative { problems: "问".repeat(MAX_SECTION_CHARS), ..ok };
        assert_eq!(at_limit.too_long(), None);
    }

    #[test]
    fn stored_form_is_the_field_names() {
        // Publications stored before this type moved to the core read back unchanged.
        let json = r#"{"preamble":"a","overview":"b","problems":"c","other_matters":"d"}"#;
        let n: Narrative = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), json);
    }
}
