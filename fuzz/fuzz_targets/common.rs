//! What several targets share: the shipped catalogue, validated once per process.

use kubecompass::catalogue::Catalogue;
use kubecompass::shipped;
use std::sync::OnceLock;

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogue::from_sources(shipped::load(None).expect("shipped sources"))
            .expect("the shipped catalogue is valid")
    })
}
