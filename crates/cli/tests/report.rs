//! Printed documents checked as a reader would: text extracted with pdftotext (Korean and the
//! numbers), pages rendered with pdftoppm (not blank), long content on further pages, Korean
//! broken between words, internal notes left out on request. Needs poppler-utils.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::path::Path;
use std::process::Command;

use common::Desk;

const CAFE: &str = r#"{"name": "광진 커피로스터스", "business_registration_number": "220-81-62517",
  "city": "서울", "district": "광진구", "ksic_code": "56221", "full_time_workers": 3,
  "founded_on": "2021-03-02", "business_status": "operating", "nonprofit": false,
  "new_hires": [{"hired_on": "2023-01-16", "employment_insurance": true}]}"#;

const INTERNAL: &str = "내부메모표식 대표자 대출 상환 부담이 큼";

fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for these tests (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn text_of(pdf: &Path) -> String {
    String::from_utf8(poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])).unwrap()
}

fn pages_of(pdf: &Path) -> usize {
    let info = String::from_utf8(poppler("pdfinfo", &[pdf.to_str().unwrap()])).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// Render one page at 72 dpi as binary PPM and return (non-white pixels, pixels of `rgb`).
fn ink(pdf: &Path, page: usize, rgb: [u8; 3]) -> (usize, usize) {
    let p = page.to_string();
    let ppm = poppler("pdftoppm", &["-r", "72", "-f", &p, "-l", &p, pdf.to_str().unwrap()]);
    // Header: "P6\n<w> <h>\n255\n".
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    let pixels = &ppm[i + 1..];
    let mut dark = 0;
    let mut colour = 0;
    for px in pixels.chunks_exact(3) {
        if px.iter().any(|&c| c < 200) {
            dark += 1;
        }
        if px.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) < 12) {
            colour += 1;
        }
    }
    (dark, colour)
}

fn desk_with_consultation(name: &str, notes: &str) -> (Desk, String) {
    let desk = Desk::new(name);
    let p = desk.file("p.json", CAFE);
    let m = desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap()]).trim().to_string();
    let c = desk
        .ok(&[
            "consult",
            "add",
            "--merchant",
            &m,
            "--counselor",
            "김상담",
            "--channel",
            "visit",
            "--place",
            "자양시장",
            "--at",
            "2023-05-02 14:00",
            "--topic",
            "고용",
            "--topic",
            "금융",
            "--notes",
            notes,
            "--program",
            "seoul-2023-employment-incentive",
            "--program",
            "jongno-2022h2-sme-fund-loan",
            "--referral",
            "서울신용보증재단=gwangjin-onestop-credit-guarantee",
            "--follow-up",
            "2023-05-16:서류 확인 전화",
            "--outcome",
            "고용장려금 신청 예정",
        ])
        .trim()
        .to_string();
    (desk, c)
}

#[test]
fn summary_has_korean_text_numbers_documents_and_d_days() {
    let (desk, c) = desk_with_consultation("summary", INTERNAL);
    let out = desk.dir.join("summary.pdf");
    desk.ok(&[
        "report",
        "summary",
        "--consultation",
        &c,
        "--out",
        out.to_str().unwrap(),
        "--on",
        "2023-05-03",
        "--internal-notes",
    ]);
    let text = text_of(&out);
    for needle in [
        "소상공인 원스톱 상담 결과 안내",
        "광진 커피로스터스",
        "220-81-62517",
        "2023년 서울시 소상공인 고용장려금",
        "신청 가능일 2023-04-16",
        "융자신청서", // a required document of the Jongno loan, as a checklist item
        "D-13",       // the follow-up on 2023-05-16, counted from 2023-05-03
        "서울신용보증재단",
        "004_aa72d5351b0aa835.txt",
        INTERNAL,
    ] {
        assert!(text.contains(needle), "summary lacks {needle:?}:\n{text}");
    }
    let (dark, _) = ink(&out, 1, [0, 0, 0]);
    assert!(dark > 5_000, "page 1 looks blank ({dark} dark pixels)");
    // English on request.
    let en = desk.dir.join("summary-en.pdf");
    desk.ok(&["--lang", "en", "report", "summary", "--consultation", &c, "--out", en.to_str().unwrap()]);
    let text = text_of(&en);
    assert!(text.contains("One-stop consultation summary") && text.contains("What to bring"), "{text}");
}

#[test]
fn internal_notes_are_left_out_when_asked() {
    let (desk, c) = desk_with_consultation("notes", INTERNAL);
    // Left out by default, and with the older flag.
    for extra in [None, Some("--no-internal-notes")] {
        let out = desk.dir.join("merchant-copy.pdf");
        let mut args = vec!["report", "summary", "--consultation", &c, "--out", out.to_str().unwrap()];
        args.extend(extra);
        desk.ok(&args);
        let text = text_of(&out);
        assert!(!text.contains("내부메모표식"), "internal notes leaked ({extra:?}):\n{text}");
        assert!(text.contains("고용장려금 신청 예정"), "the outcome stays");
    }
}

