//! `basis gen`: a reproducible synthetic national dataset on the built-in vocabularies.
//!
//! The shape follows England's public bodies: organisation types in national proportions
//! (about 317 local authorities, 39 police forces, 210 NHS trusts and 2,400 academy trusts),
//! each with services of its kind; categories drawn per service with special categories
//! rarer; lawful bases consistent with the categories most of the time (special → an Art. 9
//! condition with its Schedule 1 paragraph, criminal → Art. 10), and sometimes not, as real
//! notices are; partners skewed (national bodies by a Zipf law, so the DWP receives from
//! nearly everyone; the area's police force; local providers); a notice per organisation
//! whose text holds every quote; retention rules per service. The same seed gives the same
//! dataset, byte for byte. Options are checked first ([`GenOptions::check`], [`GenError`]) so
//! that a run's work and memory stay in proportion to its flows.

pub(super) mod limits;

pub(crate) use limits::GenError;
#[cfg(test)]
pub(crate) use limits::{BYTES_PER_ORG, MAX_BYTES, MAX_FLOWS, ORGS_ALWAYS_ALLOWED};

use super::pool::{SetPool, TextPool};
use super::*;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    /// Organisations (controllers).
    pub orgs: usize,
    /// Flows in total.
    pub flows: usize,
    /// Random seed.
    pub seed: u64,
}

/// SplitMix64: tiny, fast, and good enough for synthetic data (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Draws `0..n` with probability ∝ 1 / (rank + 1)^s.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut acc = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                acc += 1.0 / ((k + 1) as f64).powf(s);
                acc
            })
            .collect();
        Zipf { cumulative }
    }
    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// A kind of organisation: its share of the country, flows per organisation (relative) and
/// the services it runs.
struct OrgKind {
    party_type: &'static str,
    share: f64,
    weight: f64,
    prefix: &'static str,
    services: &'static [ServiceKind],
}

/// A kind of service: what it collects, why, and how likely its data is special or criminal.
struct ServiceKind {
    name: &'static str,
    subjects: &'static [&'static str],
    categories: &'static [&'static str],
    special: &'static [&'static str],
    p_special: f64,
    p_criminal: f64,
    purposes: &'static [&'static str],
    legislation: &'static [&'static str],
    years: u32,
}

const COMMON: &[&str] = &["name", "date-of-birth", "address", "telephone", "email"];

