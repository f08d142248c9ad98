//! Accounts, sessions and failed logins. Sessions live in the database so
//! that any number of `sunlit serve` processes can share them.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError, root_cause};

pub(super) const SCHEMA: &str = r#"
DEFINE TABLE IF NOT EXISTS account SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS name ON account TYPE string;
DEFINE FIELD IF NOT EXISTS role ON account TYPE string;
DEFINE FIELD IF NOT EXISTS departments ON account TYPE array<string>;
DEFINE FIELD IF NOT EXISTS password_hash ON account TYPE string;
DEFINE FIELD IF NOT EXISTS created_at ON account TYPE datetime DEFAULT time::now();
DEFINE INDEX IF NOT EXISTS account_name ON account FIELDS name UNIQUE;

DEFINE TABLE IF NOT EXISTS session SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS account ON session TYPE string;
DEFINE FIELD IF NOT EXISTS csrf ON session TYPE string;
DEFINE FIELD IF NOT EXISTS created_at ON session TYPE datetime DEFAULT time::now();
DEFINE FIELD IF NOT EXISTS expires_at ON session TYPE datetime;

DEFINE TABLE IF NOT EXISTS throttle SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS recent ON throttle TYPE array<datetime> DEFAULT [];
REMOVE TABLE IF EXISTS login_failure;
"#;

/// Thrown when one of an attempt's keys is at its limit.
const THROTTLED: &str = "sunlit:throttled";

/// The statements of [`Store::take_attempt`]: every key's record keeps
/// the times of its recent attempts; each is pruned to the window, checked
/// against its limit, and only when all pass is the attempt recorded under
/// every key. One transaction writing every key's record: two attempts
/// racing for the same key conflict in the engine and one is retried, so
/// the limit holds however many arrive at once, on any number of servers.
const TAKE_ATTEMPT: &str = "BEGIN TRANSACTION;
LET $since = time::now() - duration::from_secs($seconds);
FOR $k IN $keys {
    LET $row = UPSERT ONLY type::record('throttle', $k.key)
        SET recent = array::filter(recent ?? [], |$t| $t > $since) RETURN AFTER;
    IF array::len($row.recent) >= $k.max { THROW 'sunlit:throttled' };
};
FOR $k IN $keys {
    UPDATE type::record('throttle', $k.key) SET recent += $at RETURN NONE;
};
COMMIT TRANSACTION;";

/// One key of an attempt and its limit within the window.
#[derive(Debug, Clone, SurrealValue)]
pub struct ThrottleKey {
    /// What is counted: `login:account:NAME`, `comment:address:IP` …
    pub key: String,
    /// The most attempts under this key within the window.
    pub max: i64,
}

/// How many times an attempt is tried again after an engine conflict.
const ATTEMPT_RETRIES: u32 = 200;

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct AccountRecord {
    /// Login name.
    pub name: String,
    /// `admin`, `editor` or `reviewer`.
    pub role: String,
    /// Department codes an editor is bound to.
    pub departments: Vec<String>,
    /// The argon2 PHC string.
    pub password_hash: String,
}

#[derive(Debug, Clone, SurrealValue)]
struct SessionRecord {
    account: String,
    csrf: String,
}

fn account_id(name: &str) -> RecordId {
    RecordId::new("account", name.to_owned())
}

fn session_id(token_hash: &str) -> RecordId {
    RecordId::new("session", token_hash.to_owned())
}

impl Store {
    /// Creates an account; fails with [`StoreError::Exists`] when the name is taken.
    pub async fn add_account(&self, account: AccountRecord, audit: AuditEntry) -> Result<()> {
        if self.account(&account.name).await?.is_some() {
            return Err(StoreError::Exists {
                what: "user",
                key: account.name,
            });
        }
        let response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 CREATE $id CONTENT $account RETURN NONE;
                 CREATE audit CONTENT $audit RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", account_id(&account.name)))
            .bind(("account", account))
            .bind(("audit", audit))
            .await?;
        root_cause(response)
    }

