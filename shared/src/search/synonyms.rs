//! Words that mean the same to people asking (`synonyms.txt`: one group per line, words
//! or short phrases separated by commas; `#` starts a comment). Each word of a group
//! stands for every other, by stem.

use std::collections::HashMap;

use super::Analyzer;

const GROUPS: &str = include_str!("synonyms.txt");

/// Stem (and folded surface word) → the stems of its groups.
pub fn table(analyzer: &Analyzer) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for line in GROUPS.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let members: Vec<(String, String)> = line
            .split(',')
            .flat_map(|phrase| analyzer.analyze(phrase))
            .map(|w| (w.surface, w.stem))
            .collect();
        let stems: Vec<String> = members.iter().map(|(_, s)| s.clone()).collect();
        for (surface, stem) in &members {
            for key in [surface, stem] {
                let list = out.entry(key.clone()).or_default();
                for s in &stems {
                    if !list.contains(s) {
                        list.push(s.clone());
                    }
                }
            }
        }
    }
    out
}
