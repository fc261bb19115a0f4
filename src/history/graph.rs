//! The commit graph of one pass, for questions dates cannot answer honestly: was this content
//! committed *before* the approval that names it? Dates are whatever the committer typed
//! (`GIT_COMMITTER_DATE`); parent links are part of each commit's id and cannot be faked
//! without rewriting every descendant.

use super::record::CommitRecord;
use std::collections::{HashMap, HashSet};

/// Parent links between records (by index) with generation numbers to prune searches.
#[derive(Debug, Clone)]
pub struct Graph {
    parents: Vec<Vec<usize>>,
    /// 1 for a commit without (known) parents, else one more than its highest parent.
    generation: Vec<u32>,
}

impl Graph {
    pub fn new(records: &[CommitRecord]) -> Graph {
        let position: HashMap<&str, usize> = records
            .iter()
            .enumerate()
            .map(|(index, record)| (record.id.as_str(), index))
            .collect();
        let parents: Vec<Vec<usize>> = records
            .iter()
            .map(|record| {
                record
                    .parents
                    .iter()
                    .filter_map(|parent| position.get(parent.as_str()).copied())
                    .collect()
            })
            .collect();
        // Iterative post-order: a commit's generation needs its parents' first. Dates may be
        // skewed, so record order is no guide.
        let mut generation = vec![0u32; records.len()];
        for start in 0..records.len() {
            if generation[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, false)];
            while let Some((node, parents_done)) = stack.pop() {
                if generation[node] != 0 {
                    continue;
                }
                if parents_done {
                    generation[node] = 1 + parents[node]
                        .iter()
                        .map(|parent| generation[*parent])
                        .max()
                        .unwrap_or(0);
                } else {
                    stack.push((node, true));
                    for parent in &parents[node] {
                        if generation[*parent] == 0 {
                            stack.push((*parent, false));
                        }
                    }
                }
            }
        }
        Graph {
            parents,
            generation,
        }
    }

    /// Whether `ancestor` is `descendant` or reachable from it through parent links.
    pub fn is_ancestor(&self, ancestor: usize, descendant: usize) -> bool {
        if ancestor == descendant {
            return true;
        }
        let (Some(&floor), Some(&top)) = (
            self.generation.get(ancestor),
            self.generation.get(descendant),
        ) else {
            return false;
        };
        if floor >= top {
            return false;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![descendant];
        while let Some(node) = stack.pop() {
            for &parent in &self.parents[node] {
                if parent == ancestor {
                    return true;
                }
                if self.generation[parent] > floor && seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::Person;

    fn record(id: &str, parents: &[&str]) -> CommitRecord {
        let person = Person {
            name: String::new(),
            email: String::new(),
            seconds: 0,
            offset: 0,
        };
        CommitRecord {
            id: id.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            author: person.clone(),
            committer: person,
            summary: String::new(),
            trailers: vec![],
            signed: false,
            changes: vec![],
            brought_in: vec![],
            merge_sources: vec![],
            boundary: false,
        }
    }

    #[test]
    fn ancestry_ignores_record_order() {
        // d merges b and c, which both descend from a; record order is scrambled (skewed dates).
        let records = vec![
            record("a", &[]),
            record("d", &["b", "c"]),
            record("c", &["a"]),
            record("b", &["a"]),
            record("e", &[]),
        ];
        let graph = Graph::new(&records);
        assert!(graph.is_ancestor(0, 1));
        assert!(graph.is_ancestor(3, 1));
        assert!(graph.is_ancestor(2, 1));
        assert!(!graph.is_ancestor(1, 0));
        assert!(!graph.is_ancestor(2, 3));
        assert!(!graph.is_ancestor(4, 1));
        assert!(graph.is_ancestor(4, 4));
    }
}
