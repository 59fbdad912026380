//! Cities/provinces and Seoul's 25 districts, in Korean or romanized spelling.
//!
//! Canonical values are the official Korean names ("서울특별시", "광진구"); input may be
//! Korean, short Korean ("서울", "광진") or romanized ("Seoul", "Gwangjin-gu", "gwangjin").

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::{Error, Result};

/// (canonical Korean, short Korean, English) for the 17 first-level divisions.
pub const CITIES: &[(&str, &str, &str)] = &[
    ("서울특별시", "서울", "Seoul"),
    ("부산광역시", "부산", "Busan"),
    ("대구광역시", "대구", "Daegu"),
    ("인천광역시", "인천", "Incheon"),
    ("광주광역시", "광주", "Gwangju"),
    ("대전광역시", "대전", "Daejeon"),
    ("울산광역시", "울산", "Ulsan"),
    ("세종특별자치시", "세종", "Sejong"),
    ("경기도", "경기", "Gyeonggi"),
    ("강원특별자치도", "강원", "Gangwon"),
    ("충청북도", "충북", "Chungbuk"),
    ("충청남도", "충남", "Chungnam"),
    ("전북특별자치도", "전북", "Jeonbuk"),
    ("전라남도", "전남", "Jeonnam"),
    ("경상북도", "경북", "Gyeongbuk"),
    ("경상남도", "경남", "Gyeongnam"),
    ("제주특별자치도", "제주", "Jeju"),
];

pub const SEOUL: &str = "서울특별시";

/// Seoul's 25 autonomous districts: (Korean, romanized).
pub const SEOUL_DISTRICTS: &[(&str, &str)] = &[
    ("종로구", "Jongno-gu"),
    ("중구", "Jung-gu"),
    ("용산구", "Yongsan-gu"),
    ("성동구", "Seongdong-gu"),
    ("광진구", "Gwangjin-gu"),
    ("동대문구", "Dongdaemun-gu"),
    ("중랑구", "Jungnang-gu"),
    ("성북구", "Seongbuk-gu"),
    ("강북구", "Gangbuk-gu"),
    ("도봉구", "Dobong-gu"),
    ("노원구", "Nowon-gu"),
    ("은평구", "Eunpyeong-gu"),
    ("서대문구", "Seodaemun-gu"),
    ("마포구", "Mapo-gu"),
    ("양천구", "Yangcheon-gu"),
    ("강서구", "Gangseo-gu"),
    ("구로구", "Guro-gu"),
    ("금천구", "Geumcheon-gu"),
    ("영등포구", "Yeongdeungpo-gu"),
    ("동작구", "Dongjak-gu"),
    ("관악구", "Gwanak-gu"),
    ("서초구", "Seocho-gu"),
    ("강남구", "Gangnam-gu"),
    ("송파구", "Songpa-gu"),
    ("강동구", "Gangdong-gu"),
];

/// Seoul district names that also exist in other cities; the city cannot be inferred from them.
const SHARED_DISTRICT_NAMES: &[&str] = &["중구", "강서구"];

/// Lower-case ASCII letters and Hangul only: "Gwangjin-gu" and "gwangjin gu" fold alike.
fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The canonical Korean name of a city or province, from any accepted spelling.
pub fn canonical_city(input: &str) -> Option<&'static str> {
    // Every accepted spelling, folded, built once: imports look up a dozen hashtags per notice.
    static SPELLINGS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        let mut m = HashMap::new();
        for &(ko, short, en) in CITIES {
            let en_f = fold(en);
            for s in [
                fold(ko),
                fold(short),
                format!("{}시", fold(short)),
                en_f.clone(),
                format!("{en_f}si"),
                format!("{en_f}do"),
                format!("{en_f}city"),
                format!("{en_f}metropolitancity"),
                format!("{en_f}province"),
                format!("{en_f}specialcity"),
            ] {
                // The first city to claim a spelling keeps it.
                m.entry(s).or_insert(ko);
            }
        }
        m
    });
    // Already folded (Hangul syllables, lowercase letters, digits: most hashtags and words of a
    // notice): looked up as is, without building a folded copy.
    let folded = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ('가'..='힣').contains(&c);
    if input.chars().all(folded) {
        return spellings.get(input).copied();
    }
    spellings.get(&fold(input)).copied()
}