const LA: &[ServiceKind] = &[
    ServiceKind {
        name: "Children's Social Care",
        subjects: &["children", "looked-after-children", "parents-and-carers"],
        categories: &[
            "case-records",
            "safeguarding",
            "household",
            "school-attendance",
        ],
        special: &[
            "health",
            "mental-health",
            "racial-ethnic-origin",
            "religion",
        ],
        p_special: 0.45,
        p_criminal: 0.05,
        purposes: &["safeguarding", "assessment-of-need", "service-delivery"],
        legislation: &["children-act-1989", "children-act-2004"],
        years: 75,
    },
    ServiceKind {
        name: "Adult Social Care",
        subjects: &["adults", "vulnerable-adults", "adult-social-care-users"],
        categories: &["case-records", "assessment", "financial", "household"],
        special: &["health", "physical-health", "mental-health", "disability"],
        p_special: 0.55,
        p_criminal: 0.02,
        purposes: &["assessment-of-need", "service-delivery", "safeguarding"],
        legislation: &["care-act-2014", "mental-health-act-1983"],
        years: 8,
    },
    ServiceKind {
        name: "Housing Solutions",
        subjects: &["adults", "families"],
        categories: &["housing", "household", "financial", "benefits"],
        special: &["health", "disability"],
        p_special: 0.15,
        p_criminal: 0.03,
        purposes: &["access-to-services", "service-delivery"],
        legislation: &["localism-act-2011"],
        years: 6,
    },
    ServiceKind {
        name: "Council Tax and Benefits",
        subjects: &["adults"],
        categories: &["financial", "benefits", "employment", "ni-number"],
        special: &["disability"],
        p_special: 0.05,
        p_criminal: 0.01,
        purposes: &[
            "financial-management",
            "fraud-prevention",
            "legal-obligation",
        ],
        legislation: &["welfare-reform-act-2012", "local-government-act-1972"],
        years: 6,
    },
    ServiceKind {
        name: "Early Help",
        subjects: &["children", "families"],
        categories: &["household", "school-attendance", "referral", "assessment"],
        special: &["health", "mental-health"],
        p_special: 0.3,
        p_criminal: 0.04,
        purposes: &["early-help", "supporting-families-programme", "outcomes"],
        legislation: &["children-act-2004", "children-and-families-act-2014"],
        years: 25,
    },
    ServiceKind {
        name: "SEND Service",
        subjects: &["children-with-send", "parents-and-carers"],
        categories: &["sen", "education", "assessment"],
        special: &["health", "disability"],
        p_special: 0.6,
        p_criminal: 0.0,
        purposes: &["assessment-of-need", "preparation-for-adulthood"],
        legislation: &["children-and-families-act-2014"],
        years: 31,
    },
    ServiceKind {
        name: "Youth Justice",
        subjects: &["children"],
        categories: &["case-records", "behaviour", "legal-status"],
        special: &["mental-health", "racial-ethnic-origin"],
        p_special: 0.3,
        p_criminal: 0.6,
        purposes: &["crime-prevention", "public-protection"],
        legislation: &["crime-and-disorder-act-1998"],
        years: 25,
    },
    ServiceKind {
        name: "Public Health",
        subjects: &["service-users"],
        categories: &["lifestyle-social", "physical-health"],
        special: &["health", "physical-health", "sexuality"],
        p_special: 0.7,
        p_criminal: 0.0,
        purposes: &["planning", "statistics", "service-delivery"],
        legislation: &["national-health-service-act-2006"],
        years: 8,
    },
];

const POLICE: &[ServiceKind] = &[
    ServiceKind {
        name: "Crime Recording",
        subjects: &["adults", "children"],
        categories: &["case-records", "legal-status"],
        special: &["racial-ethnic-origin", "biometric", "genetic"],
        p_special: 0.3,
        p_criminal: 0.8,
        purposes: &["crime-prevention", "public-protection"],
        legislation: &["police-and-criminal-evidence-act-1984"],
        years: 6,
    },
    ServiceKind {
        name: "Safeguarding Referrals",
        subjects: &["children", "vulnerable-adults"],
        categories: &["safeguarding", "referral", "household"],
        special: &["health", "mental-health"],
        p_special: 0.4,
        p_criminal: 0.4,
        purposes: &["safeguarding", "referral-handling"],
        legislation: &["children-act-2004"],
        years: 25,
    },
    ServiceKind {
        name: "Domestic Abuse Response",
        subjects: &["adults", "children", "family-members"],
        categories: &["case-records", "household", "relatives-and-carers"],
        special: &["health", "sexuality"],
        p_special: 0.3,
        p_criminal: 0.7,
        purposes: &["public-protection", "safeguarding"],
        legislation: &["domestic-abuse-act-2021"],
        years: 7,
    },
];

const NHS: &[ServiceKind] = &[
    ServiceKind {
        name: "Patient Care",
        subjects: &["service-users"],
        categories: &["nhs-number", "case-records"],
        special: &["health", "physical-health", "genetic"],
        p_special: 0.9,
        p_criminal: 0.0,
        purposes: &["service-delivery", "service-management"],
        legislation: &["national-health-service-act-2006"],
        years: 8,
    },
    ServiceKind {
        name: "Mental Health Services",
        subjects: &["service-users", "vulnerable-adults"],
        categories: &["nhs-number", "assessment"],
        special: &["mental-health", "health"],
        p_special: 0.95,
        p_criminal: 0.05,
        purposes: &["service-delivery", "safeguarding"],
        legislation: &["mental-health-act-1983"],
        years: 20,
    },
    ServiceKind {
        name: "Research and Audit",
        subjects: &["service-users"],
        categories: &["nhs-number"],
        special: &["health", "genetic", "racial-ethnic-origin"],
        p_special: 0.8,
        p_criminal: 0.0,
        purposes: &["research", "statistics", "performance-monitoring"],
        legislation: &["national-health-service-act-2006"],
        years: 20,
    },
];

