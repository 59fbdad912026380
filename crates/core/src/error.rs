//! The core's error: the domain's (the caller's fault) and the machine's. Bad input always names
//! the field and the value; there is no catch-all.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why something failed. `Invalid`, `NotFound`, `Conflict` and `Denied` are the caller's fault
/// (exit code 2 in the CLI, a form error in the app); the rest are the machine's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field had a value we cannot accept.
    #[error("invalid {field} {value:?}: {reason}")]
    Invalid { field: String, value: String, reason: String },
    /// A referenced record does not exist.
    #[error("unknown {what} {id:?}")]
    NotFound { what: &'static str, id: String },
    /// A record that must be unique already exists.
    #[error("{what} already exists: {id}")]
    Conflict { what: &'static str, id: String },
    /// Sign-in failed or the signed-in staff member may not do this.
    #[error("not allowed: {0}")]
    Denied(String),
    /// A stored record (or a file this desk wrote) cannot be read back: the database or the file
    /// is damaged, or was changed by something other than Onestop.
    #[error("stored {what} cannot be read: {reason}")]
    Corrupt { what: String, reason: String },
    /// The database was written by a newer Onestop: it is left untouched.
    #[error("the database has schema version {found}, written by a newer Onestop (this one knows up to {known}); nothing was changed — use the newer Onestop")]
    NewerSchema { found: usize, known: usize },
    /// The database file failed (locked, corrupt, full disk, ...).
    #[error("database error: {}", describe_db(.0))]
    Db(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A remote service could not be reached or answered badly (after retries); the reason in
    /// both languages.
    #[error("{url}: {}", reason.en)]
    Fetch { url: String, reason: crate::text::L10n },
}

impl From<onestop_domain::Error> for Error {
    fn from(e: onestop_domain::Error) -> Self {
        use onestop_domain::Error as D;
        match e {
            D::Invalid { field, value, reason } => Error::Invalid { field, value, reason },
            D::NotFound { what, id } => Error::NotFound { what, id },
            D::Conflict { what, id } => Error::Conflict { what, id },
            D::Denied(why) => Error::Denied(why),
        }
    }
}

impl From<onestop_store::Error> for Error {
    fn from(e: onestop_store::Error) -> Self {
        use onestop_store::Error as S;
        match e {
            S::Invalid { field, value, reason } => Error::Invalid { field, value, reason },
            S::Denied(why) => Error::Denied(why),
            S::Corrupt { what, reason } => Error::Corrupt { what, reason },
            S::NewerSchema { found, known } => Error::NewerSchema { found, known },
            S::Db(e) => Error::Db(e),
        }
    }
}

/// What a person can do about a database failure, in plain words (Korean, English); `None` for
/// failures with nothing to add to SQLite's own text.
fn db_advice(e: &rusqlite::Error) -> Option<(&'static str, &'static str)> {
    use rusqlite::ErrorCode as C;
    Some(match e.sqlite_error_code()? {
        C::DatabaseBusy | C::DatabaseLocked => (
            "다른 프로그램(백업, 다른 Onestop?)이 데이터베이스 파일을 쓰는 중입니다. 저장되지 않았으니 다시 시도하십시오",
            "the database file is in use by another program (a backup, another Onestop?); nothing was saved, try again",
        ),
        C::DiskFull => (
            "디스크(또는 데이터베이스 크기 한도)가 가득 찼습니다. 저장되지 않았으니 공간을 비우십시오",
            "the disk (or the database's size limit) is full; nothing was saved — free some space",
        ),
        C::ReadOnly => (
            "데이터베이스 파일에 쓸 수 없습니다(읽기 전용 파일·폴더·매체). 저장되지 않았습니다",
            "the database file cannot be written (read-only file, folder or medium); nothing was saved",
        ),
        C::NotADatabase => (
            "Onestop 데이터베이스가 아니거나 손상된 파일입니다. 백업을 복원하십시오",
            "the file is not an Onestop database, or it is damaged; restore a backup",
        ),
        C::DatabaseCorrupt => {
            ("데이터베이스 파일이 손상되었습니다. 백업을 복원하십시오", "the database file is damaged; restore a backup")
        }
        C::CannotOpen => (
            "데이터베이스 파일을 열 수 없습니다(폴더가 없거나 권한 없음)",
            "the database file cannot be opened (missing folder or no permission)",
        ),
        C::SystemIoFailure => (
            "데이터베이스 파일을 읽거나 쓰지 못했습니다(디스크·매체 오류)",
            "reading or writing the database file failed (disk or medium error)",
        ),
        _ => return None,
    })
}

/// A database failure in plain words in `lang`, SQLite's own text after it.
fn describe_db_in(e: &rusqlite::Error, lang: crate::text::Lang) -> String {
    match db_advice(e) {
        Some((ko, en)) => format!("{} ({e})", if lang == crate::text::Lang::Ko { ko } else { en }),
        None => e.to_string(),
    }
}

fn describe_db(e: &rusqlite::Error) -> String {
    describe_db_in(e, crate::text::Lang::En)
}

/// The Korean word for a record kind named in `NotFound` and `Conflict`.
fn what_ko(what: &str) -> &str {
    match what {
        "merchant" => "상담 기업",
        "consultation" => "상담 기록",
        "application" => "신청",
        "visit" => "방문 일정",
        "partner" => "연계 기관",
        "program" => "지원사업",
        "staff member" | "staff" => "직원",
        "backup" => "백업",
        "follow-up" => "후속 조치",
        "referral" => "연계",
        "consent" => "동의",
        "setting" => "설정",
        "conflict" => "충돌",
        other => other,
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), reason: reason.into() }
    }

    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { what, id: id.into() }
    }

    /// A stored `what` that cannot be read back.
    pub fn corrupt(what: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Corrupt { what: what.into(), reason: reason.to_string() }
    }

    /// A remote service failed: `ko` and `en` say why.
    pub fn fetch(url: impl Into<String>, ko: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Fetch { url: url.into(), reason: crate::text::L10n::new(ko, en) }
    }

    /// The message in Korean, for the Korean screens. What comes from outside (a field's value,
    /// SQLite's or the operating system's own words, a hub's message) is quoted as it is.
    pub fn message_ko(&self) -> String {
        match self {
            Error::Invalid { field, value, reason } => {
                format!("입력값 오류: {field} {value:?}을(를) 받을 수 없음 — {reason}")
            }
            Error::NotFound { what, id } => format!("{}을(를) 찾을 수 없음: {id:?}", what_ko(what)),
            Error::Conflict { what, id } => format!("같은 {}이(가) 이미 있음: {id}", what_ko(what)),
            Error::Denied(why) => format!("허용되지 않음: {why}"),
            Error::Corrupt { what, reason } => format!("저장된 {what}을(를) 읽을 수 없음 (손상되었거나 다른 프로그램이 바꿈): {reason}"),
            Error::NewerSchema { found, known } => format!(
                "데이터베이스가 더 새로운 Onestop으로 기록됨 (스키마 버전 {found}, 이 프로그램은 {known}까지): 아무것도 바꾸지 않았으니 새 버전을 쓰십시오"
            ),
            Error::Db(e) => format!("데이터베이스 오류: {}", describe_db_in(e, crate::text::Lang::Ko)),
            Error::Io { path, source } => format!("{path}: 파일을 읽거나 쓸 수 없음 ({source})"),
            Error::Fetch { url, reason } => format!("{url}: {}", reason.ko),
        }
    }

    /// A stable, machine-readable code for the app and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Denied(_) => "denied",
            Error::Corrupt { .. } => "corrupt",
            Error::NewerSchema { .. } => "newer_database",
            Error::Db(_) => "database",
            Error::Io { .. } => "io",
            Error::Fetch { .. } => "network",
        }
    }

    /// True when the input, not the machine, is at fault.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::NotFound { .. } | Error::Conflict { .. } | Error::Denied(_))
    }
}
