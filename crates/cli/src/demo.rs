//! `gongkai demo`: loads a realistic, deterministic demonstration data set: three agencies and,
//! for the previous and the current year (up to today), a few hundred applications across every
//! outcome, with confirmations, 补正, consultations, extensions, fees, carry-overs across the
//! year boundary, reviews, suits and table 二 inputs. Refuses to load twice (changes nothing).

use std::process::ExitCode;

use gongkai_core::calendar::{Calendar, DeadlineRequest};
use gongkai_core::case::fee::{FeeBasis, fee_yuan};
use gongkai_core::case::review::{RemedyKind, RemedyResult};
use gongkai_core::case::{
    ApplicantKind, Channel, Consulted, DenialReason, Event, NotProcessedReason, OtherDisposition, Outcome, UnableReason,
};
use gongkai_core::{Figure, compile};
use gongkai_store::{Actor, AgencyId, Applicant, BulkApplication, NewApplication, Store, resident_id_check};
use jiff::ToSpan;
use jiff::civil::Date;

use crate::db::{self, ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 以此日期为“今天”生成数据（默认今天；同一日期生成的数据完全相同）
    #[arg(long)]
    today: Option<Date>,
    /// 主机关每年的申请件数
    #[arg(long, default_value_t = 160)]
    per_year: u32,
    #[command(flatten)]
    actor: ActorArg,
}

/// The demonstration agencies: id, name, share of `per_year`, seed.
const AGENCIES: [(&str, &str, u32, u64); 3] = [
    ("demo", "示例市人民政府办公室", 100, 1),
    ("demo-housing", "示例市住房和城乡建设局", 40, 2),
    ("demo-finance", "示例市财政局", 20, 3),
];

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    let options = DemoOptions {
        today: args.today.unwrap_or_else(db::today),
        per_year: args.per_year,
        actor: args.actor.actor()?,
    };
    let summary = db.with_store(async |store| load_demo_with(store, &options).await)?;
    if summary.already_loaded {
        eprintln!("演示数据已经加载过（机关 demo 已存在），本次未做任何更改。如需重新加载，请使用新的 --data 目录。");
        return Ok(ExitCode::SUCCESS);
    }
    for a in &summary.agencies {
        println!("{}（{}）：{} 件申请，{} 件复议诉讼", a.name, a.id, a.applications, a.remedies);
    }
    println!(
        "演示数据已加载（以 {} 为今天）。试试：gongkai report compile --agency demo --year {}",
        options.today,
        options.today.year() - 1
    );
    Ok(ExitCode::SUCCESS)
}

/// What to generate: "today" (the data only depends on it and `per_year`), the size, and who
/// is recorded in the audit log.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub today: Date,
    pub per_year: u32,
    pub actor: Actor,
}

impl DemoOptions {
    /// The defaults of `gongkai demo`: 160 applications a year for the main agency, actor `demo`.
    pub fn new(today: Date) -> DemoOptions {
        DemoOptions { today, per_year: 160, actor: Actor::new("demo").expect("a valid actor name") }
    }
}

/// What [`load_demo`] did.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    /// The demo agency existed already: nothing was changed.
    pub already_loaded: bool,
    pub agencies: Vec<DemoAgency>,
}

/// One demonstration agency as loaded.
#[derive(Debug, Clone)]
pub struct DemoAgency {
    pub id: AgencyId,
    pub name: &'static str,
    pub applications: usize,
    pub remedies: usize,
}

/// Loads the demonstration data set with the defaults of `gongkai demo` (for `gongkai serve
/// --demo` and tests). Idempotent: when the demo agency exists, nothing changes.
pub async fn load_demo(store: &Store, today: Date) -> anyhow::Result<DemoSummary> {
    load_demo_with(store, &DemoOptions::new(today)).await
}