    /// Replaces an account's password hash; `false` when there is no such account.
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: String,
        audit: AuditEntry,
    ) -> Result<bool> {
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $id SET password_hash = $hash RETURN VALUE name);
                 IF array::len($changed) > 0 { CREATE audit CONTENT $audit RETURN NONE; };
                 DELETE session WHERE account = $name;
                 RETURN $changed;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", account_id(name)))
            .bind(("hash", password_hash))
            .bind(("name", name.to_owned()))
            .bind(("audit", audit))
            .await?;
        let changed: Vec<String> = response.take(4)?;
        Ok(!changed.is_empty())
    }

    /// One account by name.
    pub async fn account(&self, name: &str) -> Result<Option<AccountRecord>> {
        let mut response = self
            .db
            .query("SELECT name, role, departments, password_hash FROM $id")
            .bind(("id", account_id(name)))
            .await?;
        let rows: Vec<AccountRecord> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<AccountRecord>> {
        let mut response = self
            .db
            .query("SELECT name, role, departments, password_hash FROM account ORDER BY name")
            .await?;
        Ok(response.take(0)?)
    }

    /// Opens a session for `account`, valid for `hours`.
    pub async fn create_session(
        &self,
        token_hash: &str,
        account: &str,
        csrf: &str,
        hours: i64,
    ) -> Result<()> {
        self.db
            .query(
                "CREATE $id SET account = $account, csrf = $csrf,
                     expires_at = time::now() + duration::from_hours($hours) RETURN NONE",
            )
            .bind(("id", session_id(token_hash)))
            .bind(("account", account.to_owned()))
            .bind(("csrf", csrf.to_owned()))
            .bind(("hours", hours))
            .await?
            .check()?;
        Ok(())
    }

    /// The account name and CSRF token of a live session.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(String, String)>> {
        let mut response = self
            .db
            .query("SELECT account, csrf FROM $id WHERE expires_at > time::now()")
            .bind(("id", session_id(token_hash)))
            .await?;
        let rows: Vec<SessionRecord> = response.take(0)?;
        Ok(rows.into_iter().next().map(|r| (r.account, r.csrf)))
    }

    /// Ends a session (and sweeps expired ones).
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.db
            .query(
                "DELETE $id RETURN NONE;
                 DELETE session WHERE expires_at < time::now() RETURN NONE;",
            )
            .bind(("id", session_id(token_hash)))
            .await?
            .check()?;
        Ok(())
    }

    /// Counts an attempt under every key, or refuses it with
    /// [`StoreError::Throttled`] when any key had `max` attempts within
    /// the last `seconds` (then nothing is recorded). Returns the attempt's
    /// time, for [`Store::forgive_attempt`].
    pub async fn take_attempt(
        &self,
        keys: &[ThrottleKey],
        seconds: i64,
    ) -> Result<surrealdb::types::Datetime> {
        let mut tries = 0;
        loop {
            let at = surrealdb::types::Datetime::now();
            let result = self
                .db
                .query(TAKE_ATTEMPT)
                .bind(("keys", keys.to_vec()))
                .bind(("seconds", seconds))
                .bind(("at", at))
                .await
                .map_err(StoreError::from)
                .and_then(root_cause);
            match result {
                Ok(()) => return Ok(at),
                Err(StoreError::Database(e)) if e.to_string().contains(THROTTLED) => {
                    return Err(StoreError::Throttled);
                }
                Err(StoreError::Busy) if tries < ATTEMPT_RETRIES => {
                    tries += 1;
                    // A little jitter so racing attempts fall out of step.
                    let pause = 1 + u64::from(getrandom::u32().unwrap_or(0) % 8);
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes back an attempt made `at` under `keys` (a login that
    /// succeeded), and with `clear`, every attempt under those keys.
    pub async fn forgive_attempt(
        &self,
        keys: &[String],
        at: surrealdb::types::Datetime,
        clear: bool,
    ) -> Result<()> {
        let mut tries = 0;
        loop {
            let result = self
                .db
                .query(
                    "FOR $k IN $keys {
                        UPDATE type::record('throttle', $k)
                            SET recent = IF $clear { [] } ELSE { array::complement(recent, [$at]) } RETURN NONE;
                    }",
                )
                .bind(("keys", keys.to_vec()))
                .bind(("at", at))
                .bind(("clear", clear))
                .await
                .map_err(StoreError::from)
                .and_then(root_cause);
            match result {
                Ok(()) => return Ok(()),
                Err(StoreError::Busy) if tries < ATTEMPT_RETRIES => tries += 1,
                Err(e) => return Err(e),
            }
        }
    }
}
