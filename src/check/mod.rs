//! `basis check`: findings about the notices — what UK GDPR Arts. 13 and 14 require them to say,
//! citations that do not exist, special-category and criminal-offence data without their
//! conditions, retention gaps and contradictions between a controller's notices.
//!
//! Each rule lives in the module of its theme and is listed in [`RULES`] with its code, severity
//! and the article it comes from; `docs/checks.md` documents every code. Rules read the model
//! through queries where a query can say it (`services where category is special and missing
//! basis in art 9`) and through the model's public fields otherwise.

mod bases;
mod bodies;
mod citation;
mod claims;
mod consistency;
mod contradiction;
mod drafting;
mod indirect;
mod instrument;
mod law;
mod location;
mod merge;
mod notice;
mod provision;
mod retention;
mod review;
mod rights;
mod scope;
mod special;
mod transfer;
mod vague;
mod wording;

use crate::model::{Fact, Model, OrgIx, PurposeIx, Service, Source};
use crate::output::Table;
use crate::report::ReportError;
use serde_json::json;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The notice breaks a requirement outright, or cites law that does not exist.
    Error,
    /// Probably a problem: worth a reviewer's look.
    Warning,
    /// Worth knowing; not a defect.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// A rule: its code, default severity, a one-line title and the provision it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `BAS001` …
    pub code: &'static str,
    /// The severity of its findings (a few rules lower it case by case, as documented).
    pub severity: Severity,
    /// What it checks.
    pub title: &'static str,
    /// The provision it comes from.
    pub article: &'static str,
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Rule code.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Organisation id.
    pub org: String,
    /// Notice id.
    pub notice: String,
    /// The services the finding is about: every service of its notice (rules decide per
    /// notice), their ids joined by `, `; `None` for a finding about the organisation.
    pub service: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The verbatim extract of the notice the finding is about (for a silence: the nearest
    /// statement, e.g. the rights list that leaves a right out).
    pub quote: String,
    /// What to do about it.
    pub fix: String,
}

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    notice::IDENTITY,
    notice::CONTACT,
    notice::DPO,
    notice::PURPOSES,
    notice::LAWFUL_BASIS,
    notice::LEGITIMATE_INTERESTS,
    notice::RECIPIENTS,
    notice::TRANSFER_UNANSWERED,
    notice::TRANSFER_SAFEGUARDS,
    notice::TRANSFER_SILENT,
    notice::REQUIREMENT,
    notice::AUTOMATED,
    notice::SOURCE,
    review::PUBLIC_AUTHORITY_LI,
    review::CONSENT_ONLY,
    review::MISDESCRIBED_BASIS,
    review::OPEN_ENDED,
    review::PROMISED_ABSENT,
    review::STALE_REVIEW,
    rights::RIGHT_MISSING,
    rights::WITHDRAW_CONSENT,
    rights::COMPLAINT,
    review::OLD_LAW_RIGHTS,
    review::SAFEGUARDS_UNNAMED,
    review::REFUSED,
    review::PROFILING,
    review::OLD_ADM_RIGHTS,
    scope::DISCRETIONARY_SHARING,
    citation::NO_SUCH_POINT,
    citation::ART6_AS_ART9,
    citation::UNRESOLVED_BASIS,
    citation::NO_SUCH_ACT,
    citation::WRONG_TITLE,
    citation::WRONG_KIND,
    citation::UNRESOLVED_ACT,
    review::NO_SUCH_LAW,
    bodies::ENDED_BODY,
    scope::OWNERSHIP,
    special::NO_ART9,
    special::NO_ART10,
    special::NOT_SPECIAL,
    special::NEEDS_COMPANION,
    special::CONDITION_SCOPE,
    review::GENETIC_AS_HEALTH,
    scope::CRIMINAL_UNDECLARED,
    scope::ART9_LIST_INCOMPLETE,
    bases::BASIS_FOR_SOME_PURPOSES,
    retention::NO_RULE,
    retention::POINTER,
    retention::NO_START,
    retention::UNCOVERED,
    retention::OVERLAP,
    retention::RANGE,
    vague::VAGUE_RETENTION,
    consistency::DPO_CONTACTS,
    consistency::TRANSFERS,
    consistency::AUTOMATED,
    rights::COMPLAINT_TO_CONTROLLER,
    rights::RIGHT_MISDESCRIBED,
    bases::NO_BASIS_IN_LAW,
    bases::BASES_UNTIED,
    bases::CONSENT_AND_TASK,
    bases::SPC_WITHOUT_PART_2,
    indirect::CHECKS_UNDESCRIBED,
    vague::VAGUE_PARTIES,
    bases::CONSENT_NOT_RELIED_ON,
    contradiction::SHARING_DENIED,
    contradiction::PROCESSORS_DENIED,
    transfer::DEAD_MECHANISM,
    transfer::PUBLIC_DEROGATION,
    transfer::UNDISCLOSED_TRANSFER,
    drafting::UNDATED,
    drafting::ACCEPTANCE_BY_USE,
    transfer::OLD_ADEQUACY,
    drafting::REPEATED,
    drafting::CUT_OFF,
    law::EU_GDPR,
    law::REPLACED_BY_DUAA,
    special::ART9_REPRODUCED,
    claims::PSEUDONYMISED_AS_ANONYMOUS,
    claims::STATISTICAL_COOKIES,
    provision::MISCITED_PROVISION,
    contradiction::CONSENT_CONDITION,
    bases::EQUALITY_WITHOUT_PARA_8,
    bases::CONDITION_IN_WORDS,
    indirect::TELLING_UNSTATED,
];