/// [`load_demo`] with explicit options.
pub async fn load_demo_with(store: &Store, options: &DemoOptions) -> anyhow::Result<DemoSummary> {
    let DemoOptions { today, per_year, ref actor } = *options;
    let main = AgencyId::new("demo")?;
    if store.agency(&main).await?.is_some() {
        return Ok(DemoSummary { already_loaded: true, agencies: Vec::new() });
    }
    let calendar = store.calendar().await?;
    let year = today.year();
    let mut summary = DemoSummary::default();
    for (id, name, share, seed) in AGENCIES {
        let agency = AgencyId::new(id)?;
        store.create_agency(&agency, name, actor).await?;
        let n = (per_year * share / 100).max(8);
        let mut generator = Generator {
            rng: Rng::new(seed ^ ((year as u64) << 16)),
            calendar: &calendar,
            today,
            agency: agency.clone(),
        };
        let mut cases = Vec::new();
        // A few from December two years ago, so last year has carried-in applications too.
        for _ in 0..(n / 20).max(2) {
            cases.push(generator.case(Date::new(year - 2, 12, 10)?, Date::new(year - 2, 12, 31)?, None));
        }
        for y in [year - 1, year] {
            let first = Date::new(y, 1, 2)?;
            let last = Date::new(y, 12, 31)?.min(today);
            if last < first {
                continue;
            }
            for i in 0..n as usize {
                // The first applications of the main agency cover every outcome, early in the year.
                let forced = (id == "demo").then(|| Outcome::all().get(i).copied()).flatten();
                let last = if forced.is_some() { (first + 200.days()).min(last) } else { last };
                cases.push(generator.case(first, last, forced));
            }
        }
        let apps: Vec<BulkApplication> = cases.iter().map(|c| c.app.clone()).collect();
        let registered = store.bulk_insert(&apps, actor, "demo").await?;
        for (reg, case) in registered.iter().zip(&cases) {
            for r in &case.remedies {
                let remedy = store.file_remedy(reg.id, r.kind, r.filed_on, actor).await?;
                if let Some((on, result)) = r.result {
                    store.conclude_remedy(remedy, on, result, actor).await?;
                }
            }
        }
        for y in [year - 1, year] {
            if compile::format_for_year(y).ok() == Some(gongkai_core::Format::National2021) {
                for (key, value) in table2(&mut generator.rng, share) {
                    store.set_table2(&agency, y, key, value, actor).await?;
                }
            }
        }
        let remedies: usize = cases.iter().map(|c| c.remedies.len()).sum();
        // Last year's report is published, as an agency does by 31 January (Art. 49).
        let report = store.compiled_report(&agency, year - 1).await?;
        let narrative = demo_narrative(&gongkai_render::draft_narrative(&report), name);
        let json = serde_json::to_string(&report)?;
        store.publish_report(&agency, i32::from(year - 1), &json, &narrative, actor).await?;
        summary.agencies.push(DemoAgency { id: agency, name, applications: registered.len(), remedies });
    }
    crate::items::load_demo_items(store, today, actor).await?;
    Ok(summary)
}

