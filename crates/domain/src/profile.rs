//! A merchant's facts. Every fact is optional: a missing fact is unknown, never false or zero.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{brn, ksic::Ksic, region, stage::Stage, Error, Result};

/// Registration status (사업자 상태) as the National Tax Service reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BusinessStatus {
    Operating,
    Suspended,
    Closed,
}

impl std::str::FromStr for BusinessStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "operating" | "계속사업자" | "계속" => Ok(BusinessStatus::Operating),
            "suspended" | "휴업자" | "휴업" => Ok(BusinessStatus::Suspended),
            "closed" | "폐업자" | "폐업" => Ok(BusinessStatus::Closed),
            _ => Err(Error::invalid("business_status", s, "expected operating, suspended or closed")),
        }
    }
}

/// A hire made by the business, as far as it is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct NewHire {
    pub hired_on: NaiveDate,
    /// Whether the hire is covered by employment insurance (고용보험). Unknown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment_insurance: Option<bool>,
}

/// The facts on a merchant. Field docs name the profile's JSON keys (see README).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Business name (상호).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Representative's name (대표자).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// "123-45-67890", check digit verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_registration_number: Option<String>,
    /// Canonical Korean city/province name ("서울특별시").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Canonical district ("광진구"); outside Seoul as entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// KSIC code of the main business, 2–5 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ksic_code: Option<String>,
    /// Full-time workers (상시근로자), not counting the owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_time_workers: Option<u32>,
    /// Opening date (개업일). A date after the as-of date means a business still being founded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded_on: Option<NaiveDate>,
    /// Closing date, past (closed) or planned (closing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    /// Registration status as the tax office words it: operating (계속), suspended (휴업) or closed (폐업).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_status: Option<BusinessStatus>,
    /// When an earlier business of the owner closed (for a business re-founded after closing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previously_closed_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_birth_date: Option<NaiveDate>,
    /// A non-profit organization (비영리).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonprofit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub annual_sales_krw: Option<u64>,
    /// Hires; an empty list means "no hires", absent means unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_hires: Option<Vec<NewHire>>,
    /// District where the business has a registered factory (공장등록); "none" is written as "".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factory_district: Option<String>,
    /// Tenant of a district-run startup incubation center in its district.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incubator_tenant: Option<bool>,
    /// Staff override of the derived business stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// 법인사업자 (not a sole proprietor).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corporation: Option<bool>,
    /// 벤처기업 확인.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venture_certified: Option<bool>,
    /// 이노비즈 인증.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innobiz_certified: Option<bool>,
    /// 메인비즈 인증.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mainbiz_certified: Option<bool>,
    /// 여성기업 확인.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub women_owned: Option<bool>,
    /// 장애인기업 확인.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_owned: Option<bool>,
    /// 사회적경제기업 (사회적기업, 협동조합, 마을기업…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_enterprise: Option<bool>,
    /// 기업부설연구소 or a dedicated R&D department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub research_lab: Option<bool>,
    /// Has an export record (수출 실적).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exporter: Option<bool>,
}

/// Every key a profile may have, for error messages and documentation.
pub const PROFILE_KEYS: &[&str] = &[
    "name",
    "owner_name",
    "phone",
    "business_registration_number",
    "city",
    "district",
    "ksic_code",
    "full_time_workers",
    "founded_on",
    "closed_on",
    "business_status",
    "previously_closed_on",
    "owner_birth_date",
    "nonprofit",
    "annual_sales_krw",
    "new_hires",
    "factory_district",
    "incubator_tenant",
    "stage",
    "corporation",
    "venture_certified",
    "innobiz_certified",
    "mainbiz_certified",
    "women_owned",
    "disabled_owned",
    "social_enterprise",
    "research_lab",
    "exporter",
];

/// Parse a strict ISO date, naming the field on error.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let shape_ok = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if !shape_ok {
        return Err(Error::invalid(field, s, "expected a date as YYYY-MM-DD"));
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Error::invalid(field, s, "not a calendar date"))?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&d)) {
        return Err(Error::invalid(field, s, "year out of range 1900–2200"));
    }
    Ok(d)
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn get_str(field: &str, v: &Value) -> Result<String> {
    v.as_str().map(|s| s.trim().to_string()).ok_or_else(|| Error::invalid(field, show(v), "expected text"))
}