/// The rule with this code.
pub(crate) fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Runs every rule on the organisation `org` (all organisations when `None`), sorted by
/// organisation, notice, severity and code.
///
/// Rules decide per notice: the services of each notice are read as one (see
/// `merge`), and a finding's `service` lists every service of its notice.
pub fn check(model: &Model, org: Option<OrgIx>) -> Result<Vec<Finding>, ReportError> {
    let merged = merge::by_notice(model, org);
    let mut out = check_merged(&merged.model, org)?;
    for f in &mut out {
        if let Some(s) = f.service.as_deref().and_then(|s| merged.model.service(s)) {
            f.service = Some(merged.covers[s.ix()].join(", "));
        }
    }
    Ok(out)
}

/// A theme's rules, run on one organisation.
type Check = fn(&Ctx, &mut Vec<Finding>);
/// A theme's rules that run queries, which can fail.
type QueryingCheck = fn(&Ctx, &mut Vec<Finding>) -> Result<(), ReportError>;

/// The themes whose rules run queries; they run first.
const QUERYING_CHECKS: [QueryingCheck; 5] = [
    notice::check,
    rights::check,
    citation::check,
    special::check,
    retention::check,
];

/// The other themes, in the order they run.
const CHECKS: [Check; 13] = [
    consistency::check,
    review::check,
    scope::check,
    bases::check,
    indirect::check,
    vague::check,
    contradiction::check,
    drafting::check,
    law::check,
    claims::check,
    provision::check,
    transfer::check,
    bodies::check,
];

fn check_merged(model: &Model, org: Option<OrgIx>) -> Result<Vec<Finding>, ReportError> {
    let orgs: Vec<OrgIx> = match org {
        Some(o) => vec![o],
        None => (0..model.orgs.len() as u32).map(OrgIx).collect(),
    };
    let mut out = Vec::new();
    for o in orgs {
        let ctx = Ctx { model, org: o };
        for check in QUERYING_CHECKS {
            check(&ctx, &mut out)?;
        }
        for check in CHECKS {
            check(&ctx, &mut out);
        }
    }
    out.sort_by(|a, b| {
        (&a.org, &a.notice, a.severity, a.code, &a.quote)
            .cmp(&(&b.org, &b.notice, b.severity, b.code, &b.quote))
    });
    out.dedup();
    Ok(out)
}

/// Whether the findings make `basis check` fail: any error, or any warning when `deny_warnings`.
pub fn fails(findings: &[Finding], deny_warnings: bool) -> bool {
    findings.iter().any(|f| {
        f.severity == Severity::Error || (deny_warnings && f.severity == Severity::Warning)
    })
}

/// The findings as a table (`code, severity, org, notice, service, message, quote, fix`).
pub(crate) fn table(findings: &[Finding]) -> Table {
    let mut t = Table::new(
        "findings",
        &[
            "code", "severity", "org", "notice", "service", "message", "quote", "fix",
        ],
    );
    t.evidence = true;
    for f in findings {
        t.rows.push(vec![
            json!(f.code),
            json!(f.severity.to_string()),
            json!(f.org),
            json!(f.notice),
            f.service
                .as_ref()
                .map_or(serde_json::Value::Null, |s| json!(s)),
            json!(f.message),
            json!(f.quote),
            json!(f.fix),
        ]);
    }
    t
}

