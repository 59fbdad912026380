//! Reading eligibility criteria from a notice's own words (title tags, target, hashtags, summary,
//! target and exclusion prose), for every feed. Each criterion read keeps the exact words it came
//! from (`Criterion::FromNotice`); what cannot be read is left out here and stays an
//! `unstructured` criterion with its words in the importer, never a guess.
//!
//! How it reads: the target words are found first (Bizinfo summaries give them as the first `☞`
//! paragraph; other texts under a "지원대상"/"신청자격" heading; K-Startup in its own field). Each
//! rule family below scans those lines with plain Korean patterns and marks the span it read.
//! What no rule read and no connective word explains is the unread rest: when none is left, the
//! target was read in full (`Reading::target_read`). Lines that widen a rule ("…이라도 신청
//! 가능", "단, …") and lines that split the target into tracks are read cautiously or not at all.

// `re!` compiles each pattern once into a static, which the lint cannot see inside a loop.
#![allow(clippy::regex_creation_in_loops)]

use std::sync::OnceLock;

use regex::Regex;

use crate::program::{Attribute, Criterion, SizeClass};
use crate::region;
use crate::stage::Stage;
use crate::text::L10n;

/// The text fields of one notice, as plain text (HTML already stripped).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoticeText<'a> {
    pub title: &'a str,
    /// A category of target (Bizinfo `trgetNm`: 중소기업, 소상공인, 창업벤처, …).
    pub target: Option<&'a str>,
    /// Comma-separated tags (Bizinfo `hashtags`).
    pub hashtags: Option<&'a str>,
    /// The notice's summary or body.
    pub summary: &'a str,
    /// Who may apply, in prose (K-Startup `aply_trgt_ctnt`).
    pub target_text: Option<&'a str>,
    /// Who may not apply, in prose (K-Startup `aply_excl_trgt_ctnt`).
    pub exclusions: Option<&'a str>,
}

/// What was read from a notice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// Criteria, each a `FromNotice` with its words (or `any_of` over them).
    pub criteria: Vec<Criterion>,
    /// Stages the notice serves, when its words say.
    pub stages: Vec<Stage>,
    /// Whether the target words were read in full: when false, the importer keeps the target as
    /// an `unstructured` criterion beside what was read.
    pub target_read: bool,
    /// The target words to show for that `unstructured` criterion: the lines with unread words
    /// (else the first target line), trimmed; `None` when the notice gives no target words.
    pub target_words: Option<String>,
    /// Conditions only the applicant's documents settle (tax arrears, prior selection, "see the
    /// notice for details"), as the notice words them: shown, never blocking.
    pub to_confirm: Vec<String>,
    /// The target words no rule read, line by line (empty when `target_read`).
    pub unread: Vec<String>,
}

/// Longest quote kept as a criterion's words, in characters.
const MAX_WORDS: usize = 80;

macro_rules! re {
    ($pattern:expr) => {{
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| Regex::new($pattern).expect("the pattern is a valid regex (checked by tests)"))
    }};
}

/// Which part of the notice a line comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Who may apply.
    Target,
    /// Who may not apply.
    Exclusion,
}

/// One line of target or exclusion words, with the byte spans the rules have read.
#[derive(Debug)]
struct Line {
    text: String,
    part: Part,
    /// "…이라도 신청 가능", "단, …": a line that widens what the main line says.
    exception: bool,
    /// "- (유망기업) …": one of several tracks, each with its own conditions.
    track: bool,
    /// "…우대", "가점": a preference, not a condition.
    preference: bool,
    read: Vec<(usize, usize)>,
}

impl Line {
    fn new(text: &str, part: Part) -> Line {
        let text = text.trim().trim_start_matches('\u{200b}').trim().to_string();
        let exception = re!(
            r"이라도|라도\s|예외적으로|^\W*단\s*[,，]|도\s*(?:신청|지원|참여)\s*가능|(?:신청|지원|참여)\s*가능\W*$"
        )
        .is_match(&text);
        let preference = re!(r"우대|가점|우선\s*선정").is_match(&text);
        Line { text, part, exception, track: false, preference, read: Vec::new() }
    }

    fn mark(&mut self, start: usize, end: usize) {
        self.read.push((start, end));
    }

    /// Whether the line is about something other than who may apply.
    fn plain(&self) -> bool {
        !self.exception && !self.track && !self.preference
    }
}

/// The quote for a match: the whole line when short, else the clause around the match, at most
/// `MAX_WORDS` characters, cut at character boundaries.
fn quote(line: &str, start: usize, end: usize) -> String {
    let trimmed = line.trim_start_matches(['☞', '-', '※', '•', '·', 'ㅇ', '○', '□', '❍', '*', ' ']);
    let shift = line.len() - trimmed.len();
    let line = trimmed.trim_end();
    if line.chars().count() <= MAX_WORDS {
        return line.to_string();
    }
    let start = start.saturating_sub(shift).min(line.len());
    let end = end.saturating_sub(shift).min(line.len()).max(start);
    // Widen the match to its clause: at most 30 characters each way, stopping at a comma or
    // bracket.
    let mut s = start;
    for (i, (idx, c)) in line[..start].char_indices().rev().enumerate() {
        if i >= 30 || matches!(c, ',' | '(' | '☞' | ':') {
            break;
        }
        s = idx;
    }
    let mut e = end;
    for (i, (idx, c)) in line[end..].char_indices().enumerate() {
        if i >= 30 || matches!(c, ',' | ')' | '.') {
            break;
        }
        e = end + idx + c.len_utf8();
    }
    // Start and end on whole words.
    if s > 0 && !line[..s].ends_with([' ', ',', '(', ':']) {
        s = line[s..start].find(' ').map(|i| s + i + 1).unwrap_or(s);
    }
    if e < line.len() && !line[e..].starts_with([' ', ',', ')', '.']) {
        e = line[end..e].rfind(' ').map(|i| end + i).unwrap_or(e);
    }
    line[s..e].trim().chars().take(MAX_WORDS).collect::<String>().trim().to_string()
}

fn from_notice(words: &str, criterion: Criterion) -> Criterion {
    Criterion::FromNotice { words: words.trim().to_string(), criterion: Box::new(criterion) }
}

fn any_of(mut criteria: Vec<Criterion>) -> Criterion {
    if criteria.len() == 1 {
        criteria.remove(0)
    } else {
        Criterion::AnyOf { criteria }
    }
}

/// Find the target lines of a summary: the first `☞` paragraph (Bizinfo), else the lines under a
/// "지원대상"-style heading up to the next heading.
fn target_lines(summary: &str) -> Vec<String> {
    let lines: Vec<&str> =
        summary.lines().map(|l| l.trim().trim_start_matches('\u{200b}').trim()).filter(|l| !l.is_empty()).collect();
    if let Some(first) = lines.iter().position(|l| l.starts_with('☞')) {
        let mut out = vec![lines[first].to_string()];
        out.extend(lines[first + 1..].iter().take_while(|l| !l.starts_with('☞')).map(|l| l.to_string()));
        return out;
    }
    let heading = re!(r"^\W{0,3}(?:지원|신청|모집|참여|참가)\s*(?:대상|자격)\s*(?:[:：]|$|\s)");
    let other = re!(
        r"^\W{0,3}(?:지원\s*(?:내용|규모|금액|기간|분야)|사업\s*(?:내용|기간)|신청\s*(?:기간|방법)|접수|문의|선정|제출)"
    );
    let Some(first) = lines.iter().position(|l| heading.is_match(l)) else { return Vec::new() };
    let mut out = Vec::new();
    let head = heading.find(lines[first]).map(|m| lines[first][m.end()..].trim()).unwrap_or("");
    if !head.is_empty() {
        out.push(lines[first].to_string());
    }
    out.extend(
        lines[first + 1..].iter().take_while(|l| !other.is_match(l) && !heading.is_match(l)).map(|l| l.to_string()),
    );
    out
}

/// Lines of a track ("- (유망기업) …", "- 매도희망기업: …"), counted only when there are two or
/// more of them.
fn mark_tracks(lines: &mut [Line]) {
    let track = re!(r"^[-·ㆍ•*]\s*(?:\([^)]{1,14}\)|\[[^\]]{1,14}\]|[^:：\s][^:：]{0,12}[:：])");
    let either = lines.first().is_some_and(|l| {
        re!(r"중\s*\d+\s*(?:가지|개)\s*이상|하나\s*이상|어느\s*하나|택\s*\d|1개\s*이상\s*충족").is_match(&l.text)
    });
    let numbered = re!(r"^[①-⑩]");
    if either {
        for l in lines.iter_mut().skip(1) {
            if numbered.is_match(&l.text) {
                l.track = true;
            }
        }
    }
    let n = lines.iter().skip(1).filter(|l| track.is_match(&l.text)).count();
    if n >= 2 {
        for l in lines.iter_mut().skip(1) {
            if track.is_match(&l.text) {
                l.track = true;
            }
        }
    }
}

