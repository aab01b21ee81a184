//! The shared vocabularies: category, subject, purpose and party-type trees, lawful bases,
//! the legislation registry and data-subject rights.

use super::ix::{BasisIx, CategoryIx, LegislationIx, PartyTypeIx, PurposeIx, RightIx, SubjectIx};
use std::collections::HashMap;

/// A tree over entries `0..n`, numbered in pre-order so that "is `a` within `b`" is an
/// interval test rather than a walk: `b.pre <= a.pre < b.end`.
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    parent: Vec<Option<u32>>,
    pre: Vec<u32>,
    end: Vec<u32>,
}

impl Hierarchy {
    /// Builds the tree from each entry's parent. The caller guarantees there is no cycle.
    pub(crate) fn new(parent: Vec<Option<u32>>) -> Self {
        let n = parent.len();
        let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p as usize].push(i as u32),
                None => roots.push(i as u32),
            }
        }
        let mut pre = vec![0; n];
        let mut end = vec![0; n];
        let mut counter = 0u32;
        // Iterative DFS: the trees come from user files, so no recursion depth to exhaust.
        let mut stack: Vec<(u32, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
        while let Some((node, done)) = stack.pop() {
            if done {
                end[node as usize] = counter;
                continue;
            }
            pre[node as usize] = counter;
            counter += 1;
            stack.push((node, true));
            for &c in children[node as usize].iter().rev() {
                stack.push((c, false));
            }
        }
        Hierarchy { parent, pre, end }
    }

    /// True when `a` is `b` or a descendant of `b`.
    pub fn within(&self, a: u32, b: u32) -> bool {
        let (a, b) = (a as usize, b as usize);
        self.pre[b] <= self.pre[a] && self.pre[a] < self.end[b]
    }

    /// The parent of `a`, if it has one.
    pub(crate) fn parent(&self, a: u32) -> Option<u32> {
        self.parent.get(a as usize).copied().flatten()
    }

    /// `a` and its ancestors, nearest first.
    pub(crate) fn ancestors(&self, a: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(a), move |&x| self.parent(x))
    }

    /// The pre-order interval `[pre, end)` covering `a` and its descendants.
    pub(crate) fn interval(&self, a: u32) -> (u32, u32) {
        (self.pre[a as usize], self.end[a as usize])
    }

    /// Pre-order number of `a`.
    pub(crate) fn pre(&self, a: u32) -> u32 {
        self.pre[a as usize]
    }
}

/// An entry of one of the tree vocabularies (category, subject, purpose, party type).
#[derive(Debug, Clone)]
pub struct TreeEntry {
    /// Stable kebab-case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// W3C DPV concepts (`pd:Name`, `dpv:Child`): none, one, or several where the entry
    /// spans several concepts.
    pub dpv: Vec<String>,
    /// Longer explanation.
    pub description: Option<String>,
}

/// A personal-data category.
#[derive(Debug, Clone)]
pub struct Category {
    /// Id, name, DPV concept.
    pub entry: TreeEntry,
    /// Special category data (Art. 9), own flag or inherited from an ancestor.
    pub special: bool,
    /// Criminal-offence data (Art. 10), own flag or inherited from an ancestor.
    pub criminal: bool,
}

/// Which law a basis comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Law {
    /// UK GDPR.
    UkGdpr,
    /// Data Protection Act 2018.
    Dpa2018,
}

/// A lawful basis or condition as a typed legal reference.
#[derive(Debug, Clone)]
pub struct Basis {
    /// Stable id (`a9-2-h`, `sch1-para36`).
    pub id: String,
    /// Short name (`Health or social care`).
    pub name: String,
    /// The law it comes from.
    pub law: Law,
    /// UK GDPR article (6, 9, 10).
    pub article: Option<u32>,
    /// Paragraph (Art. 6(1), 9(2)) or Schedule 1 paragraph number.
    pub paragraph: Option<u32>,
    /// Lettered point (`e`, `h`, `ea`).
    pub point: Option<String>,
    /// DPA 2018 schedule number.
    pub schedule: Option<u32>,
    /// DPA 2018 schedule part.
    pub part: Option<u32>,
    /// DPV legal-basis id.
    pub dpv: Option<String>,
    /// A group of conditions one of which must be relied on beside this one
    /// (`sch1`, `sch1-part1`, `sch1-part2`).
    pub requires_one_of: Option<String>,
    /// What it covers.
    pub description: Option<String>,
}

impl Basis {
    /// The conventional citation: `UK GDPR Art. 9(2)(h)`, `DPA 2018 Sch. 1 Pt. 3 para. 36`.
    pub(crate) fn citation(&self) -> String {
        match self.law {
            Law::UkGdpr => {
                let mut s = format!("UK GDPR Art. {}", self.article.unwrap_or(0));
                if let Some(p) = self.paragraph {
                    s.push_str(&format!("({p})"));
                }
                if let Some(p) = &self.point {
                    s.push_str(&format!("({p})"));
                }
                s
            }
            Law::Dpa2018 => format!(
                "DPA 2018 Sch. {} Pt. {} para. {}",
                self.schedule.unwrap_or(1),
                self.part.unwrap_or(0),
                self.paragraph.unwrap_or(0)
            ),
        }
    }