/// The prose of a demo report: the draft with each request to write replaced by a plausible
/// sentence (the sentences written from the figures are kept).
fn demo_narrative(draft: &gongkai_core::Narrative, agency: &str) -> gongkai_core::Narrative {
    use gongkai_render::narrative::DRAFT_MARK;
    let written = |text: &str| -> String {
        text.lines()
            .map(|line| {
                if !line.contains(DRAFT_MARK) {
                    return line.to_string();
                }
                let pick = [
                    ("发布网址", format!("本报告电子版可在示例市人民政府门户网站“政府信息公开”专栏查阅。如对本报告有疑问，请与{agency}办公室联系（地址：示例市人民路1号，邮编：100000，电话：0000-12345678）。")),
                    ("主动公开", "本年度依托政府门户网站和政务新媒体主动公开政府信息，重点公开政策文件、财政预决算和重点项目信息。".to_string()),
                    ("依申请公开", "严格按照《条例》规定的期限和程序办理政府信息公开申请，答复书均载明依据、理由和救济途径。".to_string()),
                    ("政府信息管理", "落实公开前保密审查，定期清理和更新政府信息公开目录。".to_string()),
                    ("平台建设", "完善政府信息公开专栏和依申请公开网上办理平台，申请人可在网上提交申请、查询进度。".to_string()),
                    ("监督保障", "将政府信息公开工作纳入年度绩效考核，本年度未发生责任追究情况。".to_string()),
                    ("主要问题", "存在的主要问题是部分答复书说理不够充分。下一步将加强业务培训，规范答复文书。".to_string()),
                ];
                pick.into_iter().find(|(k, _)| line.contains(k)).map(|(_, t)| t).unwrap_or_else(|| "无。".to_string())
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    gongkai_core::Narrative {
        preamble: written(&draft.preamble),
        overview: written(&draft.overview),
        problems: written(&draft.problems),
        other_matters: written(&draft.other_matters),
    }
}

/// Table 二 (2021 format) figures of a plausible size.
fn table2(rng: &mut Rng, share: u32) -> Vec<(&'static str, Figure)> {
    let scale = u64::from(share.max(10));
    let mut n = |lo: u64, hi: u64| Figure::Count((lo + rng.below((hi - lo) * scale / 100 + 1)) as i64);
    vec![
        ("t2.rules.issued", n(0, 4)),
        ("t2.rules.abolished", n(0, 2)),
        ("t2.rules.in_force", n(20, 60)),
        ("t2.normative.issued", n(5, 30)),
        ("t2.normative.abolished", n(0, 10)),
        ("t2.normative.in_force", n(80, 300)),
        ("t2.licensing.decisions", n(100, 5000)),
        ("t2.penalty.decisions", n(10, 800)),
        ("t2.coercion.decisions", n(0, 50)),
        ("t2.fees.amount_wan", Figure::Amount((rng.below(50_000) as f64) / 100.0)),
    ]
}

/// splitmix64: small, fast, and the same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total);
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[0].0
    }
}

struct PlannedRemedy {
    kind: RemedyKind,
    filed_on: Date,
    result: Option<(Date, RemedyResult)>,
}

struct Case {
    app: BulkApplication,
    remedies: Vec<PlannedRemedy>,
}

struct Generator<'a> {
    rng: Rng,
    calendar: &'a Calendar,
    today: Date,
    agency: AgencyId,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "秀英", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "建国", "志强", "海燕", "子涵", "浩然",
];
const REGIONS: &[&str] = &["110101", "110105", "310104", "320102", "330106", "420106", "440305", "510107"];
const DISTRICTS: &[&str] = &["东城区", "西城区", "高新区", "滨江区", "经开区"];
const STREETS: &[&str] = &["人民路", "解放大道", "建设街", "和平里", "新华路", "长江路"];
const DELIVERY: &[&str] = &["电子邮件", "邮寄纸质文本", "当面领取", "网上获取"];
const ITEMS: &[&str] = &[
    "2024年度老旧小区改造项目清单及资金安排",
    "某路段道路拓宽工程的征收补偿安置方案",
    "本市2024年财政预算执行情况及决算报告",
    "某地块国有土地使用权出让合同",
    "关于某小区规划调整的批复文件",
    "某建设项目环境影响评价审批文件",
    "本市公共租赁住房分配名单及评分标准",
    "某企业行政处罚决定书",
    "某街道拆迁项目房屋评估报告",
    "市政府常务会议关于某事项的会议纪要",
    "某学校新建项目的立项批复",
    "本人房屋征收补偿协议及相关审批材料",
    "某河道综合整治工程招投标文件",
    "2024年度政府采购项目目录",
    "某行政许可事项的办理流程及结果",
    "最低生活保障对象名单及发放标准",
    "某路口交通信号灯设置的论证材料",
    "城市更新专项资金使用情况",
];
const ORGS: &[(ApplicantKind, &[&str])] = &[
    (ApplicantKind::Commercial, &["示例市宏达建设工程有限公司", "示例市新城置业有限公司", "示例市恒信商贸有限公司"]),
    (ApplicantKind::Research, &["示例大学公共管理学院", "示例市社会科学院"]),
    (ApplicantKind::PublicInterest, &["示例市绿色家园环保促进会", "示例市消费者权益保护协会"]),
    (ApplicantKind::LegalService, &["示例市正义律师事务所", "示例市明理律师事务所"]),
    (ApplicantKind::OtherOrg, &["示例市某社区居民委员会", "示例市某小区业主委员会"]),
];