/// What the rules found, before it becomes criteria.
#[derive(Default)]
struct Found {
    location: Option<Criterion>,
    size: Vec<(SizeClass, bool, String)>,
    large_admitted: bool,
    sector_include: Vec<(String, String)>,
    sector_exclude: Vec<(String, String)>,
    business_age: Vec<(Option<u32>, Option<u32>, String, bool)>,
    wide_business_age: Option<u32>,
    owner_age: Option<(Option<u32>, Option<u32>, String)>,
    pre: Option<String>,
    pre_also: bool,
    pre_excluded: Option<String>,
    restart: Option<String>,
    closing_soon: bool,
    operating: Option<String>,
    headcount: Option<(Option<u32>, Option<u32>, String)>,
    sales: Option<(u64, String)>,
    attributes: Vec<(Vec<Attribute>, bool, String)>,
    exception_attributes: Vec<Attribute>,
    existing_nouns: bool,
    /// The target words admit persons, not only businesses ("개인", "누구나", "일반인"…): a
    /// business category alone then says nothing about them.
    persons_admitted: bool,
}

/// Words that admit persons as applicants. "개인사업자" is a business, "개인정보" a privacy term.
fn admits_persons(text: &str) -> bool {
    let person = ["누구나", "일반인", "일반 국민", "대학생", "대학원생", "재학생", "연구자"];
    person.iter().any(|w| text.contains(w))
        || text.match_indices("개인").any(|(i, _)| {
            let rest = text[i + "개인".len()..].trim_start();
            !["사업자", "정보", "별", "적", "기업"].iter().any(|w| rest.starts_with(w))
        })
}

/// Read a notice's criteria.
pub fn read(notice: &NoticeText<'_>) -> Reading {
    let mut lines: Vec<Line> = Vec::new();
    for l in target_lines(notice.summary) {
        lines.push(Line::new(&l, Part::Target));
    }
    for l in notice.target_text.unwrap_or("").lines().filter(|l| !l.trim().is_empty()) {
        lines.push(Line::new(l, Part::Target));
    }
    mark_tracks(&mut lines);
    for l in notice.exclusions.unwrap_or("").lines().filter(|l| !l.trim().is_empty()) {
        lines.push(Line::new(l, Part::Exclusion));
    }
    let category = notice.target.map(str::trim).filter(|t| !t.is_empty());

    let mut reading = Reading {
        target_words: lines
            .iter()
            .find(|l| l.part == Part::Target)
            .map(|l| quote(&l.text, 0, 0))
            .or_else(|| category.map(str::to_string)),
        ..Reading::default()
    };
    let mut found = Found {
        persons_admitted: lines.iter().any(|l| l.part == Part::Target && admits_persons(&l.text)),
        ..Found::default()
    };

    confirm_lines(&mut lines, &mut reading);
    read_location(notice, &mut lines, &mut found);
    read_size(&mut lines, &mut found);
    read_sector(&mut lines, &mut found);
    read_business_age(&mut lines, &mut found);
    read_owner_age(&mut lines, &mut found);
    read_stage(&mut lines, &mut found);
    read_headcount_and_sales(&mut lines, &mut found);
    read_attributes(&mut lines, &mut found);
    mark_fillers(&mut lines);

    assemble(category, found, &mut reading);
    reading.unread =
        lines.iter().filter(|l| l.part == Part::Target).map(unread_rest).filter(|r| !r.is_empty()).collect();
    // The words shown for what is left: the target lines that still have unread words.
    let unread_lines: Vec<String> = lines
        .iter()
        .filter(|l| l.part == Part::Target && !unread_rest(l).is_empty())
        .map(|l| quote(&l.text, 0, 0))
        .collect();
    if !unread_lines.is_empty() {
        reading.target_words = Some(unread_lines.join(" / ").chars().take(160).collect());
    }
    let unread = !reading.unread.is_empty();
    let has_target_words = lines.iter().any(|l| l.part == Part::Target);
    let category_read = match category {
        None => false,
        Some(c) => category_criterion(c).is_some() || c == "창업벤처",
    };
    reading.target_read = if has_target_words { !unread } else { category_read && notice.summary.trim().is_empty() };
    reading
}

/// "See the notice for details" notes and document-only conditions: kept to confirm, and read.
fn confirm_lines(lines: &mut [Line], reading: &mut Reading) {
    let details = re!(
        r"(?:자세한|세부|상세|세부적인|개별)\s*.{0,14}(?:공고문?|공고\s*내용)\s*(?:을|를)?\s*(?:반드시\s*)?(?:참조|참고|확인)|공고문\s*(?:참조|참고|확인)|(?:공통|상세)내용\)|(?:대상|자격|조건)\s*상이"
    );
    let boilerplate = re!(
        r"체납|연체|부도|파산|회생|휴\s*[·ㆍ]?\s*폐업\s*(?:중|상태)|참여\s*제한|제재|중복\s*(?:지원|수혜|참여|신청)|기\s*선정|선정\s*이력|허위|부정\s*(?:수급|사용)|채무\s*불이행|신용\s*불량|금융거래\s*(?:가\s*)?곤란|지원\s*제외\s*업종"
    );
    for l in lines.iter_mut() {
        let is_details = details.is_match(&l.text) && l.text.chars().count() <= 60;
        let is_boiler = boilerplate.is_match(&l.text) && (l.part == Part::Exclusion || l.text.contains("제외"));
        if is_details || is_boiler {
            let words = quote(&l.text, 0, 0);
            if !words.is_empty() && !reading.to_confirm.contains(&words) {
                reading.to_confirm.push(words);
            }
            let len = l.text.len();
            l.mark(0, len);
        }
    }
}

/// A place name as the notice may write it: a province or city (long or short), or a smaller
/// city, county or district (…시, …군, …구).
const PLACE: &str = r"(?:서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천|광주광역시|광주시|광주|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종|경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도|전라북도|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주|[가-힣]{1,4}(?:시|군|구))";

fn canonical_place(name: &str) -> Option<&'static str> {
    let short = name.strip_suffix("시").filter(|s| region::canonical_city(s).is_some()).unwrap_or(name);
    let short = if short.ends_with("도") && !short.ends_with("특별자치도") && short.chars().count() == 3 {
        short.trim_end_matches('도')
    } else {
        short
    };
    region::canonical_city(short).or(match name {
        "강원도" => Some("강원특별자치도"),
        "전라북도" => Some("전북특별자치도"),
        "제주도" => Some("제주특별자치도"),
        _ => None,
    })
}

