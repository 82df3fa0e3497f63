//! Citations: how an item names the public documents its knowledge comes from.
//!
//! An item's `source` is one or more citations separated by `;`, each a registered source id
//! and a locator: `kubecompass-webshop-p1 §2.1 (Q5); kubecompass-decision-rules §"Networking"`.
//! Validation checks every id against the registry; templates turn each into a link.

/// One citation: which registered source, and where in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation<'t> {
    pub source: &'t str,
    /// The section, heading or key, as written (`§2.1 (Q5)`).
    pub locator: &'t str,
}

/// The citations in a `source` text, in order; `Err` holds a part that has no locator.
pub fn citations(text: &str) -> impl Iterator<Item = Result<Citation<'_>, &str>> {
    text.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once(char::is_whitespace) {
            Some((source, locator)) if !locator.trim().is_empty() => Ok(Citation {
                source,
                locator: locator.trim(),
            }),
            _ => Err(part),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_text_splits_into_citations() {
        let found: Vec<_> =
            citations("kubecompass-webshop-p1 §2.1 (Q5); kubecompass-matrix §\"Networking\"")
                .collect();
        assert_eq!(
            found,
            [
                Ok(Citation {
                    source: "kubecompass-webshop-p1",
                    locator: "§2.1 (Q5)"
                }),
                Ok(Citation {
                    source: "kubecompass-matrix",
                    locator: "§\"Networking\""
                })
            ]
        );
    }

    #[test]
    fn a_citation_without_a_locator_is_an_error() {
        assert_eq!(
            citations("kubecompass-matrix; x §1").collect::<Vec<_>>(),
            [
                Err("kubecompass-matrix"),
                Ok(Citation {
                    source: "x",
                    locator: "§1"
                })
            ]
        );
    }
}