/// The canonical Korean name of a Seoul district, from any accepted spelling.
pub fn canonical_seoul_district(input: &str) -> Option<&'static str> {
    static SPELLINGS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        let mut m = HashMap::new();
        for &(ko, en) in SEOUL_DISTRICTS {
            let ko_f = fold(ko);
            let ko_short = ko_f.trim_end_matches('구').to_string();
            let en_f = fold(en); // "gwangjingu"
            let en_short = en_f.trim_end_matches("gu").to_string();
            for s in [ko_f, ko_short, en_f, en_short] {
                m.entry(s).or_insert(ko);
            }
        }
        m
    });
    // Already folded (Hangul syllables, lowercase letters, digits: most hashtags and words of a
    // notice): looked up as is, without building a folded copy.
    let folded = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ('가'..='힣').contains(&c);
    if input.chars().all(folded) {
        return spellings.get(input).copied();
    }
    spellings.get(&fold(input)).copied()
}

/// Whether a Seoul district name is unique to Seoul, so that the city may be inferred.
pub fn district_implies_seoul(canonical: &str) -> bool {
    SEOUL_DISTRICTS.iter().any(|(ko, _)| *ko == canonical) && !SHARED_DISTRICT_NAMES.contains(&canonical)
}

/// English name for a canonical city or Seoul district; other text is returned as is.
pub fn english_name(canonical: &str) -> String {
    CITIES
        .iter()
        .find(|c| c.0 == canonical)
        .map(|c| c.2)
        .or_else(|| SEOUL_DISTRICTS.iter().find(|d| d.0 == canonical).map(|d| d.1))
        .unwrap_or(canonical)
        .to_string()
}

/// Normalize a city and district pair as entered on a profile.
/// Returns (city, district) in canonical form. A Seoul city requires one of its 25 districts;
/// districts elsewhere are kept as entered (trimmed).
pub fn normalize_location(city: Option<&str>, district: Option<&str>) -> Result<(Option<String>, Option<String>)> {
    let city = match city.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(
            canonical_city(c)
                .ok_or_else(|| {
                    Error::invalid("city", c, "not a Korean city or province (e.g. 서울특별시, Seoul, 경기도)")
                })?
                .to_string(),
        ),
    };
    let district = district.map(str::trim).filter(|s| !s.is_empty());
    match (city, district) {
        (c, None) => Ok((c, None)),
        (Some(c), Some(d)) if c == SEOUL => {
            let d = canonical_seoul_district(d).ok_or_else(|| {
                Error::invalid("district", d, "not one of Seoul's 25 districts (e.g. 광진구, Gwangjin-gu)")
            })?;
            Ok((Some(c), Some(d.to_string())))
        }
        (Some(c), Some(d)) => Ok((Some(c), Some(d.to_string()))),
        (None, Some(d)) => match canonical_seoul_district(d) {
            Some(canon) if district_implies_seoul(canon) => Ok((Some(SEOUL.to_string()), Some(canon.to_string()))),
            Some(canon) => {
                Err(Error::invalid("city", "", format!("district {canon} exists in several cities; give the city too")))
            }
            None => {
                Err(Error::invalid("district", d, "not a Seoul district; for a district elsewhere give the city too"))
            }
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn city_spellings() {
        for s in ["Seoul", "서울", "서울특별시", "서울시", "seoul", " SEOUL ", "Seoul Metropolitan City"] {
            assert_eq!(canonical_city(s), Some(SEOUL), "{s}");
        }
        assert_eq!(canonical_city("경기"), Some("경기도"));
        assert_eq!(canonical_city("Gyeonggi-do"), Some("경기도"));
        assert_eq!(canonical_city("Atlantis"), None);
    }

    #[test]
    fn district_spellings() {
        for s in ["Gwangjin-gu", "gwangjin", "광진구", "광진", "GWANGJIN GU"] {
            assert_eq!(canonical_seoul_district(s), Some("광진구"), "{s}");
        }
        assert_eq!(canonical_seoul_district("Jung-gu"), Some("중구"));
        // "Jungnang" must not be read as "Jung".
        assert_eq!(canonical_seoul_district("Jungnang-gu"), Some("중랑구"));
        assert_eq!(canonical_seoul_district("Haeundae-gu"), None);
        assert_eq!(SEOUL_DISTRICTS.len(), 25);
    }

    #[test]
    fn location_normalization() {
        assert_eq!(
            normalize_location(Some("Seoul"), Some("Gwangjin-gu")).unwrap(),
            (Some(SEOUL.into()), Some("광진구".into()))
        );
        // A district unique to Seoul implies the city.
        assert_eq!(normalize_location(None, Some("광진구")).unwrap().0.as_deref(), Some(SEOUL));
        // 중구 exists in six cities: the city must be given.
        assert!(normalize_location(None, Some("중구")).is_err());
        let err = normalize_location(Some("서울"), Some("해운대구")).unwrap_err().to_string();
        assert!(err.contains("district") && err.contains("해운대구"), "{err}");
        assert_eq!(
            normalize_location(Some("부산"), Some("해운대구")).unwrap(),
            (Some("부산광역시".into()), Some("해운대구".into()))
        );
    }
}