/// Regions: the title's tag ("[경북]", "[서울 광진]"), else the hashtags (nearly all 17 named =
/// nationwide), refined or replaced by place words in the target ("성동구 관내", "인천 소재",
/// "비수도권").
fn read_location(notice: &NoticeText<'_>, lines: &mut [Line], found: &mut Found) {
    // Cities (with any districts) from the tag or hashtags, and the words they came from.
    let mut cities: Vec<(String, Vec<String>)> = Vec::new();
    let mut words = String::new();
    let title = notice.title.trim();
    if let Some(rest) = title.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            words = title[..end + 2].to_string();
            let parts: Vec<&str> = rest[..end].split(['ㆍ', '·', ',', '/', ' ']).filter(|p| !p.is_empty()).collect();
            for p in &parts {
                if let Some(c) = canonical_place(p) {
                    if !cities.iter().any(|(x, _)| x == c) {
                        cities.push((c.to_string(), vec![]));
                    }
                } else if let (Some(d), [(c, ds)]) = (region::canonical_seoul_district(p), cities.as_mut_slice()) {
                    if c == region::SEOUL {
                        ds.push(d.to_string());
                    }
                }
            }
        }
    }
    if cities.is_empty() && words.is_empty() {
        let mut tags = Vec::new();
        for tag in notice.hashtags.unwrap_or_default().split(',').map(str::trim) {
            if let Some(c) = region::canonical_city(tag) {
                if !cities.iter().any(|(x, _)| x == c) {
                    cities.push((c.to_string(), vec![]));
                    tags.push(tag);
                }
            }
        }
        if cities.len() + 2 >= region::CITIES.len() {
            cities.clear();
            tags.clear();
        }
        words = tags.join(",");
    }

    // Place words in the target lines.
    let nationwide = lines.iter().any(|l| {
        l.part == Part::Target
            && re!(r"전국|지역\s*무관|소재지\s*무관|(?:지역|소재지).{0,12}제한(?:은|이)?\s*없").is_match(&l.text)
    });
    let mut text_cities: Vec<(String, Vec<String>)> = Vec::new();
    let mut text_words = String::new();
    let list = re!(&format!(
        r"({PLACE}(?:\s*[,ㆍ·]\s*{PLACE})*)\s*(?:(?:지역|지역에|지역의)?\s*(?:내에|내|內|관내|소재|에\s*소재|에\s*(?:본사|주소|사업장|본점)|에서)|지역)|소재지(?:가|는)?\s*({PLACE})(?:이고|인|이며)?"
    ));
    let capital = re!(r"(비)?수도권");
    for l in lines.iter_mut().filter(|l| l.part == Part::Target && l.plain()) {
        if nationwide {
            break;
        }
        if let Some(m) = capital.captures(&l.text) {
            let whole = m.get(0).expect("group 0 is the match");
            let capital_cities = ["서울특별시", "인천광역시", "경기도"];
            let names: Vec<&str> = region::CITIES
                .iter()
                .map(|c| c.0)
                .filter(|c| capital_cities.contains(c) != m.get(1).is_some())
                .collect();
            text_cities = names.iter().map(|c| (c.to_string(), vec![])).collect();
            text_words = quote(&l.text, whole.start(), whole.end());
            let end = l.text[whole.end()..].find(')').map(|i| whole.end() + i + 1).unwrap_or(whole.end());
            l.mark(whole.start(), end);
            continue;
        }
        let mut marks = Vec::new();
        for caps in list.captures_iter(&l.text) {
            let whole = caps.get(0).expect("group 0 is the match");
            let names = caps.get(1).or(caps.get(2)).expect("one of the groups matched");
            let mut current_city: Option<String> = None;
            let mut ok = true;
            let mut here: Vec<(String, Vec<String>)> = Vec::new();
            for name in names.as_str().split([',', 'ㆍ', '·']).map(str::trim).filter(|n| !n.is_empty()) {
                if let Some(c) = canonical_place(name) {
                    current_city = Some(c.to_string());
                    if !here.iter().any(|(x, _)| x == c) {
                        here.push((c.to_string(), vec![]));
                    }
                    continue;
                }
                // A district, city or county: inside the city named before it, else the tag's.
                let city = current_city.clone().or_else(|| {
                    if let Some(d) = region::canonical_seoul_district(name) {
                        if region::district_implies_seoul(d) {
                            return Some(region::SEOUL.to_string());
                        }
                    }
                    (cities.len() == 1).then(|| cities[0].0.clone())
                });
                let Some(city) = city else {
                    ok = false;
                    break;
                };
                let district = if city == region::SEOUL {
                    match region::canonical_seoul_district(name) {
                        Some(d) => d.to_string(),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                } else {
                    name.to_string()
                };
                match here.iter_mut().find(|(x, _)| *x == city) {
                    Some((_, ds)) if ds.contains(&district) => {}
                    Some((_, ds)) => ds.push(district),
                    None => here.push((city, vec![district])),
                }
            }
            // A city with districts named alongside the same city bare: the bare name wins.
            if ok && !here.is_empty() {
                for (c, ds) in here {
                    match text_cities.iter_mut().find(|(x, _)| *x == c) {
                        Some((_, have)) => {
                            if have.is_empty() || ds.is_empty() {
                                have.clear();
                            } else {
                                have.extend(ds);
                            }
                        }
                        None => text_cities.push((c, ds)),
                    }
                }
                if text_words.is_empty() {
                    text_words = quote(&l.text, whole.start(), whole.end());
                }
                marks.push((whole.start(), whole.end()));
            }
        }
        for (s, e) in marks {
            l.mark(s, e);
        }
    }
    // The target's places narrow the tag's when they agree with it (or there is no tag).
    let agree = cities.is_empty() || text_cities.iter().all(|(c, _)| cities.iter().any(|(x, _)| x == c));
    let (chosen, words) = if !text_cities.is_empty() && agree { (text_cities, text_words) } else { (cities, words) };
    if chosen.is_empty() || words.is_empty() {
        return;
    }
    let locations: Vec<Criterion> =
        chosen.into_iter().map(|(city, districts)| Criterion::Location { city, districts }).collect();
    found.location = Some(from_notice(&words, any_of(locations)));
}

/// The legal size classes: 소상공인, 소기업, 중소기업, 중소·중견기업; 대기업 admitted means no limit.
fn read_size(lines: &mut [Line], found: &mut Found) {
    let size = re!(
        r"중소\s*[ㆍ·,/]\s*중견\s*(?:기업)?|중견\s*기업|중\s*[ㆍ·]\s*소\s*기업|중소\s*벤처\s*기업|중소\s*기업|소\s*기업|소상공인|대기업|우선\s*지원\s*대상\s*기업|우선지원대상"
    );
    for l in lines.iter_mut().filter(|l| l.part == Part::Target) {
        let mut marks = Vec::new();
        for m in size.find_iter(&l.text) {
            let after = l.text[m.end()..].trim_start();
            let before = &l.text[..m.start()];
            let word: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            // Names of laws, ministries and agencies are not a size condition.
            if re!(r"^(?:기본법|창업\s*지원법|창업지원법|부|진흥|청|기술|협동조합|인수|정책자금|시장진흥|연합회|성장지원센터|확인기관)")
                .is_match(after)
            {
                marks.push((m.start(), m.end()));
                continue;
            }
            if word == "소기업" && before.chars().last().is_some_and(|c| ('가'..='힣').contains(&c)) {
                continue; // 강소기업 and the like
            }
            if !l.plain() {
                // A size named in an exception or track line is part of that line's own rule.
                marks.push((m.start(), m.end()));
                continue;
            }
            let excluded = re!(r"^\W{0,2}(?:은|는|을|를)?\s*(?:제외|불가)").is_match(after);
            marks.push((m.start(), m.end()));
            if excluded {
                continue;
            }
            let class = match word.as_str() {
                "대기업" => {
                    found.large_admitted = true;
                    continue;
                }
                "소상공인" => None,
                "소기업" => Some(SizeClass::Small),
                w if w.contains("중견") => Some(SizeClass::MidCap),
                _ => Some(SizeClass::Medium),
            };
            let words = quote(&l.text, m.start(), m.end());
            match class {
                Some(c) => found.size.push((c, false, words)),
                None => found.size.push((SizeClass::Micro, false, words)),
            }
        }
        for (s, e) in marks {
            l.mark(s, e);
        }
    }
}

/// Sectors named as the business itself ("제조기업", "여행업 등록 업체", "음식점업"), and sectors
/// excluded ("유흥주점 제외").
fn read_sector(lines: &mut [Line], found: &mut Found) {
    let names: &[(&Regex, &[&str])] = &[
        (
            re!(
                r"제조\s*(?:업체|업|기업|중소기업|중소\s*[ㆍ·]\s*중견\s*기업|중견기업|분야|사)|제조\s+(?:중소|중견|기업|업체)"
            ),
            &["C"],
        ),
        (re!(r"(?:종합|국내외|국외|국내)?\s*여행(?:업|사)"), &["7521"]),
        (re!(r"(?:일반|휴게)?\s*음식점(?:업)?"), &["56"]),
        (re!(r"숙박업"), &["55"]),
        (re!(r"도\s*[ㆍ·]?\s*소매업?|도매\s*및\s*소매업"), &["G"]),
        (re!(r"출판사|출판업"), &["58"]),
        (re!(r"정보통신업"), &["J"]),
        (re!(r"게임\s*(?:개발|제작)\s*(?:[ㆍ·]\s*배급)?\s*(?:사|업|기업)|게임\s*개발사"), &["5821"]),
    ];
    let excluded = &[
        (re!(r"유흥\s*주점(?:업)?|무도\s*유흥"), &["56211", "56212"][..]),
        (re!(r"사행\s*(?:성|시설|산업|업종)"), &["9124"][..]),
    ];
    for l in lines.iter_mut() {
        let text = l.text.clone();
        let excluding_line = l.part == Part::Exclusion || text.contains("제외");
        for (pattern, codes) in excluded {
            if excluding_line {
                if let Some(m) = pattern.find(&text) {
                    for code in codes.iter() {
                        found.sector_exclude.push((code.to_string(), quote(&text, m.start(), m.end())));
                    }
                    l.mark(m.start(), m.end());
                }
            }
        }
        if l.part != Part::Target || !l.plain() {
            continue;
        }
        for (pattern, codes) in names {
            for m in pattern.find_iter(&text) {
                let lo = text[..m.start()].char_indices().rev().nth(11).map(|(i, _)| i).unwrap_or(0);
                let hi = text[m.end()..].char_indices().nth(12).map(|(i, _)| m.end() + i).unwrap_or(text.len());
                let around = &text[lo..hi];
                // An alternative to another kind of business, or a sector named as the work the
                // program buys or supports rather than who applies.
                if re!(r"또는|하거나|이거나|관련업|지식기반|서비스업|취급|판매|유통|스마트\s*제조|제조\s*현장|제외")
                    .is_match(around)
                {
                    continue;
                }
                for code in codes.iter() {
                    if !found.sector_include.iter().any(|(c, _)| c == code) {
                        found.sector_include.push((code.to_string(), quote(&text, m.start(), m.end())));
                    }
                }
                l.mark(m.start(), m.end());
            }
        }
    }
}