const ACADEMY: &[ServiceKind] = &[
    ServiceKind {
        name: "Pupil Records",
        subjects: &["pupils", "parents-and-carers"],
        categories: &["upn", "school-attendance", "education", "behaviour"],
        special: &["health", "racial-ethnic-origin", "religion"],
        p_special: 0.25,
        p_criminal: 0.0,
        purposes: &["service-delivery", "statistics", "legal-obligation"],
        legislation: &["education-act-1996"],
        years: 25,
    },
    ServiceKind {
        name: "SEN Support",
        subjects: &["children-with-send"],
        categories: &["sen", "assessment"],
        special: &["health", "disability"],
        p_special: 0.7,
        p_criminal: 0.0,
        purposes: &["assessment-of-need", "outcomes"],
        legislation: &["children-and-families-act-2014"],
        years: 31,
    },
    ServiceKind {
        name: "School Safeguarding",
        subjects: &["pupils"],
        categories: &["safeguarding", "referral"],
        special: &["health", "mental-health"],
        p_special: 0.4,
        p_criminal: 0.05,
        purposes: &["safeguarding"],
        legislation: &["education-act-2002"],
        years: 25,
    },
];

const KINDS: &[OrgKind] = &[
    OrgKind {
        party_type: "local-authority",
        share: 317.0,
        weight: 10.0,
        prefix: "council",
        services: LA,
    },
    OrgKind {
        party_type: "police",
        share: 39.0,
        weight: 6.0,
        prefix: "police",
        services: POLICE,
    },
    OrgKind {
        party_type: "nhs-trust",
        share: 210.0,
        weight: 5.0,
        prefix: "nhs-trust",
        services: NHS,
    },
    OrgKind {
        party_type: "education",
        share: 2400.0,
        weight: 1.0,
        prefix: "academy-trust",
        services: ACADEMY,
    },
];

/// National bodies, most frequent recipient first (the Zipf rank).
const NATIONAL: &[(&str, &str, &str)] = &[
    (
        "department-for-work-and-pensions",
        "Department for Work and Pensions",
        "central-government",
    ),
    (
        "department-for-education",
        "Department for Education",
        "central-government",
    ),
    (
        "hm-revenue-and-customs",
        "HM Revenue and Customs",
        "central-government",
    ),
    ("nhs-england", "NHS England", "health-commissioner"),
    ("home-office", "Home Office", "central-government"),
    ("ofsted", "Ofsted", "regulator"),
    (
        "national-probation-service",
        "National Probation Service",
        "probation-justice",
    ),
    (
        "uk-health-security-agency",
        "UK Health Security Agency",
        "public-health",
    ),
    (
        "national-fraud-initiative",
        "National Fraud Initiative",
        "fraud-prevention",
    ),
    (
        "hm-courts-and-tribunals",
        "HM Courts and Tribunals Service",
        "probation-justice",
    ),
    (
        "information-commissioner",
        "Information Commissioner's Office",
        "regulator",
    ),
    (
        "care-quality-commission",
        "Care Quality Commission",
        "regulator",
    ),
];

/// Classes of bodies every organisation may deal with, most frequent first.
const GENERIC: &[(&str, &str, &str)] = &[
    ("data-subject", "The data subject", "data-subject"),
    ("gps", "GPs", "primary-care"),
    ("schools", "Schools", "education"),
    ("family-members", "Family members", "family"),
    (
        "voluntary-organisations",
        "Voluntary organisations",
        "voluntary",
    ),
    ("housing-associations", "Housing associations", "housing"),
    (
        "commissioned-providers",
        "Commissioned providers",
        "commissioned-provider",
    ),
    (
        "substance-misuse-services",
        "Substance misuse services",
        "substance-misuse",
    ),
    (
        "members-of-the-public",
        "Members of the public",
        "member-of-public",
    ),
];

