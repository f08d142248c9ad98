//! Accounts and what each role may do: the permission rules of the registry.
//!
//! The public (no account) reads published content. Editors change the drafts
//! of the departments they are bound to; reviewers review submitted drafts;
//! admins manage users and may do everything. These rules are checked on the
//! server for every mutation; the UI uses them only to hide what cannot work.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::DepartmentCode;

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users and departments; may do everything.
    Admin,
    /// Keeps the drafts of one or more departments.
    Editor,
    /// 合法性审查: reviews submitted drafts.
    Reviewer,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Reviewer];

    /// The Chinese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Editor => "编辑",
            Role::Reviewer => "审查员",
        }
    }

    /// The role's name as written on the command line and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a role name is not one we know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`: expected admin, editor or reviewer")]
pub struct UnknownRole(String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Why a user name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserNameError {
    /// Empty or longer than 64 characters.
    #[error("a user name has 1 to 64 characters")]
    Length,
    /// Contains spaces, control characters or punctuation other than `._-@`.
    #[error("a user name may contain letters, digits, Chinese characters and `._-@` only")]
    Characters,
}

/// A login name: letters (Chinese included), digits and `._-@`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserName(String);

impl UserName {
    /// Checks and wraps a name.
    pub fn new(name: impl Into<String>) -> Result<Self, UserNameError> {
        let name = name.into();
        let n = name.chars().count();
        if n == 0 || n > 64 {
            return Err(UserNameError::Length);
        }
        if !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        {
            return Err(UserNameError::Characters);
        }
        Ok(Self(name))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UserName {
    type Error = UserNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<UserName> for String {
    fn from(name: UserName) -> String {
        name.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A signed-in person: who they are and what they may touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The login name.
    pub name: UserName,
    /// The role.
    pub role: Role,
    /// The departments an editor is bound to (empty for other roles).
    pub departments: Vec<DepartmentCode>,
}

/// Something a principal may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Change the draft of a department (items, flowcharts, tiers, imports).
    EditDraft(&'a DepartmentCode),
    /// Read the draft of a department.
    ReadDraft(&'a DepartmentCode),
    /// Read the audit log.
    ReadAudit,
    /// Create or change accounts.
    ManageUsers,
    /// Create departments or change how they are described (name, phone).
    ManageDepartments,
    /// Change the registry's own search synonyms.
    ManageSynonyms,
    /// Submit a department's draft for review, with its adjustment records.
    Submit(&'a DepartmentCode),
    /// 合法性审查: comment on, return or approve a submitted draft.
    Review,
    /// Publish an approved draft as a new version.
    Publish,
}

impl Principal {
    /// Whether this principal may do `action`.
    pub fn may(&self, action: Action<'_>) -> bool {
        match (self.role, action) {
            (Role::Admin, _) => true,
            (Role::Editor, Action::EditDraft(d) | Action::ReadDraft(d) | Action::Submit(d)) => {
                self.departments.contains(d)
            }
            (Role::Reviewer, Action::ReadDraft(_) | Action::Review) => true,
            (Role::Editor | Role::Reviewer, _) => false,
        }
    }

    /// The departments whose drafts this principal may edit, out of `all`.
    pub fn editable<'a>(&self, all: &'a [DepartmentCode]) -> Vec<&'a DepartmentCode> {
        all.iter()
            .filter(|d| self.may(Action::EditDraft(d)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, departments: &[&str]) -> Principal {
        Principal {
            name: UserName::new("测试").expect("valid name"),
            role,
            departments: departments
                .iter()
                .map(|d| DepartmentCode::new(*d).expect("valid code"))
                .collect(),
        }
    }

    fn check(who: &Principal, action: Action<'_>, expected: bool) {
        assert_eq!(who.may(action), expected, "{:?} {action:?}", who.role);
    }

    #[test]
    fn permission_matrix() {
        let sj = DepartmentCode::new("SJ").expect("valid code");
        let mz = DepartmentCode::new("MZ").expect("valid code");
        let admin = principal(Role::Admin, &[]);
        let editor = principal(Role::Editor, &["SJ"]);
        let reviewer = principal(Role::Reviewer, &[]);
        check(&admin, Action::EditDraft(&sj), true);
        check(&admin, Action::ManageUsers, true);
        check(&editor, Action::EditDraft(&sj), true);
        check(&editor, Action::EditDraft(&mz), false);
        check(&editor, Action::ReadDraft(&mz), false);
        check(&editor, Action::ReadAudit, false);
        check(&editor, Action::ManageUsers, false);
        check(&reviewer, Action::EditDraft(&sj), false);
        check(&reviewer, Action::ReadDraft(&sj), true);
        check(&reviewer, Action::ManageUsers, false);
        check(&editor, Action::Submit(&sj), true);
        check(&editor, Action::Submit(&mz), false);
        check(&editor, Action::Review, false);
        check(&editor, Action::Publish, false);
        check(&reviewer, Action::Submit(&sj), false);
        check(&reviewer, Action::Review, true);
        // Publishing by a reviewer is a deployment choice (`--reviewer-publishes`),
        // decided by the server, not a permission of the role.
        check(&reviewer, Action::Publish, false);
        check(&admin, Action::Review, true);
        check(&admin, Action::Publish, true);
    }

    #[test]
    fn user_names() {
        assert!(UserName::new("zhang.san@sj").is_ok());
        assert!(UserName::new("张三").is_ok());
        assert_eq!(UserName::new(""), Err(UserNameError::Length));
        assert_eq!(UserName::new("a b"), Err(UserNameError::Characters));
        assert_eq!(UserName::new("<script>"), Err(UserNameError::Characters));
        assert_eq!("editor".parse::<Role>(), Ok(Role::Editor));
        assert!("root".parse::<Role>().is_err());
    }
}
