//! The confidentiality review (保密审查) workflow: draft → reviewed → published → withdrawn,
//! each step by a different person than the one before, nobody approving their own draft.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 草稿: being written; editable.
    Draft,
    /// 已审查: passed 保密审查, waiting for publication.
    Reviewed,
    /// 已发布
    Published,
    /// 已撤回: taken down; the record and its history stay.
    Withdrawn,
}

impl Status {
    pub const ALL: &'static [Status] = &[Status::Draft, Status::Reviewed, Status::Published, Status::Withdrawn];
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Reviewed => "reviewed",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Reviewed => "已审查",
            Status::Published => "已发布",
            Status::Withdrawn => "已撤回",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
    }
}

/// What someone does to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Change the fields of a draft (or of a reviewed item, which sends it back to draft).
    Edit,
    /// 保密审查 passed, with the reviewer's opinion.
    Approve { opinion: String },
    /// 退回修改: review refused; back to draft.
    Reject { opinion: String },
    /// Publish on a date (发布日期).
    Publish { on: Date },
    /// Take down, with the reason.
    Withdraw { on: Date, reason: String },
}

impl Action {
    pub fn code(&self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Approve { .. } => "approve",
            Action::Reject { .. } => "reject",
            Action::Publish { .. } => "publish",
            Action::Withdraw { .. } => "withdraw",
        }
    }
}

/// Why a step is refused; nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("不能审查自己起草的信息（起草人：{0}），须由他人进行保密审查")]
    SelfReview(String),
    #[error("发布人不能与保密审查人相同（审查人：{0}）")]
    SameAsReviewer(String),
    #[error("当前状态为“{status}”，不能{action}")]
    NotNow { status: &'static str, action: &'static str },
    #[error("须填写{0}")]
    Missing(&'static str),
    #[error("发布日期（{on}）不能早于成文日期（{written}）")]
    BeforeWritten { on: Date, written: Date },
}

/// The workflow state of one item: its status and who did each step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub status: Status,
    pub drafted_by: String,
    pub reviewed_by: Option<String>,
    pub published_by: Option<String>,
    pub published_on: Option<Date>,
    pub withdrawn_on: Option<Date>,
    pub withdraw_reason: Option<String>,
}

impl Workflow {
    /// A new draft by `author`.
    pub fn draft(author: &str) -> Workflow {
        Workflow {
            status: Status::Draft,
            drafted_by: author.to_string(),
            reviewed_by: None,
            published_by: None,
            published_on: None,
            withdrawn_on: None,
            withdraw_reason: None,
        }
    }