fn number_before_ok(text: &str, start: usize) -> bool {
    !text[..start].chars().last().is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Years in business: "업력 7년 이내", "창업 3년 미만", "창업 후 8년이 경과하지 않은", "7년 이내
/// 창업기업", "업력 3년 이상"; in exclusions, "3년 초과 기업" (those older are excluded).
fn read_business_age(lines: &mut [Line], found: &mut Found) {
    let after_trigger = re!(
        r"(?:업력|창업|설립|개업|사업\s*개시|개시한\s*날(?:로)?부터|개시일(?:로)?부터)\s*(?:일로부터|일부터|후|한\s*지|이후)?\s*(?:만\s*)?(\d{1,2})\s*년\s*(?:\([^)]{0,20}\))?\s*(?:이|가)?\s*(이내|미만|이하|이상|초과|경과하지\s*(?:않은|아니한)|지나지\s*(?:않은|아니한)|경과)"
    );
    let before_noun = re!(
        r"(\d{1,2})\s*년\s*(이내|미만|이하|초과)\s*(?:의\s*)?(?:초기\s*)?(재창업\s*기업|재창업자|창업\s*기업|기업|창업자|법인|기창업자|스타트업|업체|사업자)"
    );
    for l in lines.iter_mut() {
        let text = l.text.clone();
        let mut hits: Vec<(usize, usize, u32, String, bool)> = Vec::new();
        for c in after_trigger.captures_iter(&text) {
            let (m, n, bound) = (c.get(0).expect("match"), c.get(1).expect("number"), c.get(2).expect("bound"));
            if number_before_ok(&text, n.start()) {
                hits.push((m.start(), m.end(), n.as_str().parse().unwrap_or(0), bound.as_str().to_string(), false));
            }
        }
        for c in before_noun.captures_iter(&text) {
            let (m, n, bound, noun) = (
                c.get(0).expect("match"),
                c.get(1).expect("number"),
                c.get(2).expect("bound"),
                c.get(3).expect("noun"),
            );
            if number_before_ok(&text, n.start()) && !hits.iter().any(|h| h.0 <= m.start() && m.start() < h.1) {
                let restart = noun.as_str().starts_with("재창업");
                hits.push((m.start(), m.end(), n.as_str().parse().unwrap_or(0), bound.as_str().to_string(), restart));
            }
        }
        for (s, e, n, bound, restart) in hits {
            if n == 0 {
                continue;
            }
            l.mark(s, e);
            let words = quote(&text, s, e);
            let (min, max) = match (l.part, bound.as_str()) {
                (Part::Exclusion, "초과" | "이상") => (None, Some(n)),
                (Part::Exclusion, _) => continue,
                (_, "이상" | "경과") => (Some(n), None),
                (_, "초과") => (Some(n + 1), None),
                _ => (None, Some(n)),
            };
            if l.exception {
                found.wide_business_age = Some(found.wide_business_age.unwrap_or(0).max(max.unwrap_or(0)));
                continue;
            }
            if l.track {
                continue;
            }
            found.business_age.push((min, max, words, restart));
        }
    }
}

/// The owner's age: "만 39세 이하", "만 19세 이상 39세 이하", "만19세 ~ 55세"; not ages of the
/// workers a program pays for ("만 15세~34세 청년 정규직 채용").
fn read_owner_age(lines: &mut [Line], found: &mut Found) {
    let range =
        re!(r"(?:만\s*)?(\d{2})\s*세\s*(?:이상)?\s*(?:~|∼|～|-|–|부터)?\s*(?:만\s*)?(\d{2})\s*세\s*(이하|미만|까지)?");
    let single = re!(r"(?:만\s*)?(\d{2})\s*세\s*(이하|미만|이상|초과)");
    for l in lines.iter_mut().filter(|l| l.part == Part::Target && l.plain()) {
        if re!(r"채용|고용|근로자|직원|재직|인턴|구직|자녀|아동|학생|청소년|교육생").is_match(&l.text)
        {
            continue;
        }
        let text = l.text.clone();
        if let Some(c) = range.captures(&text) {
            let m = c.get(0).expect("match");
            let lo: u32 = c[1].parse().unwrap_or(0);
            let mut hi: u32 = c[2].parse().unwrap_or(0);
            if c.get(3).is_some_and(|b| b.as_str() == "미만") {
                hi = hi.saturating_sub(1);
            }
            if lo <= hi && number_before_ok(&text, c.get(1).expect("number").start()) {
                l.mark(m.start(), m.end());
                found.owner_age.get_or_insert((Some(lo), Some(hi), quote(&text, m.start(), m.end())));
                continue;
            }
        }
        if let Some(c) = single.captures(&text) {
            let m = c.get(0).expect("match");
            let n: u32 = c[1].parse().unwrap_or(0);
            if !number_before_ok(&text, c.get(1).expect("number").start()) {
                continue;
            }
            let (lo, hi) = match &c[2] {
                "이하" => (None, Some(n)),
                "미만" => (None, Some(n.saturating_sub(1))),
                "이상" => (Some(n), None),
                _ => (Some(n + 1), None),
            };
            l.mark(m.start(), m.end());
            found.owner_age.get_or_insert((lo, hi, quote(&text, m.start(), m.end())));
        }
    }
}

/// Would-be founders, businesses in operation, restarts.
fn read_stage(lines: &mut [Line], found: &mut Found) {
    let pre = re!(
        r"\(?예비\)?\s*창업(?:자|팀|기업)?|사업자\s*(?:등록\s*)?(?:전|미등록)|미등록\s*사업자|사업자\s*등록(?:을|이)?\s*(?:하지\s*(?:않은|아니한)|되지\s*않은|사실이\s*없는|이\s*없는)|창업을?\s*준비하는"
    );
    let restart = re!(
        r"예비\s*재창업자|재창업(?:기업|자)?|재도전|재기\s*창업자?|폐업\s*이력|폐업\s*\(?예정\)?\s*(?:소상공인|자)|폐업\s*소상공인|폐업한\s*(?:소상공인|자)"
    );
    let operating = re!(
        r"사업자\s*등록증?(?:을|이)?\s*(?:보유|소지|완료)|사업자\s*등록(?:이|을)?\s*(?:완료된|된|한)\s|사업자\s*등록번호를?\s*보유|(?:정상적으로\s*)?영업\s*중인|운영\s*중인|가동\s*중인|기\s*창업자|기창업자"
    );
    let existing = re!(r"기업|업체|소상공인|사업자|법인|스타트업|창업자");
    for l in lines.iter_mut() {
        let text = l.text.clone();
        for m in restart.find_iter(&text) {
            if l.part == Part::Target && l.plain() {
                found.restart.get_or_insert(quote(&text, m.start(), m.end()));
                if m.as_str().contains("예정") {
                    found.closing_soon = true;
                }
            }
            l.mark(m.start(), m.end());
        }
        for m in pre.find_iter(&text) {
            if l.read.iter().any(|(s, e)| *s <= m.start() && m.start() < *e) {
                continue;
            }
            let after = text[m.end()..].trim_start();
            let excluded = l.part == Part::Exclusion
                || re!(r"^\W{0,2}(?:은|는|을|를)?\s*(?:제외|불가|지원\s*불가|신청\s*불가)").is_match(after);
            if !m.as_str().contains("예비") && !m.as_str().contains("등록") && !m.as_str().contains("준비") {
                continue;
            }
            if excluded {
                found.pre_excluded.get_or_insert(quote(&text, m.start(), m.end()));
            } else if re!(r"^\W{0,2}포함").is_match(after) || re!(r"^\(\s*예비\s*\)").is_match(m.as_str()) {
                found.pre_also = true;
            } else if l.part == Part::Target && !l.track && !l.exception {
                found.pre.get_or_insert(quote(&text, m.start(), m.end()));
            }
            l.mark(m.start(), m.end());
        }
        if l.part != Part::Target {
            continue;
        }
        if let Some(m) = operating.find(&text) {
            if l.plain() && !m.as_str().contains("창업자") {
                found.operating.get_or_insert(quote(&text, m.start(), m.end()));
            }
            if m.as_str().contains("창업자") {
                found.existing_nouns = true;
            }
            l.mark(m.start(), m.end());
        }
        // Nouns for a business that exists, outside what was read as a would-be founder.
        let mut rest = text.clone();
        for (s, e) in &l.read {
            if *e <= rest.len() && rest.is_char_boundary(*s) && rest.is_char_boundary(*e) {
                rest.replace_range(*s..*e, &" ".repeat(e - s));
            }
        }
        if existing.is_match(&rest) {
            found.existing_nouns = true;
        }
    }
}

fn krw(number: &str, unit: &str) -> Option<u64> {
    let n: f64 = number.replace(',', "").parse().ok()?;
    let scale = match unit {
        "억" => 100_000_000.0,
        "천만" => 10_000_000.0,
        "백만" => 1_000_000.0,
        "만" => 10_000.0,
        _ => 1.0,
    };
    let v = (n * scale).round();
    (v >= 1.0).then_some(v as u64)
}

/// Full-time workers ("상시근로자 5인 미만", "피보험자 10인 이상", "20인 이상 사업장") and annual
/// sales ("연매출액 1억 원 이하").
fn read_headcount_and_sales(lines: &mut [Line], found: &mut Found) {
    let workers = re!(
        r"(?:고용보험\s*)?(?:상시\s*근로자|상시\s*종업원|근로자|종업원|종사자|직원|피보험자)\s*(?:수|수가|수는)?\s*(\d{1,4})\s*(?:인|명)?\s*(이상|미만|이하|초과)|(\d{1,4})\s*(?:인|명)\s*(이상|미만|이하)\s*(?:의\s*)?(?:사업장|기업|업체)"
    );
    let sales = re!(
        r"(?:연\s*)?매출(?:액)?\s*(?:이|은|은|가)?\s*(\d[\d,]*(?:\.\d+)?)\s*(억|천만|백만|만)?\s*원?\s*(이하|미만)"
    );
    for l in lines.iter_mut().filter(|l| l.part == Part::Target) {
        let text = l.text.clone();
        if let Some(c) = workers.captures(&text) {
            let m = c.get(0).expect("match");
            let (n, bound) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(n), Some(b), _, _) | (_, _, Some(n), Some(b)) => {
                    (n.as_str().parse::<u32>().unwrap_or(0), b.as_str())
                }
                _ => (0, ""),
            };
            let (min, max) = match bound {
                "이상" => (Some(n), None),
                "초과" => (Some(n + 1), None),
                "미만" => (None, Some(n)),
                "이하" => (None, Some(n + 1)),
                _ => (None, None),
            };
            if l.plain() && (min.is_some() || max.is_some()) && !l.text[m.end()..].trim_start().starts_with("채용") {
                found.headcount.get_or_insert((min, max, quote(&text, m.start(), m.end())));
                l.mark(m.start(), m.end());
            }
        }
        if let Some(c) = sales.captures(&text) {
            let m = c.get(0).expect("match");
            let unit = c.get(2).map(|u| u.as_str()).unwrap_or("");
            if let Some(mut v) = krw(&c[1], unit) {
                if &c[3] == "미만" {
                    v -= 1;
                }
                if v > 0 && l.plain() && !text[..m.start()].contains("최근") {
                    found.sales.get_or_insert((v, quote(&text, m.start(), m.end())));
                    l.mark(m.start(), m.end());
                }
            }
        }
    }
}

