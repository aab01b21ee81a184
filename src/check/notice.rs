//! Art. 13/14 completeness of each notice: who the controller is and how to reach it and its DPO,
//! purposes and lawful basis, legitimate interests, recipients, transfers, the requirement to
//! provide the data, automated decisions and the source of the data.

use super::{Ctx, Finding, Rule, Severity};
use crate::model::fold_name;
use crate::model::{Service, Stance};
use crate::report::{ReportError, column};

macro_rules! rule {
    ($name:ident, $code:literal, $sev:ident, $title:literal, $art:literal) => {
        pub(super) const $name: Rule = Rule {
            code: $code,
            severity: Severity::$sev,
            title: $title,
            article: $art,
        };
    };
}
pub(super) use rule;

rule!(
    IDENTITY,
    "BAS001",
    Warning,
    "notice does not name the controller",
    "UK GDPR Art. 13(1)(a), 14(1)(a)"
);
rule!(
    CONTACT,
    "BAS002",
    Error,
    "no contact details of the controller",
    "UK GDPR Art. 13(1)(a), 14(1)(a)"
);
rule!(
    DPO,
    "BAS003",
    Error,
    "no contact details of the data protection officer",
    "UK GDPR Art. 13(1)(b), 14(1)(b); Art. 37(1)(a)"
);
rule!(
    PURPOSES,
    "BAS004",
    Error,
    "no purposes of processing",
    "UK GDPR Art. 13(1)(c), 14(1)(c)"
);
rule!(
    LAWFUL_BASIS,
    "BAS005",
    Error,
    "no Art. 6 lawful basis",
    "UK GDPR Art. 13(1)(c), 14(1)(c); Art. 6(1)"
);
rule!(
    LEGITIMATE_INTERESTS,
    "BAS006",
    Warning,
    "legitimate interests relied on without saying what the interests are",
    "UK GDPR Art. 13(1)(d), 14(2)(b)"
);
rule!(
    RECIPIENTS,
    "BAS007",
    Warning,
    "no recipients or categories of recipients",
    "UK GDPR Art. 13(1)(e), 14(1)(e)"
);
rule!(
    TRANSFER_UNANSWERED,
    "BAS008",
    Warning,
    "question about transfers abroad left unanswered",
    "UK GDPR Art. 13(1)(f), 14(1)(f)"
);
rule!(
    TRANSFER_SAFEGUARDS,
    "BAS009",
    Warning,
    "transfers abroad possible but no safeguards described",
    "UK GDPR Art. 13(1)(f), 14(1)(f); Arts. 44–49"
);
rule!(
    TRANSFER_SILENT,
    "BAS010",
    Info,
    "notice says nothing about transfers abroad",
    "UK GDPR Art. 13(1)(f), 14(1)(f)"
);
rule!(
    REQUIREMENT,
    "BAS011",
    Warning,
    "does not say whether providing the data is required, or what happens if not",
    "UK GDPR Art. 13(2)(e)"
);
rule!(
    AUTOMATED,
    "BAS012",
    Warning,
    "does not say whether automated decision-making is used",
    "UK GDPR Art. 13(2)(f), 14(2)(g); Arts. 22A–22D"
);
rule!(
    SOURCE,
    "BAS013",
    Warning,
    "does not say where data not obtained from the person comes from",
    "UK GDPR Art. 14(2)(f)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    contacts(ctx, out);
    for svc in ctx.services() {
        service(ctx, svc, out)?;
    }
    Ok(())
}

/// Per notice of the organisation: its name, a contact point, a DPO contact point.
fn contacts(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let org = &m.orgs[ctx.org.ix()];
    for (n, notice) in m.notices.iter().enumerate() {
        if notice.org != ctx.org {
            continue;
        }
        let Some(svc) = ctx.services().find(|s| s.notice.ix() == n) else {
            continue;
        };
        let here: Vec<&str> = org
            .contacts
            .iter()
            // The ICO's address is where to complain, not a way to reach the controller.
            .filter(|c| c.source.notice.ix() == n && c.value.role != "ico")
            .map(|c| c.value.role.as_str())
            .collect();
        // A name that appears only as a recipient or source ("Cheshire West and Chester Council
        // services, including: education, …") does not say who the controller is.
        let mut text = fold_name(&notice.text);
        let mut quotes = std::collections::HashSet::new();
        for f in m.org_flows(ctx.org).filter(|f| f.source.notice.ix() == n) {
            // Flows often share a sentence: each is taken out once.
            if quotes.insert(f.source.quote) {
                text = text.replace(&fold_name(m.quote(&f.source)), " ");
            }
        }
        if !text.contains(&fold_name(&org.name)) {
            out.push(ctx.omission(
                &IDENTITY,
                svc,
                &format!("the notice never gives the controller's name, {}", org.name),
                &format!(
                    "Name the controller: \"{} is the controller for …\".",
                    org.name
                ),
            ));
        }
        if here.is_empty() {
            out.push(ctx.omission(
                &CONTACT,
                svc,
                "the notice gives no address, email, telephone or online contact for the controller",
                "Give the controller's postal address and an email address or contact form.",
            ));
        }
        if !here.contains(&"dpo") {
            out.push(ctx.omission(
                &DPO,
                svc,
                "the notice gives no contact details for the Data Protection Officer (a public authority must designate one)",
                "Add the DPO's postal address and email (e.g. \"Data Protection Officer, …, dpo@…\").",
            ));
        }
    }
}

