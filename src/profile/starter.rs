//! The data behind `kubecompass init`: every declared fact, grouped as a profile is written,
//! with what it means, its allowed values and the question that asks for it.

use crate::catalogue::{Catalogue, Criticality};
use crate::fact::FactType;
use compact_str::CompactString;
use serde::Serialize;

#[derive(Serialize)]
pub struct Starter {
    pub groups: Vec<Group>,
}

#[derive(Serialize)]
pub struct Group {
    pub name: String,
    pub facts: Vec<StarterFact>,
}

#[derive(Serialize)]
pub struct StarterFact {
    pub id: CompactString,
    pub key: CompactString,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub meaning: CompactString,
    pub ask: CompactString,
    pub unit: Option<CompactString>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub values: Vec<Word>,
    pub questions: Vec<AskedBy>,
}

#[derive(Serialize)]
pub struct Word {
    pub word: CompactString,
    pub meaning: CompactString,
}

#[derive(Serialize)]
pub struct AskedBy {
    pub id: CompactString,
    pub criticality: Criticality,
}

/// Facts grouped in catalogue order (groups in order of their first fact).
pub fn starter(catalogue: &Catalogue) -> Starter {
    let mut groups: Vec<Group> = Vec::new();
    for fact in &catalogue.facts {
        let (min, max) = match fact.ty {
            FactType::Integer { min, max } => (min, max),
            _ => (None, None),
        };
        let entry = StarterFact {
            id: fact.id.clone(),
            key: fact.key().into(),
            ty: fact.ty.name(),
            meaning: fact.meaning.clone(),
            ask: fact.ask.clone(),
            unit: fact.unit.clone(),
            min,
            max,
            values: fact
                .ty
                .words()
                .iter()
                .zip(&fact.meanings)
                .map(|(w, m)| Word {
                    word: w.clone(),
                    meaning: m.clone(),
                })
                .collect(),
            questions: catalogue
                .questions_setting(&fact.id)
                .map(|q| AskedBy {
                    id: q.id.clone(),
                    criticality: q.criticality,
                })
                .collect(),
        };
        match groups.iter_mut().find(|g| g.name == fact.group()) {
            Some(g) => g.facts.push(entry),
            None => groups.push(Group {
                name: fact.group().to_string(),
                facts: vec![entry],
            }),
        }
    }
    Starter { groups }
}