/// Certifications, legal form and status the desk asks about.
fn read_attributes(lines: &mut [Line], found: &mut Found) {
    let pattern = re!(
        r"벤처\s*기업(?:\s*확인(?:서)?|\s*인증)?|벤처\s*(?:확인|인증)|이노비즈|기술혁신형\s*중소기업|메인비즈|경영혁신형\s*중소기업|여성\s*기업|장애인\s*기업|(?:\(?예비\)?\s*)?사회적\s*기업|사회적\s*협동조합|협동조합|마을기업|자활기업|사회적\s*경제\s*기업|기업\s*부설\s*연구소|연구\s*개발\s*전담\s*부서|연구\s*전담\s*부서|수출\s*실적|법인\s*(?:기업|사업자)"
    );
    for l in lines.iter_mut() {
        let text = l.text.clone();
        let mut here: Vec<Attribute> = Vec::new();
        let mut marks = Vec::new();
        let mut first = None;
        for m in pattern.find_iter(&text) {
            let before = &text[..m.start()];
            let after = text[m.end()..].trim_start();
            let w: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            // The ministry (중소벤처기업부), agencies, funds and laws are context, not conditions.
            if before.ends_with("중소") || before.trim_end().ends_with("창업") {
                continue;
            }
            if re!(r"^(?:부|진흥|협회|캐피탈|투자|육성|나라|활동|종합지원센터|지원센터|성장지원센터|확인기관|인증기관|기본법|법|촉진법)").is_match(after) {
                continue;
            }
            if w.starts_with("법인") && re!(r"(?:비영리|재단|사단|법무|관세|회계)\s*$").is_match(before)
            {
                continue;
            }
            if w.starts_with("수출실적") && re!(r"^(?:또는|이나|계획)").is_match(after) {
                continue;
            }
            let a = if w.starts_with("벤처") {
                Attribute::VentureCertified
            } else if w.contains("이노비즈") || w.contains("기술혁신형") {
                Attribute::InnobizCertified
            } else if w.contains("메인비즈") || w.contains("경영혁신형") {
                Attribute::MainbizCertified
            } else if w.starts_with("여성") {
                Attribute::WomenOwned
            } else if w.starts_with("장애인") {
                Attribute::DisabledOwned
            } else if w.contains("연구") {
                Attribute::ResearchLab
            } else if w.starts_with("수출") {
                Attribute::Exporter
            } else if w.starts_with("법인") {
                Attribute::Corporation
            } else {
                Attribute::SocialEnterprise
            };
            if !here.contains(&a) {
                here.push(a);
            }
            first.get_or_insert((m.start(), m.end()));
            marks.push((m.start(), m.end(), after.to_string()));
        }
        if here.is_empty() {
            continue;
        }
        // In a list beside another kind of business ("제조 중소기업, 벤처기업, 창업기업"), a
        // certification is one alternative among others, not a condition.
        let starts: Vec<usize> = marks.iter().map(|(s, _, _)| *s).collect();
        let ends: Vec<usize> = marks.iter().map(|(_, e, _)| *e).collect();
        let sep_after = re!(r"^\s*(?:[,ㆍ·]|및|또는|이나)\s*");
        let sep_before = re!(r"(?:기업|업체|기관|단체|개인)\s*(?:[,ㆍ·]|및|또는|이나)\s*$");
        let in_list = marks.iter().any(|(s, e, _)| {
            let next = sep_after.find(&text[*e..]).map(|m| e + m.end());
            // The noun before the separator, unless it is itself a certification read here.
            let prev = sep_before.find(&text[..*s]).filter(|m| !ends.iter().any(|e| *e > m.start() && *e <= *s));
            let next_other = next.is_some_and(|n| n < text.len() && !starts.contains(&n));
            let prev_other = prev.is_some();
            next_other || prev_other
        });
        if in_list && l.part == Part::Target && !l.exception {
            continue;
        }
        if l.exception {
            found.exception_attributes.extend(here);
        } else if l.plain() {
            let (s, e) = first.expect("an attribute was found");
            let excluded = l.part == Part::Exclusion
                || marks.iter().any(|(_, _, after)| re!(r"^\W{0,2}(?:은|는|을|를)?\s*(?:제외|불가)").is_match(after));
            found.attributes.push((here, !excluded, quote(&text, s, e)));
        }
        for (s, e, _) in marks {
            l.mark(s, e);
        }
    }
}

/// Words that carry no condition of their own once the rules have read a line (particles,
/// "소재/관내/본사", dates of reference, …): a line left with only these was read in full.
const FILLERS: &[&str] = &[
    "및",
    "또는",
    "혹은",
    "등",
    "중",
    "내",
    "內",
    "관내",
    "도내",
    "시내",
    "군내",
    "구내",
    "소재",
    "소재한",
    "소재하는",
    "소재지",
    "소재지가",
    "지역",
    "지역의",
    "지역에",
    "국내",
    "전국",
    "모든",
    "누구나",
    "해당",
    "해당하는",
    "해당되는",
    "따른",
    "따라",
    "의한",
    "의거",
    "의거한",
    "규정",
    "정한",
    "상",
    "상의",
    "기업",
    "기업으로",
    "기업으로서",
    "기업의",
    "기업은",
    "기업이",
    "업체",
    "업체로",
    "사업자",
    "사업자로",
    "사업장",
    "사업장을",
    "사업장이",
    "사업체",
    "기업체",
    "대상",
    "대상자",
    "자",
    "자로서",
    "본사",
    "본점",
    "공장",
    "연구소",
    "지사",
    "주사업장",
    "주된",
    "둔",
    "두고",
    "있는",
    "보유",
    "보유한",
    "보유하고",
    "으로",
    "로",
    "로서",
    "으로서",
    "이며",
    "이고",
    "인",
    "의",
    "에",
    "에서",
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "와",
    "과",
    "한",
    "된",
    "하는",
    "중인",
    "현재",
    "기준",
    "기준으로",
    "신청일",
    "공고일",
    "접수",
    "마감일",
    "접수마감일",
    "신청",
    "제",
    "조",
    "항",
    "호",
    "확인서",
    "단독",
    "등록된",
    "시",
    "것",
    "사업자등록증",
    "사업자등록증상",
    "사업자등록상",
    "보유기업",
    "필한",
    "마친",
    "영위하는",
    "영위하고",
    "영위",
    "가입한",
    "가입된",
    "고용보험",
    "직전",
    "월말",
    "공고시작일",
    "공고마감일",
    "경과한",
    "하고",
    "주사업장을",
    "국내기업",
    "사업주",
    "되어",
];

/// Connective words and phrases that carry no condition: law references, particles, "국내",
/// "소재", "희망하는" clauses (the applicant's own wish), generic nouns for a business.
fn mark_fillers(lines: &mut [Line]) {
    let intent = re!(
        r"[^,☞\-※(]*?(?:희망|원|준비|계획|추진|검토)\s*(?:하는|하고|중인)|[^,☞\-※(]*?(?:관심|의지|의사)(?:가|이)?\s*있는|[^,☞\-※(]*?필요한"
    );
    let law = re!(
        r"[「｢『]?\s*[가-힣ㆍ·\s]{2,40}?(?:기본법|지원법|특별법|촉진법|법률|법|시행령|규정|지침)\s*[」｣』]?\s*(?:\s*(?:및\s*)?(?:동법|같은\s*법)?\s*(?:시행령\s*)?제\s*\d+\s*조(?:의\s*\d+)?(?:\s*제?\s*\d+\s*[항호])*)*\s*(?:의\s*)?(?:규정)?\s*(?:에\s*(?:따른|의한|의거한?|해당하는|해당되는|정한)|에서\s*정한|상의?|에\s*의거)?"
    );
    let defining = re!(r"중소기업|소상공인|중견기업|장애인기업|사회적기업|벤처기업|여성기업|창업");
    for l in lines.iter_mut() {
        let text = l.text.clone();
        let mut marks = Vec::new();
        // Both patterns scan the whole line from every position: run them only on lines that
        // have the words they end on.
        let has_law = ["법", "규정", "지침"].iter().any(|w| text.contains(w));
        let has_intent = ["하는", "하고", "중인", "있는", "필요한"].iter().any(|w| text.contains(w));
        let laws = law.find_iter(if has_law { &text } else { "" }).filter(|m| defining.is_match(m.as_str()));
        for m in intent.find_iter(if has_intent { &text } else { "" }).chain(laws) {
            if !m.as_str().trim().is_empty() {
                marks.push((m.start(), m.end()));
            }
        }
        for (s, e) in marks {
            l.mark(s, e);
        }
        // Word by word, what is left after the read spans.
        let rest = blank_read(l);
        let marks: Vec<(usize, usize)> = re!(r"[\p{L}\p{N}]+")
            .find_iter(&rest)
            .filter(|w| FILLERS.contains(&w.as_str()))
            .map(|w| (w.start(), w.end()))
            .collect();
        for (s, e) in marks {
            l.mark(s, e);
        }
    }
}

