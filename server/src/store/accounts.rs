//! Accounts, sessions and failed logins. Sessions live in the database so
//! that any number of `sunlit serve` processes can share them.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::AuditEntry;
use super::{CountRecord, Result, Store, StoreError, root_cause};

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

DEFINE TABLE IF NOT EXISTS login_failure SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS key ON login_failure TYPE string;
DEFINE FIELD IF NOT EXISTS at ON login_failure TYPE datetime DEFAULT time::now();
DEFINE INDEX IF NOT EXISTS login_failure_key ON login_failure FIELDS key;
"#;

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

    /// Failed logins per key within the last `minutes`.
    pub async fn login_failures(&self, key: &str, minutes: i64) -> Result<i64> {
        let mut response = self
            .db
            .query(
                "SELECT count() AS count FROM login_failure
                 WHERE key = $key AND at > time::now() - duration::from_mins($minutes) GROUP ALL",
            )
            .bind(("key", key.to_owned()))
            .bind(("minutes", minutes))
            .await?;
        let rows: Vec<CountRecord> = response.take(0)?;
        Ok(rows.first().map_or(0, |r| r.count))
    }

    /// Records a failed login under each key.
    pub async fn record_login_failure(&self, keys: &[String]) -> Result<()> {
        self.db
            .query("FOR $k IN $keys { CREATE login_failure SET key = $k RETURN NONE; }")
            .bind(("keys", keys.to_vec()))
            .await?
            .check()?;
        Ok(())
    }

    /// Forgets the failed logins of a key (after a successful login).
    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        self.db
            .query("DELETE login_failure WHERE key = $key RETURN NONE")
            .bind(("key", key.to_owned()))
            .await?
            .check()?;
        Ok(())
    }
}