/// The `n`-th working day after `d`.
fn add_working(calendar: &Calendar, mut d: Date, n: i64) -> Date {
    let mut left = n.max(0);
    while left > 0 {
        d = d.tomorrow().expect("dates stay in range");
        if calendar.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// `d` plus `n` days.
fn plus(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).expect("dates stay in range")
}

impl Generator<'_> {
    fn working(&self, d: Date) -> bool {
        self.calendar.is_working_day(d)
    }

    fn applicant(&mut self) -> Applicant {
        use ApplicantKind as K;
        let kind = self.rng.weighted(&[
            (K::Natural, 72),
            (K::Commercial, 10),
            (K::Research, 3),
            (K::PublicInterest, 3),
            (K::LegalService, 7),
            (K::OtherOrg, 5),
        ]);
        let phone = format!("1{}{:09}", self.rng.pick(&["3", "5", "8"]), self.rng.below(1_000_000_000));
        let address = format!(
            "示例市{}{}{}号{}",
            self.rng.pick(DISTRICTS),
            self.rng.pick(STREETS),
            self.rng.range(1, 300),
            if self.rng.chance(60) {
                format!("{}栋{}室", self.rng.range(1, 30), self.rng.range(101, 2504))
            } else {
                String::new()
            }
        );
        if kind == K::Natural {
            let name = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
            let birth =
                Date::new(self.rng.range(1950, 2002) as i16, self.rng.range(1, 12) as i8, self.rng.range(1, 28) as i8)
                    .expect("valid birth date");
            let first17 = format!("{}{}{:03}", self.rng.pick(REGIONS), birth.strftime("%Y%m%d"), self.rng.below(1000));
            let id_number = format!("{first17}{}", char::from(resident_id_check(&first17)));
            let email = format!("user{}@example.cn", self.rng.below(100_000));
            Applicant { kind, name, id_number, phone, address, email, ..Default::default() }
        } else {
            let names = ORGS.iter().find(|(k, _)| *k == kind).map(|(_, n)| *n).unwrap_or(&["示例市某单位"]);
            const CODE: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
            let tail: String = (0..9).map(|_| char::from(CODE[self.rng.below(CODE.len() as u64) as usize])).collect();
            let first17 = format!("91{}{tail}", self.rng.pick(REGIONS));
            let check = gongkai_core::identity::credit_code_check(&first17).expect("the code's alphabet");
            Applicant {
                kind,
                name: self.rng.pick(names).to_string(),
                id_type: gongkai_core::identity::IdType::CreditCode,
                id_number: format!("{first17}{check}"),
                phone,
                address,
                email: format!("office{}@example.cn", self.rng.below(100_000)),
                representative: format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN)),
                contact_person: format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN)),
            }
        }
    }

    fn outcome(&mut self) -> Outcome {
        use DenialReason as D;
        use NotProcessedReason as N;
        use OtherDisposition as O;
        use UnableReason as U;
        self.rng.weighted(&[
            (Outcome::Granted { already_public: false }, 30),
            (Outcome::Granted { already_public: true }, 9),
            (Outcome::Partial, 12),
            (Outcome::Denied(D::StateSecret), 1),
            (Outcome::Denied(D::LawForbidden), 1),
            (Outcome::Denied(D::ThreeSafety), 1),
            (Outcome::Denied(D::ThirdParty), 3),
            (Outcome::Denied(D::InternalAffairs), 2),
            (Outcome::Denied(D::ProcessInfo), 3),
            (Outcome::Denied(D::EnforcementFile), 1),
            (Outcome::Denied(D::AdminQuery), 1),
            (Outcome::Unable(U::NotExist), 12),
            (Outcome::Unable(U::NotThisOrgan), 6),
            (Outcome::Unable(U::NeedsCreation), 3),
            (Outcome::Unable(U::StillUnclear), 2),
            (Outcome::NotProcessed(N::Petition), 2),
            (Outcome::NotProcessed(N::Duplicate), 2),
            (Outcome::NotProcessed(N::Publication), 1),
            (Outcome::NotProcessed(N::Massive), 1),
            (Outcome::NotProcessed(N::Confirm), 1),
            (Outcome::Other(O::NoCorrection), 3),
            (Outcome::Other(O::NoFee), 1),
            (Outcome::Other(O::Withdrawn), 3),
        ])
    }

    /// One application registered between `first` and `last`, its history up to today, and
    /// the reviews and suits that followed.
    fn case(&mut self, first: Date, last: Date, forced: Option<Outcome>) -> Case {
        use OtherDisposition as O;
        let span = (last - first).get_days().max(0) as i64;
        let mut registered = plus(first, self.rng.range(0, span));
        let channel = self.rng.weighted(&[
            (Channel::Online, 45),
            (Channel::InPerson, 20),
            (Channel::PostSigned, 15),
            (Channel::PostUnsigned, 10),
            (Channel::Oral, 5),
            (Channel::Fax, 5),
        ]);
        if !channel.needs_confirmation() {
            // Offices receive in person and sign for post on working days only: the next one,
            // or the one before when the next is after `last` (never a day in the future).
            let mut next = registered;
            while !self.working(next) {
                next = next.tomorrow().expect("in range");
            }
            registered = next;
            if registered > last {
                registered = plus(first, self.rng.range(0, span));
                while !self.working(registered) && registered > first {
                    registered = registered.yesterday().expect("in range");
                }
            }
        }
        let applicant = self.applicant();
        let items = (0..self.rng.range(1, 3)).map(|_| self.rng.pick(ITEMS).to_string()).collect::<Vec<_>>();
        let app = NewApplication {
            agency: self.agency.clone(),
            applicant,
            channel,
            delivery: self.rng.pick(DELIVERY).to_string(),
            registered_on: registered,
            items,
        };

        let outcome = forced.unwrap_or_else(|| self.outcome());
        let mut events = Vec::new();
        let received = if channel.needs_confirmation() {
            let on = plus(registered, self.rng.range(0, 2));
            events.push(Event::ConfirmReceipt { on });
            on
        } else {
            registered
        };
        let mut d = received;
        let (mut corrected, mut pauses, mut extend) = (None, Vec::new(), false);
        let mut ended = false;

        let correction =
            matches!(outcome, Outcome::Other(O::NoCorrection) | Outcome::Unable(UnableReason::StillUnclear))
                || self.rng.chance(10);
        if correction {
            let on = add_working(self.calendar, d, self.rng.range(1, 6));
            let correct_by = plus(on, 15);
            events.push(Event::RequestCorrection { on, correct_by, what: String::new() });
            if outcome == Outcome::Other(O::NoCorrection) {
                events.push(Event::CorrectionLapsed { on: plus(correct_by, 1) });
                ended = true;
            } else {
                let got = plus(on, self.rng.range(2, 12));
                events.push(Event::ReceiveCorrection { on: got, text: String::new() });
                corrected = Some(got);
                d = got;
            }
        }
        let fee = outcome == Outcome::Other(O::NoFee)
            || (matches!(outcome, Outcome::Granted { already_public: false } | Outcome::Partial) && self.rng.chance(8));
        if !ended && fee {
            let on = add_working(self.calendar, d, self.rng.range(3, 8));
            let pages = 31 + self.rng.below(170) as u32;
            events.push(Event::IssueFeeNotice { on, amount_yuan: fee_yuan(FeeBasis::PerPage { pages }) });
            if outcome == Outcome::Other(O::NoFee) {
                events.push(Event::FeeLapsed { on: add_working(self.calendar, on, 21) });
                ended = true;
            } else {
                let paid = plus(on, self.rng.range(1, 12));
                events.push(Event::RecordPayment { on: paid });
                pauses.push((on, paid));
                d = paid;
            }
        }
        let consult = outcome == Outcome::Denied(DenialReason::ThirdParty) || self.rng.chance(7);
        if !ended && consult && outcome != Outcome::Other(O::Withdrawn) {
            let since = add_working(self.calendar, d, self.rng.range(1, 4));
            let until = add_working(self.calendar, since, self.rng.range(5, 15));
            let party = if outcome == Outcome::Denied(DenialReason::ThirdParty) || self.rng.chance(70) {
                Consulted::ThirdParty
            } else {
                Consulted::OtherOrgan
            };
            events.push(Event::StartConsultation { on: since, party, whom: String::new() });
            events.push(Event::EndConsultation { on: until });
            pauses.push((since, until));
            d = until;
        }
        if !ended && self.rng.chance(10) && outcome != Outcome::Other(O::Withdrawn) {
            let on = add_working(self.calendar, d, self.rng.range(1, 5));
            events.push(Event::ApproveExtension { on, reasons: String::new() });
            extend = true;
            d = on;
        }
        if !ended {
            let request = DeadlineRequest { received, days: 20, corrected, pauses, extend };
            let due = request.compute(self.calendar).map(|x| x.due).unwrap_or_else(|_| plus(received, 28));
            let room = (due - d).get_days().max(0) as i64;
            let on = plus(d, self.rng.range(room.min(1), room.max(1)));
            events.push(match outcome {
                Outcome::Other(O::Withdrawn) => Event::Withdraw { on: plus(d, self.rng.range(1, 10)) },
                _ => Event::Answer { on, outcome, text: demo_reply(outcome) },
            });
        }

        // Nothing after today: the rest is still to come (carried over).
        let today = self.today;
        events.retain(|e| e.date() <= today);
        let concluded = events.last().filter(|e| matches!(e, Event::Answer { .. })).map(|e| (e.date(), outcome));

        let mut remedies = Vec::new();
        if let Some((answered, o)) = concluded {
            let contestable =
                matches!(o, Outcome::Denied(_) | Outcome::Partial | Outcome::Unable(_) | Outcome::NotProcessed(_));
            if contestable && self.rng.chance(25) {
                let filed = plus(answered, self.rng.range(10, 55));
                let decided = plus(filed, self.rng.range(40, 90));
                let result = self.rng.weighted(&[
                    (RemedyResult::Upheld, 60),
                    (RemedyResult::Corrected, 25),
                    (RemedyResult::Other, 15),
                ]);
                if filed <= today {
                    let done = (decided <= today).then_some((decided, result));
                    remedies.push(PlannedRemedy { kind: RemedyKind::Review, filed_on: filed, result: done });
                    if result == RemedyResult::Upheld && decided <= today && self.rng.chance(35) {
                        let sued = plus(decided, self.rng.range(5, 14));
                        let judged = plus(sued, self.rng.range(90, 200));
                        let r = self.rng.weighted(&[
                            (RemedyResult::Upheld, 70),
                            (RemedyResult::Corrected, 15),
                            (RemedyResult::Other, 15),
                        ]);
                        if sued <= today {
                            let done = (judged <= today).then_some((judged, r));
                            remedies.push(PlannedRemedy {
                                kind: RemedyKind::SuitAfterReview,
                                filed_on: sued,
                                result: done,
                            });
                        }
                    }
                }
            } else if contestable && self.rng.chance(6) {
                let sued = plus(answered, self.rng.range(20, 150));
                let judged = plus(sued, self.rng.range(90, 200));
                let r = self.rng.weighted(&[
                    (RemedyResult::Upheld, 65),
                    (RemedyResult::Corrected, 20),
                    (RemedyResult::Other, 15),
                ]);
                if sued <= today {
                    remedies.push(PlannedRemedy {
                        kind: RemedyKind::SuitDirect,
                        filed_on: sued,
                        result: (judged <= today).then_some((judged, r)),
                    });
                }
            }
        }
        Case { app: BulkApplication { application: app, events }, remedies }
    }
}

/// What a demo answer's letter says besides the decision (fictional, like every demo record).
fn demo_reply(outcome: Outcome) -> gongkai_core::case::ReplyText {
    use gongkai_core::case::UnableReason;
    let reasons = match outcome {
        Outcome::Granted { already_public: true } => "该信息已在本机关门户网站“政府信息公开”专栏公开，您可登录查阅。",
        Outcome::Granted { .. } => "所申请信息已按您选择的方式提供，请查收。",
        Outcome::Partial => {
            "可以公开的部分已随本答复书提供；其余部分涉及第三方商业秘密，第三方不同意公开，依据第十五条不予公开。"
        }
        Outcome::Denied(_) => "所申请信息属于上述条款规定不予公开的情形，经审查不能区分处理。",
        _ => "经审查，情况如上所述。",
    };
    let (organ, contact) = if outcome == Outcome::Unable(UnableReason::NotThisOrgan) {
        ("示例市自然资源局", "电话 0000-12345678")
    } else {
        ("", "")
    };
    gongkai_core::case::ReplyText {
        reasons: reasons.to_string(),
        responsible_organ: organ.to_string(),
        responsible_contact: contact.to_string(),
    }
}