fn get_bool(field: &str, v: &Value) -> Result<bool> {
    v.as_bool().ok_or_else(|| Error::invalid(field, show(v), "expected true or false"))
}

fn get_u64(field: &str, v: &Value) -> Result<u64> {
    v.as_u64().ok_or_else(|| Error::invalid(field, show(v), "expected a whole number of zero or more"))
}

fn get_date(field: &str, v: &Value) -> Result<NaiveDate> {
    parse_date(field, &get_str(field, v)?)
}

impl Profile {
    /// A yes/no attribute of the business (`None`: not known).
    pub fn attribute(&self, a: crate::program::Attribute) -> Option<bool> {
        use crate::program::Attribute as A;
        match a {
            A::Corporation => self.corporation,
            A::VentureCertified => self.venture_certified,
            A::InnobizCertified => self.innobiz_certified,
            A::MainbizCertified => self.mainbiz_certified,
            A::WomenOwned => self.women_owned,
            A::DisabledOwned => self.disabled_owned,
            A::SocialEnterprise => self.social_enterprise,
            A::ResearchLab => self.research_lab,
            A::Exporter => self.exporter,
        }
    }

    /// Parse a profile from JSON text. Errors name the field and value; unknown keys are refused.
    pub fn from_json_str(text: &str) -> Result<Profile> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                "profile",
                format!("line {} column {}", e.line(), e.column()),
                format!("malformed JSON: {e}"),
            )
        })?;
        Profile::from_json_value(&value)
    }

    /// Parse from a JSON value (an object of the keys in [`PROFILE_KEYS`]).
    pub fn from_json_value(value: &Value) -> Result<Profile> {
        let obj: &Map<String, Value> =
            value.as_object().ok_or_else(|| Error::invalid("profile", show(value), "expected a JSON object"))?;
        let mut p = Profile::default();
        for (key, v) in obj {
            if v.is_null() {
                if !PROFILE_KEYS.contains(&key.as_str()) {
                    return Err(unknown_key(key));
                }
                continue; // null = unknown
            }
            let k = key.as_str();
            match k {
                "name" => p.name = Some(get_str(k, v)?),
                "owner_name" => p.owner_name = Some(get_str(k, v)?),
                "phone" => p.phone = Some(get_str(k, v)?),
                "business_registration_number" => p.business_registration_number = Some(get_str(k, v)?),
                "city" => p.city = Some(get_str(k, v)?),
                "district" => p.district = Some(get_str(k, v)?),
                "ksic_code" => {
                    // Accept 56221 as a number too, but never lose a leading zero silently.
                    p.ksic_code = Some(match v {
                        Value::Number(n) if n.is_u64() => n.to_string(),
                        _ => get_str(k, v)?,
                    })
                }
                "full_time_workers" => {
                    let n = get_u64(k, v)?;
                    p.full_time_workers = Some(u32::try_from(n).map_err(|_| Error::invalid(k, n, "too large"))?);
                }
                "founded_on" => p.founded_on = Some(get_date(k, v)?),
                "closed_on" => p.closed_on = Some(get_date(k, v)?),
                "business_status" => p.business_status = Some(get_str(k, v)?.parse()?),
                "previously_closed_on" => p.previously_closed_on = Some(get_date(k, v)?),
                "owner_birth_date" => p.owner_birth_date = Some(get_date(k, v)?),
                "nonprofit" => p.nonprofit = Some(get_bool(k, v)?),
                "annual_sales_krw" => p.annual_sales_krw = Some(get_u64(k, v)?),
                "new_hires" => p.new_hires = Some(parse_hires(v)?),
                "factory_district" => p.factory_district = Some(get_str(k, v)?),
                "incubator_tenant" => p.incubator_tenant = Some(get_bool(k, v)?),
                "corporation" => p.corporation = Some(get_bool(k, v)?),
                "venture_certified" => p.venture_certified = Some(get_bool(k, v)?),
                "innobiz_certified" => p.innobiz_certified = Some(get_bool(k, v)?),
                "mainbiz_certified" => p.mainbiz_certified = Some(get_bool(k, v)?),
                "women_owned" => p.women_owned = Some(get_bool(k, v)?),
                "disabled_owned" => p.disabled_owned = Some(get_bool(k, v)?),
                "social_enterprise" => p.social_enterprise = Some(get_bool(k, v)?),
                "research_lab" => p.research_lab = Some(get_bool(k, v)?),
                "exporter" => p.exporter = Some(get_bool(k, v)?),
                "stage" => {
                    let s = get_str(k, v)?;
                    p.stage = Some(s.parse()?);
                }
                _ => return Err(unknown_key(key)),
            }
        }
        p.normalized()
    }

    /// Check every fact and bring it into canonical form. Used on every write path.
    pub fn normalized(mut self) -> Result<Profile> {
        fn blank_to_none(s: &mut Option<String>) {
            if s.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *s = None;
            }
        }
        blank_to_none(&mut self.name);
        blank_to_none(&mut self.owner_name);
        blank_to_none(&mut self.phone);
        blank_to_none(&mut self.business_registration_number);
        blank_to_none(&mut self.ksic_code);
        if let Some(n) = &self.business_registration_number {
            self.business_registration_number = Some(brn::normalize(n)?);
        }
        let (city, district) = region::normalize_location(self.city.as_deref(), self.district.as_deref())?;
        self.city = city;
        self.district = district;
        if let Some(f) = self.factory_district.as_deref().map(str::trim) {
            // "" means known: no registered factory.
            self.factory_district = Some(if f.is_empty() {
                String::new()
            } else {
                region::canonical_seoul_district(f).map(str::to_string).unwrap_or_else(|| f.to_string())
            });
        }
        if let Some(code) = &self.ksic_code {
            self.ksic_code = Some(Ksic::get().validate(code)?);
        }
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c));
            if !allowed || !(8..=13).contains(&digits) {
                return Err(Error::invalid("phone", phone, "expected a phone number such as 02-123-4567"));
            }
        }
        if let (Some(f), Some(c)) = (self.founded_on, self.closed_on) {
            if c < f {
                return Err(Error::invalid("closed_on", c, format!("is before founded_on {f}")));
            }
        }
        if let Some(hires) = &mut self.new_hires {
            hires.sort_by_key(|h| h.hired_on);
        }
        Ok(self)
    }

    /// Digits of the phone number, for search and duplicate checks.
    pub fn phone_digits(&self) -> Option<String> {
        self.phone.as_ref().map(|p| p.chars().filter(char::is_ascii_digit).collect())
    }
}