const CONDITIONS: &[&str] = &[
    "where there is a risk of significant harm",
    "with your consent",
    "when the law requires it",
    "to prevent or detect crime",
];

/// [`Fact::stated`] with `source`, as a function a list of values is mapped with.
fn stated<T>(source: &Source) -> impl Fn(T) -> Fact<T> + '_ {
    move |value| Fact::stated(value, source.clone())
}

/// Builds a synthetic model on `vocab`; `progress` is told the flows made so far. Options
/// that `GenOptions::check` refuses are an error before any work is done.
pub fn generate(
    opts: GenOptions,
    vocab: Vocab,
    progress: &mut dyn FnMut(u64),
) -> Result<Model, GenError> {
    opts.check()?;
    Ok(Gen::new(opts, vocab).run(progress))
}

struct Gen {
    opts: GenOptions,
    rng: Rng,
    m: Model,
    texts: TextPool,
    cats: SetPool<CategoryIx>,
    bases: SetPool<BasisIx>,
    purposes: SetPool<PurposeIx>,
    /// Notice text of each organisation, grown with every new quote.
    notice_text: Vec<String>,
    quoted: std::collections::HashSet<u32>,
}

impl Gen {
    fn new(opts: GenOptions, vocab: Vocab) -> Self {
        Gen {
            opts,
            rng: Rng(opts.seed ^ 0x6261_7369_7367_656E),
            m: Model {
                vocab,
                ..Model::default()
            },
            texts: TextPool::default(),
            cats: SetPool::default(),
            bases: SetPool::default(),
            purposes: SetPool::default(),
            notice_text: Vec::new(),
            quoted: Default::default(),
        }
    }

    fn ptype(&self, id: &str) -> PartyTypeIx {
        self.m.vocab.party_type(id).unwrap_or(PartyTypeIx(0))
    }
    fn cat(&self, id: &str) -> Option<CategoryIx> {
        self.m.vocab.category(id)
    }
    fn basis(&self, id: &str) -> Option<BasisIx> {
        self.m.vocab.basis(id)
    }

    /// A quote in organisation `org`'s notice (added to its text when new).
    fn quote(&mut self, org: OrgIx, notice: NoticeIx, text: &str) -> Source {
        let t = self.texts.intern(text);
        if self.quoted.insert(t) {
            let n = &mut self.notice_text[org.ix()];
            n.push_str(text);
            n.push_str(".\n");
        }
        Source {
            notice,
            quote: TextIx(t),
        }
    }

    fn party(&mut self, id: String, name: String, ptype: &str, org: Option<OrgIx>) -> PartyIx {
        let ix = PartyIx(self.m.parties.len() as u32);
        let party_type = self.ptype(ptype);
        self.m.parties.push(Party {
            id,
            name,
            party_type,
            // Probation bodies are also commissioned providers, as 000 lists them, so that
            // parties of two types are in every generated dataset.
            also_types: if ptype == "probation-justice" {
                self.m
                    .vocab
                    .party_type("commissioned-provider")
                    .into_iter()
                    .collect()
            } else {
                Vec::new()
            },
            generic: org.is_none(),
            org,
            aliases: Vec::new(),
            country: None,
            note: None,
        });
        ix
    }

    fn run(mut self, progress: &mut dyn FnMut(u64)) -> Model {
        let org_kind = self.orgs();
        let map = self.areas(&org_kind);
        let parties = self.parties(&map);
        let quota = self.quotas(&org_kind);
        self.m.flows.reserve(self.opts.flows);
        let mut made = 0u64;
        for (o, &q) in quota.iter().enumerate() {
            self.org_flows(
                o,
                KINDS[org_kind[o]].services,
                q,
                &map,
                &parties,
                &mut || {
                    made += 1;
                    if made.is_multiple_of(1 << 16) {
                        progress(made);
                    }
                },
            );
        }
        progress(made);
        self.finish()
    }