/// The line with its read spans blanked out (same byte length).
fn blank_read(l: &Line) -> String {
    let mut bytes: Vec<u8> = l.text.as_bytes().to_vec();
    for (s, e) in &l.read {
        for b in bytes.iter_mut().take((*e).min(l.text.len())).skip(*s) {
            *b = b' ';
        }
    }
    // Blanking whole spans keeps the rest valid UTF-8: spans start and end at char boundaries.
    let mut s = String::from_utf8_lossy(&bytes).into_owned();
    s = s.replace('\u{fffd}', " ");
    s
}

/// The words of a target line no rule read, without punctuation.
fn unread_rest(l: &Line) -> String {
    let rest = blank_read(l);
    re!(r"[\p{L}\p{N}]+")
        .find_iter(&rest)
        .map(|w| w.as_str())
        .filter(|w| w.chars().any(|c| ('가'..='힣').contains(&c) || c.is_ascii_alphabetic()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn category_criterion(category: &str) -> Option<Criterion> {
    match category {
        "소상공인" => Some(Criterion::SmallBusiness),
        "중소기업" => Some(Criterion::Size { at_most: SizeClass::Medium }),
        "중견기업" => Some(Criterion::Size { at_most: SizeClass::MidCap }),
        "장애인기업" => Some(Criterion::Attribute { attribute: Attribute::DisabledOwned, has: true }),
        "사회적기업" => Some(Criterion::Attribute { attribute: Attribute::SocialEnterprise, has: true }),
        "제조업" => Some(Criterion::Sector { include: vec!["C".into()], exclude: vec![] }),
        _ => None,
    }
}

fn size_criterion(class: SizeClass) -> Criterion {
    match class {
        SizeClass::Micro => Criterion::SmallBusiness,
        c => Criterion::Size { at_most: c },
    }
}

fn rank(class: SizeClass) -> u8 {
    match class {
        SizeClass::Micro => 0,
        SizeClass::Small => 1,
        SizeClass::Medium => 2,
        SizeClass::MidCap => 3,
    }
}

/// Turn what was found into criteria and stages.
fn assemble(category: Option<&str>, f: Found, r: &mut Reading) {
    let mut out: Vec<Criterion> = Vec::new();
    if let Some(loc) = f.location {
        out.push(loc);
    }
    // Size: the broadest class the target admits; the category only when the words name none.
    let text_size = if f.large_admitted {
        None
    } else {
        f.size.iter().max_by_key(|(c, _, _)| rank(*c)).map(|(c, _, w)| from_notice(w, size_criterion(*c)))
    };
    let admits_founders = f.pre.is_some() || f.restart.is_some();
    let category_text = category.unwrap_or("");
    let mut category_attribute = None;
    let category_size = match category.and_then(category_criterion) {
        Some(_) if f.large_admitted || f.persons_admitted => None,
        Some(c @ (Criterion::SmallBusiness | Criterion::Size { .. })) => Some(from_notice(category_text, c)),
        Some(c) => {
            category_attribute = Some(from_notice(category_text, c));
            None
        }
        None => None,
    };

    // Who: would-be founders, restarts and young businesses, as alternatives.
    let mut branches: Vec<Criterion> = Vec::new();
    if let Some(w) = &f.pre {
        branches.push(from_notice(w, Criterion::PreStartup));
    }
    if let Some(w) = &f.restart {
        branches.push(from_notice(w, Criterion::Stage { any_of: vec![Stage::Restart] }));
        if f.closing_soon {
            branches.push(Criterion::Declared {
                text: L10n::new(
                    format!("폐업 예정 (신청자 확인): {w}"),
                    format!("closing down soon (the applicant declares): {w}"),
                ),
            });
        }
    }
    let ages: Vec<&(Option<u32>, Option<u32>, String, bool)> =
        f.business_age.iter().filter(|(_, _, _, restart)| !(*restart && f.restart.is_some())).collect();
    let age = match ages.as_slice() {
        [] => None,
        [(min, max, w, _)] => {
            let max = match (max, f.wide_business_age) {
                (Some(m), Some(wide)) => Some((*m).max(wide)),
                (m, _) => *m,
            };
            Some(from_notice(w, Criterion::BusinessAge { min_years: *min, max_years_exclusive: max }))
        }
        many => {
            let mut distinct: Vec<Criterion> = Vec::new();
            for (min, max, w, _) in many {
                let c = from_notice(w, Criterion::BusinessAge { min_years: *min, max_years_exclusive: *max });
                if !distinct.iter().any(|d| matches!((d, &c), (Criterion::FromNotice { criterion: a, .. }, Criterion::FromNotice { criterion: b, .. }) if a == b)) {
                    distinct.push(c);
                }
            }
            Some(any_of(distinct))
        }
    };
    let mut stages = Vec::new();
    if admits_founders {
        if f.pre.is_some() {
            stages.push(Stage::PreStartup);
        }
        if f.restart.is_some() {
            stages.push(Stage::Restart);
        }
        if let Some(a) = age {
            branches.push(a);
            stages.push(Stage::Startup);
        } else if f.pre.is_some() && f.restart.is_none() && f.existing_nouns {
            // Founders beside businesses the words do not bound: founders are admitted, the
            // businesses' conditions follow below.
            if let Some(s) = text_size.clone() {
                branches.push(s);
            } else {
                branches.clear();
                stages.clear();
            }
        }
        if !branches.is_empty() {
            out.push(any_of(branches));
        }
        // Size classes apply to businesses, not to founders: they were put in the branches.
    } else {
        if let Some(a) = age {
            out.push(a);
        }
        if let Some(s) = text_size.or(category_size) {
            out.push(s);
        }
        if let Some(w) = &f.operating {
            out.push(from_notice(w, Criterion::Operating));
        } else if let Some(w) = &f.pre_excluded {
            out.push(from_notice(w, Criterion::Operating));
        }
    }
    if !f.sector_include.is_empty() || !f.sector_exclude.is_empty() {
        let words = f.sector_include.first().or(f.sector_exclude.first()).map(|(_, w)| w.clone()).unwrap_or_default();
        out.push(from_notice(
            &words,
            Criterion::Sector {
                include: f.sector_include.iter().map(|(c, _)| c.clone()).collect(),
                exclude: f.sector_exclude.iter().map(|(c, _)| c.clone()).collect(),
            },
        ));
    }
    if let Some((lo, hi, w)) = f.owner_age {
        out.push(from_notice(&w, Criterion::OwnerAge { min: lo, max: hi }));
    }
    if let Some((min, max, w)) = f.headcount {
        let head = from_notice(&w, Criterion::Headcount { min, max_exclusive: max });
        if f.exception_attributes.is_empty() {
            out.push(head);
        } else {
            let mut alts = vec![head];
            for a in &f.exception_attributes {
                alts.push(from_notice(&w, Criterion::Attribute { attribute: *a, has: true }));
            }
            out.push(Criterion::AnyOf { criteria: alts });
        }
    }
    if let Some((v, w)) = f.sales {
        out.push(from_notice(&w, Criterion::AnnualSales { max_krw: v }));
    }
    let mut attribute_read = Vec::new();
    for (attrs, has, w) in f.attributes {
        attribute_read.extend(attrs.iter().copied());
        let cs: Vec<Criterion> = attrs.iter().map(|a| Criterion::Attribute { attribute: *a, has }).collect();
        let c = if has { any_of(cs) } else { cs.into_iter().next().expect("one attribute at least") };
        out.push(from_notice(&w, c));
    }
    if let Some(c) = category_attribute {
        let same = match &c {
            Criterion::FromNotice { criterion, .. } => match criterion.as_ref() {
                Criterion::Attribute { attribute, .. } => attribute_read.contains(attribute),
                Criterion::Sector { .. } => !f.sector_include.is_empty(),
                _ => false,
            },
            _ => false,
        };
        if !same {
            out.push(c);
        }
    }
    if category == Some("창업벤처") && stages.is_empty() {
        stages = vec![Stage::PreStartup, Stage::Startup];
    }
    r.criteria = out;
    r.stages = stages;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The criteria read from one target line (and a category), without their words.
    fn read_target(category: Option<&str>, target: &str) -> (Vec<Criterion>, Reading) {
        let r = read(&NoticeText {
            title: "공고",
            target: category,
            summary: &format!("☞ {target}\n☞ 지원 내용"),
            ..Default::default()
        });
        (r.criteria.iter().map(bare).collect(), r)
    }

    fn bare(c: &Criterion) -> Criterion {
        match c {
            Criterion::FromNotice { criterion, .. } => bare(criterion),
            Criterion::AnyOf { criteria } => Criterion::AnyOf { criteria: criteria.iter().map(bare).collect() },
            other => other.clone(),
        }
    }

    fn words(r: &Reading) -> Vec<String> {
        r.criteria
            .iter()
            .filter_map(|c| match c {
                Criterion::FromNotice { words, .. } => Some(words.clone()),
                _ => None,
            })
            .collect()
    }

    fn loc(city: &str, districts: &[&str]) -> Criterion {
        Criterion::Location { city: city.into(), districts: districts.iter().map(|d| d.to_string()).collect() }
    }

    fn medium() -> Criterion {
        Criterion::Size { at_most: SizeClass::Medium }
    }

    #[test]
    fn region_from_tag_hashtags_and_words() {
        let r = read(&NoticeText {
            title: "[경북] 2026년 모집 공고",
            summary: "☞ 도내 소재 중소기업",
            ..Default::default()
        });
        assert_eq!(bare(&r.criteria[0]), loc("경상북도", &[]));
        assert_eq!(words(&r)[0], "[경북]");
        assert!(r.target_read, "{:?}", r.unread);
        // A Seoul district in the words narrows the city.
        let (c, _) = read_target(None, "성동구 관내 소상공인");
        assert_eq!(c[0], loc("서울특별시", &["성동구"]));
        let (c, _) = read_target(None, "광진구 소재 중소기업");
        assert_eq!(c[0], loc("서울특별시", &["광진구"]));
        // Several regions: any of them.
        let r = read(&NoticeText { title: "[대구ㆍ경북] 공고", ..Default::default() });
        assert_eq!(
            bare(&r.criteria[0]),
            Criterion::AnyOf { criteria: vec![loc("대구광역시", &[]), loc("경상북도", &[])] }
        );
        // Nearly all 17 regions in the hashtags: nationwide, no rule.
        let all = "서울,부산,대구,인천,광주,대전,울산,세종,경기,강원,충북,충남,전북,전남,경북,경남,제주";
        let r = read(&NoticeText { title: "공고", hashtags: Some(all), ..Default::default() });
        assert!(r.criteria.is_empty());
        let r = read(&NoticeText { title: "공고", hashtags: Some("인력,울산,2026"), ..Default::default() });
        assert_eq!(bare(&r.criteria[0]), loc("울산광역시", &[]));
        // 비수도권: every city but the capital region.
        let (c, _) = read_target(None, "비수도권 (서울, 경기, 해외 제외) 소재 중소기업");
        let Criterion::AnyOf { criteria } = &c[0] else { panic!("{c:?}") };
        assert_eq!(criteria.len(), 14);
        assert!(!criteria.contains(&loc("서울특별시", &[])));
        // Near misses: a region excluded, or named in a nationwide notice.
        let (c, _) = read_target(None, "서울을 제외한 16개 광역지방정부");
        assert!(!c.iter().any(|c| matches!(c, Criterion::Location { .. } | Criterion::AnyOf { .. })), "{c:?}");
        let (c, _) = read_target(None, "전국 의료기기 제조기업, 강원특별자치도 소재 기업 포함");
        assert!(!c.iter().any(|c| matches!(c, Criterion::Location { .. })), "{c:?}");
    }

    #[test]
    fn size_classes() {
        assert_eq!(read_target(None, "인천 소재 소상공인").0[1], Criterion::SmallBusiness);
        assert_eq!(
            read_target(None, "국내 소비재 생산 소기업ㆍ소상공인").0,
            vec![Criterion::Size { at_most: SizeClass::Small }]
        );
        let (c, r) = read_target(None, "「중소기업기본법」 제2조에 따른 중소기업");
        assert_eq!(c, vec![medium()]);
        assert!(r.target_read, "{:?}", r.unread);
        assert_eq!(read_target(None, "전국 중소ㆍ중견기업").0, vec![Criterion::Size { at_most: SizeClass::MidCap }]);
        // 중소기업 and 소상공인 together: the broader class, which a small business passes.
        assert_eq!(read_target(None, "글로벌시장 진출을 희망하는 중소기업 및 소상공인").0, vec![medium()]);
        // The category, when the words name no class.
        assert_eq!(read_target(Some("중소기업"), "고용보험 피보험자 10인 이상 기업").0[0], medium());
        // Near misses: the ministry, a law name, 강소기업, big companies admitted.
        assert!(read_target(None, "중소벤처기업부 소관 사업 참여자").0.is_empty());
        assert!(read_target(None, "글로벌 강소기업 지정기업").0.is_empty());
        assert!(read_target(Some("중소기업"), "대기업ㆍ중견기업ㆍ공공기관").0.is_empty());
    }

    #[test]
    fn sectors_and_exclusions() {
        let sector = |c: &[Criterion]| c.iter().find(|c| matches!(c, Criterion::Sector { .. })).cloned();
        let c = read_target(None, "칠곡군 소재 중소기업(제조업)").0;
        assert_eq!(sector(&c), Some(Criterion::Sector { include: vec!["C".into()], exclude: vec![] }));
        let c = read_target(None, "관광진흥법에 따른 여행업 등록업체").0;
        assert_eq!(sector(&c), Some(Criterion::Sector { include: vec!["7521".into()], exclude: vec![] }));
        let r =
            read(&NoticeText {
                title: "공고", exclusions: Some("유흥주점업, 사행성 업종 제외"), ..Default::default()
            });
        assert_eq!(
            bare(&r.criteria[0]),
            Criterion::Sector { include: vec![], exclude: vec!["56211".into(), "56212".into(), "9124".into()] }
        );
        // Near misses: manufacturing as one alternative, or as the program's subject.
        assert_eq!(sector(&read_target(None, "제품을 제조하거나 그 제품을 취급하는 중소기업").0), None);
        assert_eq!(sector(&read_target(None, "제조업 또는 제조업관련업 중소기업").0), None);
        assert_eq!(sector(&read_target(None, "스마트 제조 공급기업").0), None);
        // 유흥주점 named without excluding it is not an exclusion.
        assert_eq!(sector(&read_target(None, "유흥주점 밀집 지역 상인").0), None);
    }

    #[test]
    fn years_in_business() {
        let age = |t: &str| read_target(None, t).0.into_iter().find(|c| matches!(c, Criterion::BusinessAge { .. }));
        let max = |n| Some(Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(n) });
        assert_eq!(age("업력 7년 이내 중소기업"), max(7));
        assert_eq!(age("창업 3년 미만 기업"), max(3));
        assert_eq!(age("설립 10년 이하 법인"), max(10));
        assert_eq!(age("창업 후 7년 이내 기업"), max(7));
        assert_eq!(age("공고일 기준, 창업 후 8년이 경과하지 않은 스타트업"), max(8));
        assert_eq!(age("7년 이내 창업기업"), max(7));
        assert_eq!(
            age("업력 3년 이상 기업"),
            Some(Criterion::BusinessAge { min_years: Some(3), max_years_exclusive: None })
        );
        // Exclusions: older businesses excluded.
        let r = read(&NoticeText {
            title: "공고",
            exclusions: Some("서울 소재 외 및 3년 초과 기업"),
            ..Default::default()
        });
        assert_eq!(bare(&r.criteria[0]), max(3).unwrap());
        // Near misses: a year, months, a sales period.
        assert_eq!(age("2017년 창업 이후 성장한 기업"), None);
        assert_eq!(age("창업 2017년 이후 기업"), None);
        assert_eq!(age("창업 6개월 이상의 소상공인"), None);
        assert_eq!(age("최근 3년간 매출액 성장기업"), None);
    }

    #[test]
    fn owner_age() {
        let age = |t: &str| read_target(None, t).0.into_iter().find(|c| matches!(c, Criterion::OwnerAge { .. }));
        let band = |lo, hi| Some(Criterion::OwnerAge { min: lo, max: hi });
        assert_eq!(age("만 39세 이하 예비창업자"), band(None, Some(39)));
        assert_eq!(age("만 19세 이상 39세 이하의 청년이 대표인 기업"), band(Some(19), Some(39)));
        assert_eq!(age("청년(만 39세 이하) 창업자"), band(None, Some(39)));
        assert_eq!(age("만19세 ~ 55세 예비창업자"), band(Some(19), Some(55)));
        assert_eq!(age("대표자 연령이 만 40세 미만인 기업"), band(None, Some(39)));
        // Near misses: the workers a program pays for.
        assert_eq!(age("만 39세 이하 직원 채용 시"), None);
        assert_eq!(age("만 15세~34세 청년 정규직 채용 기업"), None);
    }

    #[test]
    fn founders_restarts_and_operating() {
        let (c, r) = read_target(None, "인천 거주 예비창업자");
        assert!(c.contains(&Criterion::PreStartup), "{c:?}");
        assert_eq!(r.stages, vec![Stage::PreStartup]);
        let (c, _) = read_target(None, "사업자등록 전 예비창업자");
        assert!(c.contains(&Criterion::PreStartup));
        let (c, _) = read_target(None, "대전 소재 예비창업자 또는 7년 이내 창업기업");
        assert!(c.contains(&Criterion::AnyOf {
            criteria: vec![
                Criterion::PreStartup,
                Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(7) }
            ]
        }));
        // Would-be founders excluded: a business in operation.
        let r = read(&NoticeText {
            title: "공고", exclusions: Some("예비창업자 지원불가"), ..Default::default()
        });
        assert_eq!(bare(&r.criteria[0]), Criterion::Operating);
        let (c, _) = read_target(None, "신청일 현재 정상적으로 영업 중인 소상공인");
        assert!(c.contains(&Criterion::Operating) && c.contains(&Criterion::SmallBusiness));
        let (c, _) = read_target(None, "사업자등록증을 보유한 기업");
        assert!(c.contains(&Criterion::Operating));
        // Restart.
        let (c, r) = read_target(None, "폐업 이력 보유 예비재창업자 또는 7년이내 재창업기업");
        assert_eq!(c, vec![Criterion::Stage { any_of: vec![Stage::Restart] }]);
        assert_eq!(r.stages, vec![Stage::Restart]);
        let (c, _) = read_target(Some("소상공인"), "폐업(예정) 소상공인");
        let Criterion::AnyOf { criteria } = &c[0] else { panic!("{c:?}") };
        assert_eq!(criteria[0], Criterion::Stage { any_of: vec![Stage::Restart] });
        assert!(matches!(criteria[1], Criterion::Declared { .. }));
        assert!(!c.contains(&Criterion::SmallBusiness), "a closed business is no longer a small business: {c:?}");
        // Near miss: founders admitted beside others are not founders only.
        let (c, _) = read_target(None, "3명 이상의 사업자(예비창업자 포함)로 구성된 팀");
        assert!(!c.contains(&Criterion::PreStartup), "{c:?}");
        let (c, _) = read_target(None, "청년 (예비)창업자 및 일반인");
        assert!(!c.contains(&Criterion::PreStartup), "{c:?}");
    }

    #[test]
    fn headcount_and_sales() {
        let (c, _) = read_target(None, "상시근로자 5인 미만 소상공인");
        assert!(c.contains(&Criterion::Headcount { min: None, max_exclusive: Some(5) }));
        let (c, _) = read_target(None, "고용보험 피보험자 10인 이상 기업");
        assert_eq!(c, vec![Criterion::Headcount { min: Some(10), max_exclusive: None }]);
        let (c, _) =
            read_target(None, "’25년도 연매출액이 1억 원 이하이며, 사업자등록증 상의 소재지가 경산시인 소상공인");
        assert!(c.contains(&Criterion::AnnualSales { max_krw: 100_000_000 }), "{c:?}");
        let (c, _) = read_target(None, "연매출 3억원 미만 소상공인");
        assert!(c.contains(&Criterion::AnnualSales { max_krw: 299_999_999 }));
        // An exception line widens the headcount rule to the certified.
        let r = read(&NoticeText {
            title: "공고",
            summary:
                "☞ 고용보험 피보험자 10인 이상 기업\n※ 벤처기업, 이노비즈, 메인비즈는 10인 미만이라도 참여 가능\n☞ 지원",
            ..Default::default()
        });
        let Criterion::AnyOf { criteria } = bare(&r.criteria[0]) else { panic!("{:?}", r.criteria) };
        assert_eq!(criteria.len(), 4);
        // Near misses: hires, export amounts, sales growth.
        assert!(read_target(None, "청년 5명 채용 예정 기업").0.is_empty());
        assert!(read_target(None, "전년도 직접수출액 5,000만불 미만의 기업").0.is_empty());
        assert!(read_target(None, "최근 3년간 매출액 10억 원 이하 감소 기업").0.is_empty());
    }

    #[test]
    fn attributes() {
        let has = |a| Criterion::Attribute { attribute: a, has: true };
        assert_eq!(read_target(None, "벤처기업확인서 보유 기업").0, vec![has(Attribute::VentureCertified)]);
        assert_eq!(
            read_target(None, "벤처기업 또는 이노비즈 인증 기업").0,
            vec![Criterion::AnyOf {
                criteria: vec![has(Attribute::VentureCertified), has(Attribute::InnobizCertified)]
            }]
        );
        assert_eq!(read_target(None, "메인비즈 인증 기업").0, vec![has(Attribute::MainbizCertified)]);
        assert_eq!(read_target(None, "여성기업 확인서 보유 기업").0, vec![has(Attribute::WomenOwned)]);
        assert_eq!(read_target(None, "장애인기업 확인서 보유기업").0, vec![has(Attribute::DisabledOwned)]);
        assert_eq!(read_target(None, "(예비)사회적기업").0, vec![has(Attribute::SocialEnterprise)]);
        assert!(read_target(None, "기업부설연구소를 보유한 중소기업").0.contains(&has(Attribute::ResearchLab)));
        assert!(read_target(None, "법인사업자로 신청일 기준 인천 소재 기업").0.contains(&has(Attribute::Corporation)));
        assert!(read_target(None, "수출실적 보유 기업").0.contains(&has(Attribute::Exporter)));
        let r = read(&NoticeText { title: "공고", exclusions: Some("사회적기업 제외"), ..Default::default() });
        assert_eq!(bare(&r.criteria[0]), Criterion::Attribute { attribute: Attribute::SocialEnterprise, has: false });
        assert_eq!(read_target(Some("장애인기업"), "장애인 예비창업자").0[1], has(Attribute::DisabledOwned));
        // Near misses: the ministry, a category, a fund, a preference, a list of alternatives.
        let none = |t: &str| !read_target(None, t).0.iter().any(|c| matches!(c, Criterion::Attribute { .. }));
        assert!(none("중소벤처기업부 지정 창업기업"));
        assert!(none("창업벤처 기업"));
        assert!(none("벤처캐피탈 투자 유치 기업"));
        assert!(none("이노비즈협회 회원사"));
        assert!(none("여성기업 우대"));
        assert!(none("제조 중소기업, 벤처기업, 창업기업"));
        assert!(none("수출 실적 또는 수출 계획이 있는 기업"));
        assert!(none("비영리 법인"));
        assert!(none("창업 7년 미만 창업자(개인 또는 법인사업자)"));
    }

    #[test]
    fn target_read_in_full_or_not() {
        let (_, r) = read_target(Some("중소기업"), "「중소기업기본법」제2조 및 시행령제3조에 따른 중소기업 등");
        assert!(r.target_read, "{:?}", r.unread);
        let (_, r) = read_target(Some("소상공인"), "「소상공인기본법」제2조에 따른 소상공인");
        assert!(r.target_read, "{:?}", r.unread);
        // A law that names a kind of business is a condition, not a connective.
        let (_, r) = read_target(Some("중소기업"), "「관광진흥법」 제4조에 따른 업체");
        assert!(!r.target_read);
        let (_, r) = read_target(Some("중소기업"), "의료기기기업, 의료기기 시장진출을 희망하는 기업");
        assert!(!r.target_read);
        assert_eq!(r.target_words.as_deref(), Some("의료기기기업, 의료기기 시장진출을 희망하는 기업"));
        // "See the notice for details" is kept to confirm, not left unread.
        let r = read(&NoticeText {
            title: "공고",
            summary: "☞ 인천 소재 소상공인\n※ 자세한 지원대상 공고문 참조\n☞ 지원",
            ..Default::default()
        });
        assert!(r.target_read, "{:?}", r.unread);
        assert_eq!(r.to_confirm, vec!["자세한 지원대상 공고문 참조"]);
        // Without target words the category alone is not enough when there is a summary.
        let r =
            read(&NoticeText {
                title: "공고", target: Some("중소기업"), summary: "사업 안내", ..Default::default()
            });
        assert!(!r.target_read);
    }

    #[test]
    fn quotes_are_short_and_from_the_text() {
        let long = "접수마감일 현재 사업자등록증 및 법인등기부등본 기준으로 창업 1년 이상 경과하고, 한국산업기술진흥협회가 발급한 기업부설연구소 인정서를 보유하고 있는 국내 중소ㆍ중견 기업";
        let (_, r) = read_target(None, long);
        for w in words(&r) {
            assert!(w.chars().count() <= MAX_WORDS && long.contains(&w), "{w}");
        }
    }

    #[test]
    fn a_business_category_says_nothing_of_persons_the_words_admit() {
        assert!(admits_persons("의료기기 기업 또는 의료기기 시장진출 희망 기업(개인)"));
        assert!(admits_persons("관심 있는 누구나"));
        // Near misses: a sole proprietor is a business; privacy words are not applicants.
        assert!(!admits_persons("개인사업자 및 법인사업자"));
        assert!(!admits_persons("개인정보 수집·이용 동의서 제출 기업"));
        assert!(!admits_persons("중소기업"));
        let with = |target: &str| read_target(Some("중소기업"), target).0;
        assert!(
            with("의료기기 분야 기업 및 개인").iter().all(|c| !matches!(c, Criterion::Size { .. })),
            "{:?}",
            with("의료기기 분야 기업 및 개인")
        );
        assert!(
            with("제조 분야 기업").iter().any(|c| matches!(c, Criterion::Size { .. })),
            "{:?}",
            with("제조 분야 기업")
        );
    }
}