#[test]
fn long_notes_flow_onto_further_pages_and_break_between_words() {
    let words = ["소상공인", "경영", "안정", "자금", "상담", "내용을", "기록합니다", "임대료", "부담", "완화"];
    let mut notes = String::new();
    for i in 0..600 {
        notes.push_str(words[i % words.len()]);
        notes.push(' ');
    }
    notes.push_str("마지막문장표식");
    let (desk, c) = desk_with_consultation("long", &notes);
    let out = desk.dir.join("long.pdf");
    desk.ok(&["report", "summary", "--consultation", &c, "--out", out.to_str().unwrap(), "--internal-notes"]);
    let pages = pages_of(&out);
    assert!(pages >= 2, "{pages} page(s)");
    let text = text_of(&out);
    assert!(text.contains("마지막문장표식"), "the end of the notes was clipped");
    // Every Hangul token of the notes section is a whole word: no word was split across lines.
    let notes_part = &text[text.find("상담 메모").unwrap()..];
    for token in notes_part.split_whitespace() {
        let hangul_only = token.chars().all(|c| ('가'..='힣').contains(&c));
        if hangul_only
            && token != "마지막문장표식"
            && ![
                "상담",
                "메모",
                "지원",
                "여부는",
                "각",
                "기관의",
                "심사로",
                "최종",
                "결정됩니다",
                "출처와",
                "기준일은",
                "사업",
                "안내를",
                "따릅니다",
            ]
            .contains(&token)
        {
            assert!(words.contains(&token), "a word was broken: {token:?}");
        }
    }
    for page in 1..=pages {
        let (dark, _) = ink(&out, page, [0, 0, 0]);
        assert!(dark > 500, "page {page} is blank");
    }
}

#[test]
fn period_report_with_chart_and_csv() {
    let (desk, c1) = desk_with_consultation("period", "첫 상담");
    let m = desk.json(&["consult", "show", &c1, "--json"])["merchant_id"].as_str().unwrap().to_string();
    desk.ok(&[
        "consult",
        "add",
        "--merchant",
        &m,
        "--counselor",
        "박상담",
        "--channel",
        "phone",
        "--at",
        "2023-05-20 10:00",
        "--topic",
        "법률",
        "--notes",
        "두번째",
        "--program",
        "seoul-2023-employment-incentive",
    ]);
    desk.ok(&[
        "consult",
        "add",
        "--merchant",
        &m,
        "--counselor",
        "박상담",
        "--channel",
        "phone",
        "--at",
        "2023-07-01 10:00",
        "--notes",
        "기간 밖",
    ]);
    let out = desk.dir.join("period.pdf");
    let csv = desk.dir.join("period.csv");
    desk.ok(&[
        "report",
        "period",
        "--from",
        "2023-05-01",
        "--to",
        "2023-05-31",
        "--as-of",
        "2023-06-01",
        "--out",
        out.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    let text = text_of(&out);
    for needle in [
        "상담 실적 보고",
        "2023-05-01 ~ 2023-05-31",
        "상담 2",
        "방문",
        "전화",
        "2023년 서울시 소상공인 고용장려금",
        "서울신용보증재단",
        "지연된 후속 조치",
    ] {
        assert!(text.contains(needle), "report lacks {needle:?}:\n{text}");
    }
    // The charts' bars are drawn in the accent colour: far more of it than the heading rules alone.
    let (_, accent) = ink(&out, 1, [0x1f, 0x6f, 0x5c]);
    assert!(accent > 6_000, "no chart bars drawn ({accent} accent pixels)");
    let csv = std::fs::read_to_string(&csv).unwrap();
    for row in [
        "section,key,status,count,amount_krw",
        "period,2023-05-01..2023-05-31,,2,",
        "channel,phone,,1,",
        "channel,visit,,1,",
        "counselor,김상담,,1,",
        "topic,고용,,1,",
        "program,seoul-2023-employment-incentive,,2,",
        "referral,서울신용보증재단,proposed,1,",
        "overdue_follow_ups,2023-06-01,,1,",
        "stage,startup,,2,",
    ] {
        assert!(csv.lines().any(|l| l == row), "CSV lacks {row:?}:\n{csv}");
    }
    let e =
        desk.bad(&["report", "period", "--from", "2023-06-01", "--to", "2023-05-01", "--out", out.to_str().unwrap()]);
    assert!(e.contains("--to"), "{e}");
}

#[test]
fn bad_report_input_writes_nothing() {
    let desk = Desk::new("badreport");
    let out = desk.dir.join("none.pdf");
    let e = desk.bad(&["report", "summary", "--consultation", "deadbeef", "--out", out.to_str().unwrap()]);
    assert!(e.contains("deadbeef"), "{e}");
    let e =
        desk.bad(&["report", "period", "--from", "2023-02-30", "--to", "2023-03-01", "--out", out.to_str().unwrap()]);
    assert!(e.contains("--from") && e.contains("2023-02-30"), "{e}");
    assert!(!out.exists());
    assert!(std::fs::read_dir(&desk.dir).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".part")));
}