fn service(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    // A recipient abroad makes the silence or the unanswered question BAS084's finding, which
    // names the recipients: one omission, one finding.
    let abroad = !super::location::abroad(ctx, svc).is_empty();
    omissions(ctx, svc, abroad, out)?;
    let li = ctx.query(
        "bases where service = {service} and basis = art 6(1)(f)",
        svc,
    )?;
    for (quote, notice) in column(&li, "quote").iter().zip(column(&li, "notice")) {
        let notice = ctx.model.notice(&notice).unwrap_or(svc.notice);
        out.push(ctx.finding_quoted(&LEGITIMATE_INTERESTS, Some(svc), notice, quote.clone(),
            "relies on Art. 6(1)(f) legitimate interests without saying what the interests are (Art. 13(1)(d))".into(),
            "Name the legitimate interests pursued and the processing they cover."));
    }
    if !abroad {
        transfers(ctx, svc, out);
    }
    if let Some(f) = svc.automated.first()
        && f.value == Stance::NotAnswered
    {
        out.push(ctx.finding(
            &AUTOMATED,
            Some(svc),
            &f.source,
            "the question about automated decisions is asked but not answered".into(),
            "Answer the question.",
        ));
    }
    Ok(())
}

/// What the notice of `svc` must say and does not, each found at the service's own source.
fn omissions(
    ctx: &Ctx,
    svc: &Service,
    abroad: bool,
    out: &mut Vec<Finding>,
) -> Result<(), ReportError> {
    // Only whether there is a row matters, so one is asked for: the engine stops at it instead
    // of building every row (a national dataset's service has a thousand recipient rows).
    let none = |query: &str| {
        ctx.query(&format!("{query} limit 1"), svc)
            .map(|t| t.rows.is_empty())
    };
    // (missing, rule, message, fix)
    let omissions = [
        (
            svc.purposes.is_empty(),
            &PURPOSES,
            "no purpose of processing is stated",
            "List what the data is used for.",
        ),
        (
            none("bases where service = {service} and basis in art 6")?,
            &LAWFUL_BASIS,
            "no UK GDPR Art. 6(1) lawful basis is cited",
            "State the Art. 6(1) basis, e.g. Art. 6(1)(e) public task with the statute that gives the task.",
        ),
        (
            none("recipients where service = {service}")?,
            &RECIPIENTS,
            "no recipient or category of recipients is named",
            "Name the recipients or their categories, or say the data is not shared.",
        ),
        (
            svc.transfers.is_empty() && !abroad,
            &TRANSFER_SILENT,
            "the notice says nothing about transfers outside the UK",
            "Say whether data is transferred outside the UK (\"No\" is an answer).",
        ),
        (
            svc.requirements.is_empty(),
            &REQUIREMENT,
            "the notice does not say whether people must provide their data, or what happens if they do not",
            "Say whether providing the data is a statutory or contractual requirement and the consequence of not providing it.",
        ),
        (
            svc.automated.is_empty(),
            &AUTOMATED,
            "the notice does not say whether decisions are made by automated means",
            "State whether automated decision-making, including profiling, is used (\"No\" is an answer).",
        ),
        (
            none("sources where service = {service}")?,
            &SOURCE,
            "the notice never says where the data it does not collect from the person comes from",
            "Say where data not collected from the person comes from (Art. 14(2)(f)): referrers, partner agencies, …",
        ),
    ];
    for (missing, rule, message, fix) in omissions {
        if missing {
            out.push(ctx.omission(rule, svc, message, fix));
        }
    }
    Ok(())
}

/// Transfers said to happen without safeguards, or asked about and not answered.
fn transfers(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    for t in &svc.transfers {
        match t.value.stance {
            Stance::NotAnswered => out.push(ctx.finding(&TRANSFER_UNANSWERED, Some(svc), &t.source,
                "the notice asks whether data is transferred abroad and leaves the question unanswered".into(),
                "Answer the question: \"No\", or where to and under which safeguards.")),
            Stance::Possible | Stance::Used if t.value.safeguards.is_none() => out.push(ctx.finding(&TRANSFER_SAFEGUARDS, Some(svc), &t.source,
                "transfers outside the UK may happen but no safeguard is described".into(),
                "Describe the safeguards (adequacy regulations, IDTA, …) and how to get a copy.")),
            _ => {}
        }
    }
}
