//! What a document is: its format (by the labels found), statistics year and agency.

use gongkai_core::Format;
use gongkai_core::report::PeriodStatement;

use crate::doc::Doc;

/// What [`detect`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub format: Format,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub period: Option<PeriodStatement>,
}

/// Detects format, year and agency from the content.
pub fn detect(doc: &Doc) -> Meta {
    let all: String = doc.lines.iter().map(|l| l.compact()).collect::<Vec<_>>().join("\n");
    let format =
        if ["本年制发件数", "本年处理决定数量", "申请人逾期未按收费通知要求缴纳费用"].iter().any(|m| all.contains(m))
        {
            Format::National2021
        } else if ["本年新制作数量", "上一年项目数量", "第二十条第(九)项", "本年新收政府信息公开申请数量"]
            .iter()
            .any(|m| all.contains(m))
        {
            Format::National2019
        } else if ["收到申请数", "申请答复数", "统计指标", "不同渠道和方式公开相同信息计1条"]
            .iter()
            .any(|m| all.contains(m))
        {
            Format::LegacyStats
        } else {
            Format::LegacyText
        };
    Meta { format, year: None, agency: None, period: None }
}