    /// The group this basis belongs to: `art6`, `art9`, `art10`, `sch1-part1` … `sch1-part3`.
    pub fn group(&self) -> String {
        match self.law {
            Law::UkGdpr => format!("art{}", self.article.unwrap_or(0)),
            Law::Dpa2018 => format!(
                "sch{}-part{}",
                self.schedule.unwrap_or(1),
                self.part.unwrap_or(0)
            ),
        }
    }
}

/// The kind of a legislative instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegislationKind {
    /// An Act of Parliament.
    Act,
    /// A statutory instrument (regulations, orders).
    StatutoryInstrument,
    /// Retained EU law (UK GDPR).
    EuRegulation,
}

/// An Act or instrument of the registry.
#[derive(Debug, Clone)]
pub struct Legislation {
    /// Stable id (`children-act-1989`).
    pub id: String,
    /// Canonical short title.
    pub title: String,
    /// Year.
    pub year: u32,
    /// Act, statutory instrument or EU regulation.
    pub kind: LegislationKind,
    /// legislation.gov.uk id (`ukpga/1989/41`).
    pub gov_uk: Option<String>,
    /// Bases this gateway typically supports.
    pub supports: Vec<BasisIx>,
    /// Other names that denote exactly this instrument ("DPA 2018", "UK GDPR"): a citation by
    /// one of them is exact, not a wrong title.
    pub aliases: Vec<String>,
    /// Notes.
    pub description: Option<String>,
}

/// A data-subject right.
#[derive(Debug, Clone)]
pub struct Right {
    /// Stable id (`access`).
    pub id: String,
    /// Name.
    pub name: String,
    /// UK GDPR article (`15`).
    pub article: String,
    /// What the right lets a person do.
    pub description: Option<String>,
}

/// All vocabularies, with id lookup.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Categories, indexed by [`CategoryIx`].
    pub categories: Vec<Category>,
    /// The category tree.
    pub category_tree: Hierarchy,
    /// Data-subject categories.
    pub subjects: Vec<TreeEntry>,
    /// The subject tree.
    pub subject_tree: Hierarchy,
    /// Purposes.
    pub purposes: Vec<TreeEntry>,
    /// The purpose tree.
    pub purpose_tree: Hierarchy,
    /// Party types.
    pub party_types: Vec<TreeEntry>,
    /// The party-type tree.
    pub party_type_tree: Hierarchy,
    /// Lawful bases.
    pub bases: Vec<Basis>,
    /// The legislation registry.
    pub legislation: Vec<Legislation>,
    /// Rights.
    pub rights: Vec<Right>,
    pub(crate) index: VocabIndex,
}

/// Id → index maps of each vocabulary.
#[derive(Debug, Clone, Default)]
pub(crate) struct VocabIndex {
    pub categories: HashMap<String, u32>,
    pub subjects: HashMap<String, u32>,
    pub purposes: HashMap<String, u32>,
    pub party_types: HashMap<String, u32>,
    pub bases: HashMap<String, u32>,
    pub legislation: HashMap<String, u32>,
    pub rights: HashMap<String, u32>,
}

impl Vocab {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<CategoryIx> {
        self.index.categories.get(id).map(|&i| CategoryIx(i))
    }
    /// The subject with this id.
    pub fn subject(&self, id: &str) -> Option<SubjectIx> {
        self.index.subjects.get(id).map(|&i| SubjectIx(i))
    }
    /// The purpose with this id.
    pub fn purpose(&self, id: &str) -> Option<PurposeIx> {
        self.index.purposes.get(id).map(|&i| PurposeIx(i))
    }
    /// The party type with this id.
    pub(crate) fn party_type(&self, id: &str) -> Option<PartyTypeIx> {
        self.index.party_types.get(id).map(|&i| PartyTypeIx(i))
    }
    /// The basis with this id.
    pub fn basis(&self, id: &str) -> Option<BasisIx> {
        self.index.bases.get(id).map(|&i| BasisIx(i))
    }
    /// The legislation with this id.
    pub(crate) fn legislation_id(&self, id: &str) -> Option<LegislationIx> {
        self.index.legislation.get(id).map(|&i| LegislationIx(i))
    }
    /// The right with this id.
    pub fn right(&self, id: &str) -> Option<RightIx> {
        self.index.rights.get(id).map(|&i| RightIx(i))
    }
}

#[cfg(test)]
mod tests {
    use super::Hierarchy;

    #[test]
    fn hierarchy_intervals_follow_the_tree() {
        // 0 health > 1 mental-health, 2 physical-health; 3 housing
        let h = Hierarchy::new(vec![None, Some(0), Some(0), None]);
        assert!(h.within(1, 0));
        assert!(h.within(2, 0));
        assert!(h.within(0, 0));
        assert!(!h.within(0, 1));
        assert!(!h.within(3, 0));
        assert_eq!(h.ancestors(2).collect::<Vec<_>>(), vec![2, 0]);
    }
}
