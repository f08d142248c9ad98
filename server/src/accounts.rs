//! Accounts and sessions: argon2 password hashes, database-backed sessions
//! with a per-session CSRF token, and login throttling per account and per
//! client address.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use data::DepartmentCode;
use data::account::{Principal, Role, UserName};
use sha2::{Digest, Sha256};

use crate::store::{AccountRecord, AuditEntry, Store, StoreError, ThrottleKey};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "sunlit_session";
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins to one account from one client address within
/// [`THROTTLE_MINUTES`] before that address is refused for that account.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed logins to one account from all addresses together within
/// [`THROTTLE_MINUTES`]: bounds guessing spread over many addresses. A
/// stranger elsewhere must fail this often, every window, to keep the
/// account's own user out; the user's own address is not otherwise held.
pub const MAX_FAILURES_PER_ACCOUNT_ANYWHERE: i64 = 50;
/// Failed logins per client address within [`THROTTLE_MINUTES`] before refusing.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The throttling window.
pub const THROTTLE_MINUTES: i64 = 15;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Unknown name or wrong password (never said which).
    #[error("wrong user name or password")]
    InvalidCredentials,
    /// Too many failed logins recently.
    #[error("too many failed logins; try again in {minutes} minutes")]
    Throttled {
        /// How long to wait.
        minutes: i64,
    },
    /// The password is too short.
    #[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    /// A bad name, role or department.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing failed (the system's random source, or a corrupt stored hash).
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Who is signed in.
    pub principal: Principal,
    /// The token every mutating request must echo.
    pub csrf: String,
}

/// A successful login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedIn {
    /// The secret for the session cookie.
    pub token: String,
    /// The session.
    pub session: Session,
}

/// The accounts service.
#[derive(Debug, Clone)]
pub struct Accounts {
    store: Store,
}