/// A problem with one field, for validation as staff type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Check every field of a profile independently and report all problems (not just the first).
pub fn field_errors(value: &Value) -> Vec<FieldError> {
    let Some(obj) = value.as_object() else {
        return vec![FieldError { field: "profile".into(), message: "expected a JSON object".into() }];
    };
    let mut out = Vec::new();
    for (key, v) in obj {
        // A district is checked together with its city; everything else alone.
        let mut single = Map::new();
        single.insert(key.clone(), v.clone());
        if key == "district" {
            if let Some(c) = obj.get("city") {
                single.insert("city".into(), c.clone());
            }
        }
        if let Err(e) = Profile::from_json_value(&Value::Object(single)) {
            let field = match &e {
                Error::Invalid { field, .. } => field.clone(),
                _ => key.clone(),
            };
            if key == "district" && field == "city" && obj.contains_key("city") {
                continue; // reported under city
            }
            out.push(FieldError { field, message: e.to_string() });
        }
    }
    if out.is_empty() {
        if let Err(e) = Profile::from_json_value(value) {
            let field = match &e {
                Error::Invalid { field, .. } => field.clone(),
                _ => "profile".into(),
            };
            out.push(FieldError { field, message: e.to_string() });
        }
    }
    out
}

fn unknown_key(key: &str) -> Error {
    Error::invalid(key, key, format!("unknown profile key; known keys: {}", PROFILE_KEYS.join(", ")))
}

fn parse_hires(v: &Value) -> Result<Vec<NewHire>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::invalid("new_hires", show(v), "expected a list of {hired_on, employment_insurance}"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |k: &str| format!("new_hires[{i}].{k}");
            let obj = item
                .as_object()
                .ok_or_else(|| Error::invalid(format!("new_hires[{i}]"), show(item), "expected an object"))?;
            let mut hired_on = None;
            let mut insurance = None;
            for (k, val) in obj {
                match k.as_str() {
                    "hired_on" => hired_on = Some(get_date(&field(k), val)?),
                    "employment_insurance" if val.is_null() => {}
                    "employment_insurance" => insurance = Some(get_bool(&field(k), val)?),
                    _ => {
                        return Err(Error::invalid(
                            field(k),
                            k,
                            "unknown key; known keys: hired_on, employment_insurance",
                        ))
                    }
                }
            }
            let hired_on =
                hired_on.ok_or_else(|| Error::invalid(field("hired_on"), "", "is required for each hire"))?;
            Ok(NewHire { hired_on, employment_insurance: insurance })
        })
        .collect()
}

