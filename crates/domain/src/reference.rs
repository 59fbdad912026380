//! Published reference lists that several programs point to, written down once with where they
//! come from. A program refers to a list by name (`Criterion::ExcludedSectors`); the list's
//! entries, name and source live here, so a correction reaches every program that uses it.

use serde::{Deserialize, Serialize};

use crate::text::L10n;

/// A published list of sectors excluded from support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SectorList {
    /// The Ministry of SMEs and Startups' sectors excluded from small-business policy-fund loans
    /// (소상공인 정책자금 융자제외 대상 업종), which Seoul's 2023 employment programs exclude by
    /// reference ("Reference 1" of `../shared/seeds/004_aa72d5351b0aa835.txt`).
    MssPolicyFundExclusions,
}

/// One entry of a list: a KSIC pattern (a section letter or a code prefix) and its name.
#[derive(Clone, Copy, Debug)]
pub struct SectorEntry {
    pub pattern: &'static str,
    pub ko: &'static str,
    pub en: &'static str,
}

const fn entry(pattern: &'static str, ko: &'static str, en: &'static str) -> SectorEntry {
    SectorEntry { pattern, ko, en }
}

/// The sectors of the policy-fund exclusion list the desk checks. The published list is longer
/// and changes yearly; these are its sectors named in the seeds' programs (the Jongno fund's
/// exclusions, `003_7d6cf872d2ab8735.txt`) and its long-standing gambling, entertainment and
/// professional-office entries. A sector not here is not cleared by it: programs that use the
/// list also ask the applicant to confirm the whole list (`to_confirm`).
const MSS_POLICY_FUND: &[SectorEntry] = &[
    entry("56211", "일반유흥 주점업", "general entertainment bars"),
    entry("56212", "무도유흥 주점업", "dance entertainment bars"),
    entry("64", "금융업", "finance"),
    entry("65", "보험 및 연금업", "insurance and pension funding"),
    entry("66", "금융 및 보험 관련 서비스업", "activities auxiliary to finance and insurance"),
    entry("68", "부동산업", "real estate"),
    entry("9124", "사행시설 관리 및 운영업", "gambling and betting facilities"),
    entry("91291", "무도장 운영업", "dance halls"),
    entry("96992", "점술 및 유사 서비스업", "fortune telling and similar services"),
];

impl SectorList {
    pub const ALL: [SectorList; 1] = [SectorList::MssPolicyFundExclusions];

    pub fn name(self) -> L10n {
        match self {
            SectorList::MssPolicyFundExclusions => L10n::new(
                "중기부 소상공인 정책자금 융자제외 대상 업종",
                "MSS small-business policy-fund exclusion list",
            ),
        }
    }

    /// Where the list is published, and the seed that refers to it.
    pub fn source(self) -> &'static str {
        match self {
            SectorList::MssPolicyFundExclusions => {
                "중소벤처기업부 「소상공인 정책자금 융자제외 대상 업종」 (004_aa72d5351b0aa835.txt 참고 1)"
            }
        }
    }

    pub fn entries(self) -> &'static [SectorEntry] {
        match self {
            SectorList::MssPolicyFundExclusions => MSS_POLICY_FUND,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ksic::Ksic;

    #[test]
    fn every_entry_is_a_ksic_section_or_code_prefix_the_table_knows() {
        let t = Ksic::get();
        for list in SectorList::ALL {
            for e in list.entries() {
                let known = t.section(e.pattern).is_some() || t.name(e.pattern).is_some();
                assert!(known, "{:?}: {} ({}) is not in the KSIC table", list, e.pattern, e.ko);
            }
        }
    }
}