/// A consultation of merchant `m` about `programs` (ids), with nothing else to print.
fn consultation_about(desk: &Desk, m: &str, programs: &[&str]) -> String {
    let mut args = vec![
        "consult",
        "add",
        "--merchant",
        m,
        "--counselor",
        "김상담",
        "--channel",
        "counter",
        "--at",
        "2023-05-02 14:00",
    ];
    for id in programs {
        args.extend(["--program", id]);
    }
    desk.ok(&args).trim().to_string()
}

#[test]
fn the_summary_says_what_each_program_gives_how_to_apply_and_what_follows_on_one_page_a_program() {
    let desk = Desk::new("takehome");
    let p = desk.file("p.json", CAFE);
    let m = desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap()]).trim().to_string();
    let one = consultation_about(&desk, &m, &["seoul-2023-employment-incentive"]);
    let out = desk.dir.join("one.pdf");
    desk.ok(&["report", "summary", "--consultation", &one, "--out", out.to_str().unwrap(), "--on", "2023-05-03"]);
    let text = text_of(&out);
    for needle in [
        "지원 내용",
        "신규 채용 근로자 1명당 300만 원, 사업장당 최대 10명", // the benefit, with its amount and cap
        "신청 방법: 방문·이메일·우편·팩스 — 사업장 소재지 자치구청 접수창구", // how and where
        "신청 후 일정과 지킬 일",
        "6월 30일까지 고용보험 유지 확인", // a duty with its date
        "지원 제외 대상",
        "비영리단체",
    ] {
        assert!(text.contains(needle), "the summary lacks {needle:?}:\n{text}");
    }
    assert_eq!(pages_of(&out), 1, "one program fits one A4 page");

    // Three programs, the longest of the catalogue among them: two pages at most.
    let three = consultation_about(
        &desk,
        &m,
        &["seoul-2023-employment-incentive", "seoul-2023-unpaid-leave-support", "jongno-2022h2-sme-fund-loan"],
    );
    let out3 = desk.dir.join("three.pdf");
    desk.ok(&["report", "summary", "--consultation", &three, "--out", out3.to_str().unwrap(), "--on", "2023-05-03"]);
    let text3 = text_of(&out3);
    assert!(text3.contains("연 1.0%, 1년 거치 4년 균등분할상환"), "a loan's rate and terms:\n{text3}");
    assert!(text3.contains("2023년 6월 지급"), "a payment month:\n{text3}");
    assert!(pages_of(&out3) <= 2, "three programs on two pages at most ({} pages)", pages_of(&out3));

    // Large print: the same words, larger type, on more pages.
    let large = desk.dir.join("large.pdf");
    desk.ok(&["report", "summary", "--consultation", &one, "--out", large.to_str().unwrap(), "--large-print"]);
    let text_large = text_of(&large);
    assert!(text_large.contains("신규 채용 근로자 1명당 300만 원"), "{text_large}");
    let (normal_ink, _) = ink(&out, 1, [0, 0, 0]);
    let (large_ink, _) = ink(&large, 1, [0, 0, 0]);
    assert!(large_ink > normal_ink * 5 / 4, "larger type inks more of page 1 ({large_ink} vs {normal_ink})");
}

#[test]
fn the_summary_prints_an_applications_duties_with_their_dates() {
    let (desk, c) = desk_with_consultation("duties", INTERNAL);
    let m = desk.json(&["consult", "show", &c, "--json"])["merchant_id"].as_str().unwrap().to_string();
    desk.ok(&[
        "application",
        "add",
        "--merchant",
        &m,
        "--program",
        "seoul-2023-employment-incentive",
        "--consultation",
        &c,
        "--applied-on",
        "2023-04-20",
        "--hired-on",
        "2023-01-16",
    ]);
    let out = desk.dir.join("duties.pdf");
    desk.ok(&["report", "summary", "--consultation", &c, "--out", out.to_str().unwrap(), "--on", "2023-06-25"]);
    let text = text_of(&out);
    for needle in [
        "신청 현황과 해야 할 일",
        "신청 (신청 2023-04-20)",
        "2023-06-30 (D-5)",
        "고용보험 유지 확인",
        "2023년 7월",
        "고용장려금 지급",
    ] {
        assert!(text.contains(needle), "summary lacks {needle:?}:\n{text}");
    }
    assert!(pages_of(&out) <= 2, "two programs and an application stay within two pages");
}