/// The profile fields that are personal information (about the representative, not the shop):
/// the one list that consent, sync's merge, the outbox scrub and the app use.
pub const PERSONAL_FIELDS: [&str; 3] = ["owner_name", "phone", "owner_birth_date"];

/// The personal fields `p` has a value for.
pub fn personal_fields(p: &Profile) -> Vec<&'static str> {
    let mut out = Vec::new();
    if p.owner_name.is_some() {
        out.push("owner_name");
    }
    if p.phone.is_some() {
        out.push("phone");
    }
    if p.owner_birth_date.is_some() {
        out.push("owner_birth_date");
    }
    out
}

/// The profile with its personal fields left out.
pub fn without_personal(p: Profile) -> Profile {
    Profile { owner_name: None, phone: None, owner_birth_date: None, ..p }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn err(json: &str) -> String {
        Profile::from_json_str(json).unwrap_err().to_string()
    }

    #[test]
    fn full_profile_parses_and_normalizes() {
        let p = Profile::from_json_str(
            r#"{"name":"광진 카페","business_registration_number":"2208162517","city":"Seoul",
                "district":"Gwangjin-gu","ksic_code":"56221","full_time_workers":2,
                "founded_on":"2021-03-02","owner_birth_date":"1990-05-01","nonprofit":false,
                "new_hires":[{"hired_on":"2023-01-15","employment_insurance":true}]}"#,
        )
        .unwrap();
        assert_eq!(p.business_registration_number.as_deref(), Some("220-81-62517"));
        assert_eq!(p.city.as_deref(), Some("서울특별시"));
        assert_eq!(p.district.as_deref(), Some("광진구"));
        assert_eq!(p.new_hires.as_ref().unwrap()[0].employment_insurance, Some(true));
    }

    #[test]
    fn field_errors_reports_every_bad_field() {
        let v: Value = serde_json::from_str(
            r#"{"business_registration_number":"220-81-62518","founded_on":"2023-02-30","district":"광진구","name":"ok"}"#,
        )
        .unwrap();
        let fields: Vec<String> = field_errors(&v).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["business_registration_number", "founded_on"]);
        let v: Value = serde_json::from_str(r#"{"founded_on":"2023-01-01","closed_on":"2022-01-01"}"#).unwrap();
        assert_eq!(field_errors(&v)[0].field, "closed_on");
        assert!(field_errors(&serde_json::json!({"city":"서울","district":"광진"})).is_empty());
    }

    #[test]
    fn empty_profile_is_all_unknown() {
        assert_eq!(Profile::from_json_str("{}").unwrap(), Profile::default());
        assert_eq!(Profile::from_json_str(r#"{"nonprofit":null}"#).unwrap().nonprofit, None);
    }

    #[test]
    fn bad_input_names_field_and_value() {
        let e = err(r#"{"founded_on":"2023-02-30"}"#);
        assert!(e.contains("founded_on") && e.contains("2023-02-30"), "{e}");
        let e = err(r#"{"founded_on":"2023/02/01"}"#);
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        let e = err(r#"{"full_time_workers":-1}"#);
        assert!(e.contains("full_time_workers") && e.contains("-1"), "{e}");
        let e = err(r#"{"ksic_code":"40111"}"#);
        assert!(e.contains("ksic_code") && e.contains("40111"), "{e}");
        let e = err(r#"{"business_registration_number":"220-81-62518"}"#);
        assert!(e.contains("check digit"), "{e}");
        let e = err(r#"{"employees":3}"#);
        assert!(e.contains("employees") && e.contains("unknown profile key"), "{e}");
        let e = err(r#"{"new_hires":[{"hired_on":"2023-13-01"}]}"#);
        assert!(e.contains("new_hires[0].hired_on"), "{e}");
        let e = err(r#"{"name": "x",,}"#);
        assert!(e.contains("malformed JSON") && e.contains("line 1"), "{e}");
        let e = err(r#"{"founded_on":"2023-01-01","closed_on":"2022-01-01"}"#);
        assert!(e.contains("closed_on"), "{e}");
        let e = err(r#"{"stage":"teenage"}"#);
        assert!(e.contains("stage") && e.contains("teenage"), "{e}");
    }
}