    /// The organisations, in national proportions, at least one of each kind when there is
    /// room for it; every organisation also appears as a party others send to. Returns each
    /// organisation's kind.
    fn orgs(&mut self) -> Vec<usize> {
        let total_share: f64 = KINDS.iter().map(|k| k.share).sum();
        let n = self.opts.orgs.max(1);
        let mut counts: Vec<usize> = if n < KINDS.len() {
            (0..KINDS.len()).map(|k| usize::from(k < n)).collect()
        } else {
            KINDS
                .iter()
                .map(|k| ((k.share / total_share * n as f64).round() as usize).max(1))
                .collect()
        };
        // The largest kind absorbs the rounding.
        let sum: usize = counts.iter().sum();
        let big = (0..counts.len()).max_by_key(|&k| counts[k]).unwrap_or(0);
        counts[big] = (counts[big] + n).saturating_sub(sum);
        let mut org_kind: Vec<usize> = Vec::new();
        for (k, &c) in counts.iter().enumerate() {
            for i in 0..c {
                let kind = &KINDS[k];
                let ix = OrgIx(self.m.orgs.len() as u32);
                let id = format!("{}-{:04}", kind.prefix, i + 1);
                let name = format!("{} {}", title(kind.prefix), i + 1);
                self.m.orgs.push(Org {
                    id: id.clone(),
                    name: name.clone(),
                    org_type: self.ptype(kind.party_type),
                    ico_registration: None,
                    contacts: Vec::new(),
                    file: "generated".into(),
                    note: None,
                });
                self.m.notices.push(Notice {
                    id: format!("{id}-privacy-notice"),
                    file: format!("{id}.txt"),
                    title: format!("{name} privacy notice"),
                    url: None,
                    org: ix,
                    text: String::new(),
                });
                self.notice_text.push(String::new());
                org_kind.push(k);
                self.party(id, name, kind.party_type, Some(ix));
            }
        }
        org_kind
    }

    /// Areas: one per police force; each organisation lies in one.
    fn areas(&mut self, org_kind: &[usize]) -> AreaMap {
        let orgs = org_kind.len();
        let forces: Vec<usize> = (0..orgs).filter(|&o| org_kind[o] == 1).collect();
        let areas = forces.len().max(1);
        // A force's area is its own; the others draw one, in organisation order (a lookup
        // table rather than a search of the forces keeps this linear in organisations).
        let mut force_area: Vec<Option<usize>> = vec![None; orgs];
        for (a, &f) in forces.iter().enumerate() {
            force_area[f] = Some(a);
        }
        let area_of: Vec<usize> = force_area
            .iter()
            .map(|fa| match fa {
                Some(a) => *a,
                None => self.rng.below(areas),
            })
            .collect();
        let mut area_orgs: Vec<Vec<usize>> = vec![Vec::new(); areas];
        for (o, &a) in area_of.iter().enumerate() {
            area_orgs[a].push(o);
        }
        AreaMap {
            forces,
            area_of,
            area_orgs,
        }
    }