/// `n` random bytes from the operating system, as hex (tokens, ids).
pub(crate) fn random_hex(n: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// 32 random bytes as hex.
fn random_token() -> Result<String, AccountError> {
    random_hex(32).map_err(|e| AccountError::Hash(e.to_string()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sessions are stored under the hash of their token, so a leaked database
/// does not hand out live sessions.
fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of no real password, verified against when the user is
/// unknown so that both cases take the same time.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3VubGl0LWRlY295LXNhbHQ$9mJjLJ3oQ2sBqZ3TjvJ6oWd2r3GdQ4cJmQ1yLrMPrTc";

fn principal(record: &AccountRecord) -> Result<Principal, AccountError> {
    let invalid =
        |e: String| AccountError::Invalid(format!("stored account `{}`: {e}", record.name));
    Ok(Principal {
        name: UserName::new(record.name.clone()).map_err(|e| invalid(e.to_string()))?,
        role: record
            .role
            .parse::<Role>()
            .map_err(|e| invalid(e.to_string()))?,
        departments: record
            .departments
            .iter()
            .map(|d| DepartmentCode::new(d.clone()).map_err(|e| invalid(e.to_string())))
            .collect::<Result<_, _>>()?,
    })
}

impl Accounts {
    /// The service over `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Creates an account. Editors must name at least one department that exists.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        departments: &[String],
        password: &str,
        actor: &str,
    ) -> Result<Principal, AccountError> {
        let name = UserName::new(name).map_err(|e| AccountError::Invalid(e.to_string()))?;
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AccountError::WeakPassword);
        }
        let mut codes = Vec::new();
        for d in departments {
            let code =
                DepartmentCode::new(d.clone()).map_err(|e| AccountError::Invalid(e.to_string()))?;
            if self.store.department(code.as_str()).await?.is_none() {
                return Err(AccountError::Invalid(format!(
                    "no department `{code}`: import its list first"
                )));
            }
            codes.push(code);
        }
        if role == Role::Editor && codes.is_empty() {
            return Err(AccountError::Invalid(
                "an editor needs at least one --department".into(),
            ));
        }
        let record = AccountRecord {
            name: name.to_string(),
            role: role.as_str().to_owned(),
            departments: codes.iter().map(ToString::to_string).collect(),
            password_hash: hash_password(password)?,
        };
        let audit = AuditEntry::new(actor, "user.add")
            .detail(format!("{name} ({role}) {}", record.departments.join(",")));
        self.store.add_account(record.clone(), audit).await?;
        principal(&record)
    }

    /// Sets a new password and ends the user's sessions.
    pub async fn set_password(
        &self,
        name: &str,
        password: &str,
        actor: &str,
    ) -> Result<(), AccountError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AccountError::WeakPassword);
        }
        let audit = AuditEntry::new(actor, "user.password").detail(name);
        if self
            .store
            .set_password(name, hash_password(password)?, audit)
            .await?
        {
            Ok(())
        } else {
            Err(AccountError::Invalid(format!("no user `{name}`")))
        }
    }

    /// Every account.
    pub async fn users(&self) -> Result<Vec<Principal>, AccountError> {
        self.store.accounts().await?.iter().map(principal).collect()
    }

    /// Checks the password and opens a session. `address` is the client's
    /// address, throttled together with the account.
    ///
    /// The attempt is counted before the password is checked, in one
    /// transaction with the limit check ([`Store::take_attempt`]), so no
    /// more than the limit are ever checked, however many arrive at once;
    /// a login that succeeds is taken back. Argon2 runs on the blocking
    /// pool, off the threads that serve requests.
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        address: &str,
    ) -> Result<LoggedIn, AccountError> {
        let pair = format!("login:pair:{name}\u{1f}{address}");
        let from_address = format!("login:address:{address}");
        let account = format!("login:account:{name}");
        let keys = [
            ThrottleKey {
                key: pair.clone(),
                max: MAX_FAILURES_PER_ACCOUNT,
            },
            ThrottleKey {
                key: from_address.clone(),
                max: MAX_FAILURES_PER_ADDRESS,
            },
            ThrottleKey {
                key: account.clone(),
                max: MAX_FAILURES_PER_ACCOUNT_ANYWHERE,
            },
        ];
        let at = match self.store.take_attempt(&keys, THROTTLE_MINUTES * 60).await {
            Ok(at) => at,
            Err(StoreError::Throttled) => {
                return Err(AccountError::Throttled {
                    minutes: THROTTLE_MINUTES,
                });
            }
            Err(e) => return Err(e.into()),
        };
        let record = self.store.account(name).await?;
        let stored = record
            .as_ref()
            .map_or_else(|| DECOY_HASH.to_owned(), |r| r.password_hash.clone());
        let password = password.to_owned();
        // Unknown names are verified against the decoy, so both cases take
        // the same time.
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
            .await
            .map_err(|e| AccountError::Hash(e.to_string()))?;
        let Some(record) = record.filter(|_| ok) else {
            return Err(AccountError::InvalidCredentials);
        };
        self.store.forgive_attempt(&[pair], at, true).await?;
        self.store
            .forgive_attempt(&[from_address, account], at, false)
            .await?;
        let token = random_token()?;
        let csrf = random_token()?;
        self.store
            .create_session(&token_hash(&token), &record.name, &csrf, SESSION_HOURS)
            .await?;
        Ok(LoggedIn {
            token,
            session: Session {
                principal: principal(&record)?,
                csrf,
            },
        })
    }

    /// The session of a cookie token, if it is live and its account exists.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, AccountError> {
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let Some((name, csrf)) = self.store.session(&token_hash(token)).await? else {
            return Ok(None);
        };
        let Some(record) = self.store.account(&name).await? else {
            return Ok(None);
        };
        Ok(Some(Session {
            principal: principal(&record)?,
            csrf,
        }))
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> Result<(), AccountError> {
        Ok(self.store.delete_session(&token_hash(token)).await?)
    }
}

/// Whether any `Cookie` header of a request carries a session token
/// (valid or not).
pub fn has_session_cookie(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| token_from_cookies(c).is_some())
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

/// The `Set-Cookie` value that stores `token` (or clears it when `None`).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            SESSION_HOURS * 3600
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        assert_eq!(
            token_from_cookies("a=1; sunlit_session=abc; b=2"),
            Some("abc")
        );
        assert_eq!(token_from_cookies("sunlit_session="), None);
        assert_eq!(token_from_cookies("other=1"), None);
        assert!(session_cookie(Some("t"), true).contains("HttpOnly; SameSite=Strict"));
        assert!(session_cookie(Some("t"), true).ends_with("; Secure"));
        assert!(!session_cookie(None, false).contains("Secure"));
    }

    #[test]
    fn passwords_and_secrets() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse!", &hash));
        assert!(!verify_password("anything", "not a phc string"));
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
