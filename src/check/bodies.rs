//! A dated registry of public bodies that were abolished, wound up or renamed, so that `basis
//! check` can tell a notice that names one that the name stopped being right on a given day.
//! Each entry cites where the change comes from; the registry was checked on [`CHECKED`].

/// The day the registry was last checked: a change after it is not known.
pub(super) const CHECKED: &str = "2026-11-30";

/// A body that no longer exists under the name a notice gives it.
pub(super) struct Ended {
    /// Lower-case words that name the body (matched in party names, aliases and quotes).
    pub names: &'static [&'static str],
    /// The body as a reader knows it.
    pub body: &'static str,
    /// When it stopped (ISO date).
    pub ended: &'static str,
    /// What happened, and who does its work now.
    pub what: &'static str,
    /// Where that comes from.
    pub source: &'static str,
}

/// The registry, by date.
pub(super) const ENDED: &[Ended] = &[
    Ended {
        names: &["department for communities and local government", "dclg"],
        body: "Department for Communities and Local Government",
        ended: "2018-01-08",
        what: "renamed Ministry of Housing, Communities and Local Government (MHCLG) on 8 January 2018, Department for Levelling Up, Housing and Communities on 19 September 2021, and MHCLG again on 8 July 2024",
        source: "machinery-of-government changes announced by the Prime Minister's Office (GOV.UK)",
    },
    Ended {
        names: &[
            "one to one midwives",
            "121 midwives",
            "one to one (north west)",
        ],
        body: "One to One (North West) Ltd (\"121 midwives\")",
        ended: "2019-07-31",
        what: "ceased trading on 31 July 2019; its caseload returned to the NHS trusts' maternity services",
        source: "the company's administration, July 2019 (datasets/parties.toml records it)",
    },
    Ended {
        names: &["local safeguarding children board"],
        body: "Local Safeguarding Children Boards",
        ended: "2019-09-29",
        what: "replaced by the local safeguarding partners (local authority, integrated care board, chief officer of police)",
        source: "Children and Social Work Act 2017 s.30 (ukpga/2017/16), inserting Children Act 2004 ss.16E–16K",
    },
    Ended {
        names: &[
            "community rehabilitation company",
            "community rehabilitation companies",
        ],
        body: "community rehabilitation companies",
        ended: "2021-06-26",
        what: "their contracts ended on 26 June 2021 and their work passed to the Probation Service (HM Prison and Probation Service)",
        source: "Ministry of Justice, the unification of probation services, 26 June 2021",
    },
    Ended {
        names: &["national probation service"],
        body: "National Probation Service",
        ended: "2021-06-26",
        what: "unified with the community rehabilitation companies into the Probation Service (HM Prison and Probation Service) on 26 June 2021",
        source: "Ministry of Justice, the unification of probation services, 26 June 2021",
    },
    Ended {
        names: &["public health england"],
        body: "Public Health England",
        ended: "2021-10-01",
        what: "abolished on 1 October 2021; its functions passed to the UK Health Security Agency and the Office for Health Improvement and Disparities",
        source: "Department of Health and Social Care, transition from Public Health England, 1 October 2021",
    },
    Ended {
        names: &["clinical commissioning group"],
        body: "clinical commissioning groups",
        ended: "2022-07-01",
        what: "abolished on 1 July 2022; their functions passed to integrated care boards",
        source: "Health and Care Act 2022 (ukpga/2022/31) Part 1, in force 1 July 2022",
    },
    Ended {
        names: &[
            "department for levelling up, housing",
            "department for levelling up housing",
            "dluhc",
        ],
        body: "Department for Levelling Up, Housing and Communities",
        ended: "2024-07-08",
        what: "renamed Ministry of Housing, Communities and Local Government on 8 July 2024",
        source: "machinery-of-government change announced on GOV.UK, 8 July 2024",
    },
];

/// The entry naming `text` (lower case), if any.
pub(super) fn ended(text: &str) -> Option<&'static Ended> {
    let text = text.to_lowercase().replace('&', "and");
    ENDED.iter().find(|e| {
        e.names.iter().any(|n| {
            let n = n.replace('&', "and");
            // Short forms ("dclg") only as whole words.
            if n.len() <= 5 {
                text.split(|c: char| !c.is_alphanumeric()).any(|w| w == n)
            } else {
                text.contains(&n)
            }
        })
    })
}