    /// The parties other than the organisations: national bodies, generic recipients, a few
    /// local providers per area and each organisation's own teams.
    fn parties(&mut self, map: &AreaMap) -> Parties {
        let national: Vec<PartyIx> = NATIONAL
            .iter()
            .map(|(id, name, t)| self.party(id.to_string(), name.to_string(), t, None))
            .collect();
        let generic: Vec<PartyIx> = GENERIC
            .iter()
            .map(|(id, name, t)| self.party(id.to_string(), name.to_string(), t, None))
            .collect();
        let local_kinds = [
            ("voluntary", "Community Trust"),
            ("commissioned-provider", "Care Services"),
            ("domestic-abuse", "Refuge"),
            ("housing", "Homes"),
            ("youth-services", "Youth Project"),
            ("substance-misuse", "Recovery Service"),
        ];
        let mut local: Vec<Vec<PartyIx>> = Vec::with_capacity(map.area_orgs.len());
        for a in 0..map.area_orgs.len() {
            let mut v = Vec::with_capacity(PER_AREA);
            for i in 0..PER_AREA {
                let (t, word) = local_kinds[i % local_kinds.len()];
                v.push(self.party(
                    format!("area-{:03}-provider-{:02}", a + 1, i + 1),
                    format!("Area {} {} {}", a + 1, word, i + 1),
                    t,
                    None,
                ));
            }
            local.push(v);
        }
        let internal: Vec<PartyIx> = (0..self.m.orgs.len())
            .map(|o| {
                let id = format!("{}-internal-teams", self.m.orgs[o].id);
                let name = format!("{} internal teams", self.m.orgs[o].name);
                self.party(id, name, "internal-team", None)
            })
            .collect();
        Parties {
            zipf_national: Zipf::new(national.len(), 1.1),
            zipf_generic: Zipf::new(generic.len(), 1.0),
            zipf_local: Zipf::new(PER_AREA, 1.2),
            national,
            generic,
            local,
            internal,
        }
    }

    /// Flows per organisation in proportion to its kind's weight.
    fn quotas(&self, org_kind: &[usize]) -> Vec<usize> {
        let orgs = org_kind.len();
        let weights: Vec<f64> = org_kind.iter().map(|&k| KINDS[k].weight).collect();
        let wsum: f64 = weights.iter().sum();
        let mut quota: Vec<usize> = weights
            .iter()
            .map(|w| (w / wsum * self.opts.flows as f64).floor() as usize)
            .collect();
        let mut left = self.opts.flows.saturating_sub(quota.iter().sum());
        let mut o = 0;
        while left > 0 && orgs > 0 {
            quota[o % orgs] += 1;
            left -= 1;
            o += 1;
        }
        quota
    }

    /// One organisation's services and its `quota` flows; `made` is told of each flow.
    fn org_flows(
        &mut self,
        o: usize,
        kinds: &[ServiceKind],
        quota: usize,
        map: &AreaMap,
        p: &Parties,
        made: &mut dyn FnMut(),
    ) {
        let org = OrgIx(o as u32);
        let notice = NoticeIx(o as u32);
        let n_services = kinds.len();
        let first_service = self.m.services.len();
        for (si, sk) in kinds.iter().enumerate() {
            self.service(org, notice, sk, si);
        }
        for i in 0..quota {
            let si = (i + self.rng.below(n_services)) % n_services;
            let sk = &kinds[si];
            let service = ServiceIx((first_service + si) as u32);
            let roll = self.rng.below(100);
            let area = map.area_of[o];
            let party = match roll {
                0..30 => p.national[p.zipf_national.draw(&mut self.rng)],
                30..45 => match map.forces.get(area) {
                    Some(&f) if f != o => PartyIx(f as u32),
                    _ => p.national[0],
                },
                45..57 => {
                    let peer = *self.rng.pick(&map.area_orgs[area]);
                    PartyIx(peer as u32)
                }
                57..77 => p.generic[p.zipf_generic.draw(&mut self.rng)],
                77..92 => p.local[area][p.zipf_local.draw(&mut self.rng)],
                _ => p.internal[o],
            };
            // A council's own teams are not recipients or sources (Art. 4(9)): the loader
            // makes the same choice from the party type.
            let direction = if self.rng.chance(0.3) {
                Direction::From
            } else {
                Direction::To
            };
            let direction = if party == p.internal[o] {
                Direction::Internal
            } else {
                direction
            };
            self.flow(org, notice, service, sk, party, direction);
            made();
        }
    }

