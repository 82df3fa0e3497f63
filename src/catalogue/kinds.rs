//! The closed vocabularies of the catalogue: the words a field may take (a requirement's kind,
//! a decision's timing, a tool's lifecycle, a check's kind and priority, ...). The raw files
//! read them and the validated items keep them unchanged, so they are declared once, here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementKind {
    Goal,
    SecondaryGoal,
    NonGoal,
    Constraint,
    Principle,
    DataClass,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    /// Decide before the first workload: changing it later means rebuilding.
    #[serde(rename = "day-1")]
    Day1,
    /// Decide within the first month of operation.
    FirstMonth,
    /// Add when a trigger is met.
    WhenNeeded,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reversibility {
    Hard,
    Moderate,
    Easy,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LockIn {
    Low,
    Medium,
    High,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    Active,
    Deprecated,
    Retired,
    EndOfLife,
    LicenceChanged,
    Archived,
    /// No releases and no maintainer any more, without a formal retirement.
    Unmaintained,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Criticality {
    Blocking,
    Important,
    Later,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    Assumption,
    DocumentationGap,
    Risk,
    Recommendation,
    LockIn,
    Strategy,
    Phase,
    SuccessCriterion,
}

/// When a checklist's action is due, in the tiers of an action plan: the first week, weeks two
/// to four, or months two and three. Checklists are listed in this order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum Priority {
    #[serde(rename = "week-1")]
    Week1,
    #[serde(rename = "weeks-2-4")]
    Weeks2To4,
    #[serde(rename = "months-2-3")]
    Months2To3,
}