    /// The state after `actor` does `action` to an item written on `written_on`, or why not.
    pub fn apply(&self, action: &Action, actor: &str, written_on: Date) -> Result<Workflow, ReviewError> {
        let not_now = |what: &'static str| ReviewError::NotNow { status: self.status.label(), action: what };
        let mut next = self.clone();
        match action {
            Action::Edit => {
                if !matches!(self.status, Status::Draft | Status::Reviewed) {
                    return Err(not_now("修改（已发布的信息须先撤回）"));
                }
                // A change after review voids the review.
                next.status = Status::Draft;
                next.reviewed_by = None;
            }
            Action::Approve { opinion } | Action::Reject { opinion } => {
                if self.status != Status::Draft {
                    return Err(not_now("审查"));
                }
                if actor == self.drafted_by {
                    return Err(ReviewError::SelfReview(self.drafted_by.clone()));
                }
                if matches!(action, Action::Reject { .. }) {
                    if opinion.trim().is_empty() {
                        return Err(ReviewError::Missing("退回理由"));
                    }
                } else {
                    next.status = Status::Reviewed;
                    next.reviewed_by = Some(actor.to_string());
                }
            }
            Action::Publish { on } => {
                if self.status != Status::Reviewed {
                    return Err(not_now("发布（须先通过保密审查）"));
                }
                if let Some(reviewer) = self.reviewed_by.as_deref().filter(|r| *r == actor) {
                    return Err(ReviewError::SameAsReviewer(reviewer.to_string()));
                }
                if *on < written_on {
                    return Err(ReviewError::BeforeWritten { on: *on, written: written_on });
                }
                next.status = Status::Published;
                next.published_by = Some(actor.to_string());
                next.published_on = Some(*on);
            }
            Action::Withdraw { on, reason } => {
                if self.status != Status::Published {
                    return Err(not_now("撤回"));
                }
                if reason.trim().is_empty() {
                    return Err(ReviewError::Missing("撤回理由"));
                }
                next.status = Status::Withdrawn;
                next.withdrawn_on = Some(*on);
                next.withdraw_reason = Some(reason.trim().to_string());
            }
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    const WRITTEN: Date = date(2024, 3, 1);

    fn at(status: Status) -> Workflow {
        let mut w = Workflow::draft("起草人");
        if status != Status::Draft {
            w = w.apply(&Action::Approve { opinion: "不涉密".into() }, "审查人", WRITTEN).unwrap();
        }
        if matches!(status, Status::Published | Status::Withdrawn) {
            w = w.apply(&Action::Publish { on: date(2024, 3, 5) }, "发布人", WRITTEN).unwrap();
        }
        if status == Status::Withdrawn {
            w = w
                .apply(&Action::Withdraw { on: date(2024, 4, 1), reason: "内容有误".into() }, "发布人", WRITTEN)
                .unwrap();
        }
        w
    }

    #[test]
    fn the_review_rules() {
        let approve = Action::Approve { opinion: "不涉密".into() };
        let reject = Action::Reject { opinion: "附件含个人信息".into() };
        let publish = Action::Publish { on: date(2024, 3, 5) };
        let withdraw = Action::Withdraw { on: date(2024, 4, 1), reason: "已被新文件替代".into() };
        let early = Action::Publish { on: date(2024, 2, 1) };
        // (state, action, actor, resulting status or the error)
        let cases: Vec<(Status, Action, &str, Result<Status, ReviewError>)> = vec![
            (Status::Draft, approve.clone(), "审查人", Ok(Status::Reviewed)),
            (Status::Draft, approve.clone(), "起草人", Err(ReviewError::SelfReview("起草人".into()))),
            (Status::Draft, reject.clone(), "起草人", Err(ReviewError::SelfReview("起草人".into()))),
            (Status::Draft, reject.clone(), "审查人", Ok(Status::Draft)),
            (Status::Draft, Action::Reject { opinion: " ".into() }, "审查人", Err(ReviewError::Missing("退回理由"))),
            (
                Status::Draft,
                publish.clone(),
                "发布人",
                Err(ReviewError::NotNow { status: "草稿", action: "发布（须先通过保密审查）" }),
            ),
            (Status::Reviewed, publish.clone(), "审查人", Err(ReviewError::SameAsReviewer("审查人".into()))),
            (Status::Reviewed, publish.clone(), "发布人", Ok(Status::Published)),
            (Status::Reviewed, publish.clone(), "起草人", Ok(Status::Published)),
            (
                Status::Reviewed,
                early,
                "发布人",
                Err(ReviewError::BeforeWritten { on: date(2024, 2, 1), written: WRITTEN }),
            ),
            (
                Status::Reviewed,
                approve.clone(),
                "另一人",
                Err(ReviewError::NotNow { status: "已审查", action: "审查" }),
            ),
            (Status::Reviewed, Action::Edit, "起草人", Ok(Status::Draft)),
            (
                Status::Published,
                Action::Edit,
                "起草人",
                Err(ReviewError::NotNow { status: "已发布", action: "修改（已发布的信息须先撤回）" }),
            ),
            (Status::Published, withdraw.clone(), "发布人", Ok(Status::Withdrawn)),
            (
                Status::Published,
                Action::Withdraw { on: date(2024, 4, 1), reason: "".into() },
                "发布人",
                Err(ReviewError::Missing("撤回理由")),
            ),
            (Status::Withdrawn, withdraw, "发布人", Err(ReviewError::NotNow { status: "已撤回", action: "撤回" })),
            (
                Status::Withdrawn,
                publish,
                "发布人",
                Err(ReviewError::NotNow { status: "已撤回", action: "发布（须先通过保密审查）" }),
            ),
        ];
        for (i, (status, action, actor, want)) in cases.into_iter().enumerate() {
            let got = at(status).apply(&action, actor, WRITTEN).map(|w| w.status);
            assert_eq!(got, want, "case {i}: {status:?} {action:?} by {actor}");
        }
    }

    #[test]
    fn editing_after_review_voids_it_and_withdrawal_keeps_who_did_what() {
        let edited = at(Status::Reviewed).apply(&Action::Edit, "起草人", WRITTEN).unwrap();
        assert_eq!(edited.reviewed_by, None);
        let w = at(Status::Withdrawn);
        assert_eq!(w.drafted_by, "起草人");
        assert_eq!(w.reviewed_by.as_deref(), Some("审查人"));
        assert_eq!(w.published_by.as_deref(), Some("发布人"));
        assert_eq!(w.published_on, Some(date(2024, 3, 5)));
        assert_eq!(w.withdraw_reason.as_deref(), Some("内容有误"));
    }
}