    /// Hands the notices their texts and the model its interned tables, and indexes it.
    fn finish(mut self) -> Model {
        for (n, text) in self
            .m
            .notices
            .iter_mut()
            .zip(std::mem::take(&mut self.notice_text))
        {
            n.text = text;
        }
        self.texts.shrink();
        self.cats.shrink();
        self.bases.shrink();
        self.purposes.shrink();
        self.m.texts = self.texts;
        self.m.sets = FlowSets {
            categories: self.cats,
            bases: self.bases,
            purposes: self.purposes,
        };
        self.m.reindex();
        self.m
    }

    fn service(&mut self, org: OrgIx, notice: NoticeIx, sk: &ServiceKind, si: usize) {
        let ix = ServiceIx(self.m.services.len() as u32);
        let oid = self.m.orgs[org.ix()].id.clone();
        let source = self.quote(
            org,
            notice,
            &format!(
                "{} collects personal information to provide its services",
                sk.name
            ),
        );
        let v = &self.m.vocab;
        let svc = Service {
            subjects: sk
                .subjects
                .iter()
                .filter_map(|s| v.subject(s))
                .map(stated(&source))
                .collect(),
            categories: COMMON
                .iter()
                .chain(sk.categories)
                .chain(sk.special)
                .filter_map(|c| v.category(c))
                .map(|c| CategoryUse {
                    category: c,
                    declared_special: v.categories[c.ix()].special,
                })
                .map(stated(&source))
                .collect(),
            purposes: sk
                .purposes
                .iter()
                .filter_map(|p| v.purpose(p))
                .map(stated(&source))
                .collect(),
            bases: ["a6-1-e", "a6-1-c"]
                .iter()
                .filter_map(|b| v.basis(b))
                .map(|b| BasisCitation {
                    basis: Some(b),
                    cited: v.bases[b.ix()].citation(),
                    note: None,
                    purposes: Vec::new(),
                })
                .map(stated(&source))
                .collect(),
            legislation: sk
                .legislation
                .iter()
                .filter_map(|l| v.legislation_id(l))
                .map(|l| LegislationCitation {
                    legislation: Some(l),
                    section: None,
                    cited: v.legislation[l.ix()].title.clone(),
                    status: CitationStatus::Exact,
                    note: None,
                })
                .map(stated(&source))
                .collect(),
            rights: (0..v.rights.len() as u32)
                .map(RightIx)
                .map(stated(&source))
                .collect(),
            ..load::new_service(
                &format!("{oid}-{}", slug(sk.name)),
                sk.name,
                org,
                notice,
                source.clone(),
                Some(format!("Synthetic service {} of {oid}", si + 1)),
            )
        };
        let rule_source = self.quote(
            org,
            notice,
            &format!("{} records are kept for {} years", sk.name, sk.years),
        );
        self.m.retention.push(RetentionRule {
            org,
            service: ix,
            subjects: svc.subjects.first().map(|s| s.value).into_iter().collect(),
            categories: Vec::new(),
            condition: None,
            period: Period::Years(sk.years),
            trigger: if sk.years >= 25 {
                Trigger::Birth
            } else {
                Trigger::Closure
            },
            event: None,
            note: None,
            source: rule_source,
            provenance: Provenance::Stated,
        });
        self.m.services.push(svc);
    }