/// Organisation types that are public authorities (DPA 2018 s.7(1)(a): a public authority as
/// FOIA 2000 defines it): a council (FOIA 2000 Sch. 1 Pt. II); a company wholly owned by public
/// authorities, such as Achieving for Children (FOIA 2000 s.6); a government department, with
/// the executive agencies that are part of it, such as the Teaching Regulation Agency or the
/// Legal Aid Agency (FOIA 2000 Sch. 1 Pt. I para. 1, "any government department"); devolved
/// government and other public bodies (Sch. 1 Pts. I and VI); the NHS (Pt. III), maintained
/// schools and academies (Pt. IV), the police (Pt. V) and statutory regulators (Pt. VI).
const PUBLIC: [&str; 9] = [
    "local-authority",
    "commissioned-provider",
    "central-government",
    "devolved-government",
    "public-body",
    "health",
    "police",
    "regulator",
    "education",
];

/// A rule that looks at one service of the organisation.
type ServiceRule = fn(&Ctx, &Service, &mut Vec<Finding>);
/// A rule that reads one notice's wording: its index, its text and its first service.
type WordingRule = fn(&Ctx, &Service, crate::model::NoticeIx, &str, &mut Vec<Finding>);

/// What a rule sees: the model and the organisation being checked.
struct Ctx<'m> {
    model: &'m Model,
    org: OrgIx,
}

impl<'m> Ctx<'m> {
    /// Whether the organisation being checked is a public authority, by its type ([`PUBLIC`]).
    fn public_authority(&self) -> bool {
        let v = &self.model.vocab;
        let org = &self.model.orgs[self.org.ix()];
        PUBLIC.iter().any(|t| {
            v.party_type(t)
                .is_some_and(|p| v.party_type_tree.within(org.org_type.0, p.0))
        })
    }

    fn org_id(&self) -> &'m str {
        &self.model.orgs[self.org.ix()].id
    }

    /// The organisation's services.
    fn services(&self) -> impl Iterator<Item = &'m Service> + '_ {
        self.model.org_services(self.org)
    }

    /// Each notice of the organisation that a service comes from: its index, its text and
    /// the first of its services, for the rules that read a notice's wording.
    fn notice_texts(
        &self,
    ) -> impl Iterator<Item = (crate::model::NoticeIx, &'m str, &'m Service)> + '_ {
        let m = self.model;
        m.notices.iter().enumerate().filter_map(move |(n, notice)| {
            if notice.org != self.org {
                return None;
            }
            let svc = self.services().find(|s| s.notice.ix() == n)?;
            Some((crate::model::NoticeIx(n as u32), notice.text.as_str(), svc))
        })
    }

    /// The service's statement of the purpose `id`, where it states it.
    fn purpose<'s>(&self, svc: &'s Service, id: &str) -> Option<&'s Fact<PurposeIx>> {
        let v = &self.model.vocab;
        svc.purposes
            .iter()
            .find(|p| v.purposes[p.value.ix()].id == id)
    }

    /// Runs `rules` on each of the organisation's services, in order.
    fn per_service(&self, out: &mut Vec<Finding>, rules: &[ServiceRule]) {
        for svc in self.services() {
            for rule in rules {
                rule(self, svc, out);
            }
        }
    }

    /// Runs `rules` on the wording of each of the organisation's notices ([`Self::notice_texts`]).
    fn per_notice_text(&self, out: &mut Vec<Finding>, rules: &[WordingRule]) {
        for (n, text, svc) in self.notice_texts() {
            for rule in rules {
                rule(self, svc, n, text, out);
            }
        }
    }

    fn notice_id(&self, src: &Source) -> String {
        self.model.notices[src.notice.ix()].id.clone()
    }

    /// A finding of `rule` about a service, quoting `src`.
    fn finding(
        &self,
        rule: &Rule,
        svc: Option<&Service>,
        src: &Source,
        message: String,
        fix: impl Into<String>,
    ) -> Finding {
        let quote = self.model.quote(src).to_string();
        self.finding_quoted(rule, svc, src.notice, quote, message, fix)
    }

    /// A finding that the notice of `svc` leaves out something it must say: with no sentence
    /// to quote, it quotes the service's own source.
    fn omission(&self, rule: &Rule, svc: &Service, message: &str, fix: &str) -> Finding {
        self.finding(rule, Some(svc), &svc.source, message.to_string(), fix)
    }

    /// A finding quoting text a query returned (a row's `notice` and `quote`).
    fn finding_quoted(
        &self,
        rule: &Rule,
        svc: Option<&Service>,
        notice: crate::model::NoticeIx,
        quote: String,
        message: String,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            code: rule.code,
            severity: rule.severity,
            org: self.org_id().to_string(),
            notice: self.model.notices[notice.ix()].id.clone(),
            service: svc.map(|s| s.id.clone()),
            message,
            quote,
            fix: fix.into(),
        }
    }

    /// Runs a query with `{service}` replaced by the service id.
    fn query(&self, text: &str, svc: &Service) -> Result<Table, ReportError> {
        crate::report::query(self.model, &text.replace("{service}", &svc.id))
    }
}
