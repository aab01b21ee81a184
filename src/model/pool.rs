//! Interning pools: each distinct text or set is stored once and named by a `u32`, so that a
//! million flows quoting the same sentence or sending the same categories cost four bytes each.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

/// Distinct texts, concatenated, with their start offsets.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TextPool {
    data: String,
    /// `ends[i]` is the end of text `i` in `data`; it starts where `i - 1` ends.
    ends: Vec<u32>,
    #[serde(skip)]
    lookup: HashMap<Box<str>, u32>,
}

impl TextPool {
    /// The id of `text`, adding it when new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if self.lookup.is_empty() && !self.ends.is_empty() {
            self.rebuild_lookup();
        }
        if let Some(&i) = self.lookup.get(text) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.data.push_str(text);
        self.ends.push(self.data.len() as u32);
        self.lookup.insert(text.into(), i);
        i
    }

    fn rebuild_lookup(&mut self) {
        let texts: Vec<(Box<str>, u32)> = (0..self.ends.len() as u32)
            .map(|i| (self.get(i).into(), i))
            .collect();
        self.lookup = texts.into_iter().collect();
    }

    /// The text with id `i` (empty for an id the pool does not have).
    pub(crate) fn get(&self, i: u32) -> &str {
        self.data.get(bounds(&self.ends, i)).unwrap_or("")
    }

    /// How many texts.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Drops the lookup table once building is over (it would double the memory).
    pub(crate) fn shrink(&mut self) {
        self.lookup = HashMap::new();
        self.data.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Whether the offsets are increasing, end within the data and on character boundaries
    /// (a snapshot is checked before use).
    pub(crate) fn is_valid(&self) -> bool {
        ends_valid(&self.ends, |e| {
            e <= self.data.len() && self.data.is_char_boundary(e)
        })
    }
}

/// Distinct sets, each a set in the mathematical sense: a value written twice is kept once
/// (at its first place), so that every reader — the posting lists, the scanning evaluator,
/// the reports — counts it once. Order is otherwise kept as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(
    serialize = "T: Serialize",
    deserialize = "T: Deserialize<'de> + Eq + Hash"
))]
pub struct SetPool<T: Eq + Hash> {
    items: Vec<T>,
    ends: Vec<u32>,
    #[serde(skip)]
    lookup: HashMap<Vec<T>, u32>,
}

impl<T: Eq + Hash> Default for SetPool<T> {
    fn default() -> Self {
        SetPool {
            items: Vec::new(),
            ends: Vec::new(),
            lookup: HashMap::new(),
        }
    }
}

impl<T: Copy + Eq + Hash> SetPool<T> {
    /// The id of `set` with repeated values dropped, adding it when new.
    pub(crate) fn intern(&mut self, set: &[T]) -> u32 {
        let distinct = distinct(set);
        let set = distinct.as_slice();
        if self.lookup.is_empty() && !self.ends.is_empty() {
            self.lookup = (0..self.ends.len() as u32)
                .map(|i| (self.get(i).to_vec(), i))
                .collect();
        }
        if let Some(&i) = self.lookup.get(set) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.items.extend_from_slice(set);
        self.ends.push(self.items.len() as u32);
        self.lookup.insert(set.to_vec(), i);
        i
    }

    /// The set with id `i` (empty for an id the pool does not have).
    pub(crate) fn get(&self, i: u32) -> &[T] {
        self.items.get(bounds(&self.ends, i)).unwrap_or(&[])
    }

    /// How many sets.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Every element of every set.
    pub(crate) fn items(&self) -> &[T] {
        &self.items
    }

    /// Drops the lookup table once building is over.
    pub(crate) fn shrink(&mut self) {
        self.lookup = HashMap::new();
        self.items.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Whether the offsets are increasing and within the items, and no set repeats a value
    /// (a snapshot is checked before use; `intern` never writes a repeat).
    pub(crate) fn is_valid(&self) -> bool {
        ends_valid(&self.ends, |e| e <= self.items.len())
            && (0..self.ends.len() as u32).all(|i| distinct(self.get(i)).len() == self.get(i).len())
    }
}

/// Where entry `i` of a pool lies in its data, from the ends of all entries (each starts where
/// the one before ends); an empty range for an id the pool does not have.
fn bounds(ends: &[u32], i: u32) -> std::ops::Range<usize> {
    let i = i as usize;
    let start = match i.checked_sub(1) {
        Some(before) => ends.get(before).copied().unwrap_or(0) as usize,
        None => 0,
    };
    let end = ends.get(i).copied().unwrap_or(0) as usize;
    start..end
}

/// Whether the ends of a pool's entries never decrease and each is a place `fits` in its data
/// (a snapshot is checked before use).
fn ends_valid(ends: &[u32], fits: impl Fn(usize) -> bool) -> bool {
    let mut prev = 0u32;
    ends.iter().all(|&e| {
        let ok = e >= prev && fits(e as usize);
        prev = e;
        ok
    })
}

/// `xs` without repeats, each value at its first place. Quadratic for the short sets of real
/// notices, hashed past that so a file listing thousands of values stays linear.
fn distinct<T: Copy + Eq + Hash>(xs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(xs.len());
    if xs.len() <= 32 {
        for &x in xs {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    } else {
        let mut seen = std::collections::HashSet::with_capacity(xs.len());
        out.extend(xs.iter().copied().filter(|x| seen.insert(*x)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_shares_equal_texts_and_sets() {
        let mut t = TextPool::default();
        let a = t.intern("we share");
        let b = t.intern("with the police");
        assert_eq!(t.intern("we share"), a);
        assert_eq!((t.get(a), t.get(b)), ("we share", "with the police"));
        let mut s = SetPool::default();
        let x = s.intern(&[3u32, 1]);
        assert_eq!(s.intern(&[3, 1]), x);
        assert_ne!(s.intern(&[1, 3]), x);
        assert_eq!(s.get(x), &[3, 1]);
        assert_eq!(s.get(99), &[] as &[u32]);
        // A value written twice is one value: same set, same id.
        assert_eq!(s.intern(&[3, 1, 3]), x);
        let long: Vec<u32> = (0..100).chain(0..100).collect();
        let y = s.intern(&long);
        assert_eq!(s.get(y), (0..100).collect::<Vec<_>>().as_slice());
        assert!(s.is_valid());
    }
}