    fn flow(
        &mut self,
        org: OrgIx,
        notice: NoticeIx,
        service: ServiceIx,
        sk: &ServiceKind,
        party: PartyIx,
        direction: Direction,
    ) {
        let r = &mut self.rng;
        // Categories: one or two ordinary ones, sometimes special, sometimes criminal.
        let mut cats: Vec<&str> = vec![*r.pick(COMMON)];
        if r.chance(0.7) {
            cats.push(*r.pick(sk.categories));
        }
        let special = r.chance(sk.p_special * 0.6);
        if special {
            cats.push(*r.pick(sk.special));
        }
        let criminal = r.chance(sk.p_criminal * 0.6);
        if criminal {
            cats.push(*r.pick(&[
                "criminal-offences",
                "alleged-offences",
                "criminal-proceedings",
            ]));
        }
        let mut cat_ix: Vec<CategoryIx> = cats.iter().filter_map(|c| self.cat(c)).collect();
        cat_ix.sort_unstable();
        cat_ix.dedup();
        // Bases: an Art. 6 basis always; for special data an Art. 9 condition most of the
        // time (with its Schedule 1 paragraph); for criminal data Art. 10 most of the time.
        let r = &mut self.rng;
        let art6 = match r.below(10) {
            0..7 => "a6-1-e",
            7..9 => "a6-1-c",
            _ => "a6-1-a",
        };
        let mut bases = vec![art6];
        if special && r.chance(0.85) {
            let (a9, para) = match r.below(10) {
                0..5 => ("a9-2-h", "sch1-para2"),
                5..8 => ("a9-2-g", "sch1-para18"),
                _ => ("a9-2-b", "sch1-para1"),
            };
            bases.push(a9);
            if r.chance(0.7) {
                bases.push(para);
            }
        }
        if criminal && r.chance(0.9) {
            bases.push("a10");
            if r.chance(0.6) {
                bases.push("sch1-para10");
            }
        }
        let mut basis_ix: Vec<BasisIx> = bases.iter().filter_map(|b| self.basis(b)).collect();
        basis_ix.sort_unstable();
        basis_ix.dedup();
        let r = &mut self.rng;
        let mut purposes: Vec<&str> = vec![*r.pick(sk.purposes)];
        if r.chance(0.4) {
            purposes.push(*r.pick(sk.purposes));
        }
        let mut purpose_ix: Vec<PurposeIx> = purposes
            .iter()
            .filter_map(|p| self.m.vocab.purpose(p))
            .collect();
        purpose_ix.sort_unstable();
        purpose_ix.dedup();
        let stated = self.rng.chance(0.6);
        let condition = self.rng.chance(0.1).then(|| {
            TextIx(
                self.texts
                    .intern(CONDITIONS[self.rng.below(CONDITIONS.len())]),
            )
        });
        let ptype = self.m.parties[party.ix()].party_type;
        let text = format!(
            "{}: we {} {} partners",
            self.m.services[service.ix()].name,
            match direction {
                Direction::To => "share information with",
                Direction::From => "receive information from",
                Direction::Internal => "share information within the council with",
            },
            self.m.vocab.party_types[ptype.ix()].name.to_lowercase(),
        );
        let source = self.quote(org, notice, &text);
        let prov = if stated {
            Provenance::Stated
        } else {
            Provenance::Implied
        };
        let provenance = FlowProvenance {
            party: Provenance::Stated,
            categories: prov,
            bases: if stated && self.rng.chance(0.8) {
                Provenance::Stated
            } else if party.0 % 7 == 3 {
                // Some carried-over bases rest on an inference, so that the three levels are
                // all exercised (decided without the generator, whose sequence stays as it was).
                Provenance::Inferred
            } else {
                Provenance::Implied
            },
            purposes: prov,
        };
        let lists = (
            CategorySet(self.cats.intern(&cat_ix)),
            BasisSet(self.bases.intern(&basis_ix)),
            PurposeSet(self.purposes.intern(&purpose_ix)),
        );
        self.m.flows.push(Flow::new(
            service, party, direction, lists, condition, source, provenance,
        ));
    }
}

fn title(prefix: &str) -> String {
    prefix
        .split('-')
        .map(|w| match w {
            "nhs" => "NHS".to_string(),
            w => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// Local providers made per area.
const PER_AREA: usize = 12;

/// Where each organisation lies: the forces (one per area), each organisation's area and the
/// organisations of each area.
struct AreaMap {
    forces: Vec<usize>,
    area_of: Vec<usize>,
    area_orgs: Vec<Vec<usize>>,
}

/// The parties flows go to or come from, with the skew of each group.
struct Parties {
    national: Vec<PartyIx>,
    generic: Vec<PartyIx>,
    local: Vec<Vec<PartyIx>>,
    internal: Vec<PartyIx>,
    zipf_national: Zipf,
    zipf_generic: Zipf,
    zipf_local: Zipf,
}
