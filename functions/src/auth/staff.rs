//! Staff accounts: login, name, role (and a specialist's department), an argon2id
//! password hash, and a disabled flag. Created, disabled and reset by the admin tool.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use helpdesk_shared::auth::{Department, Me, Role};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

/// Bounds of a staff password: long enough to resist guessing, short enough that
/// hashing it is not a denial of service.
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// Lower-case ASCII letters, digits, `.`, `-`, `_`.
    pub login: String,
    pub name: String,
    pub role: Role,
    /// Specialists only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
    /// PHC string, argon2id.
    pub password_hash: String,
    pub disabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Where the account's owner is told that their login was locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl StaffAccount {
    pub const SK: &'static str = "META";
    const LIST: &'static str = "STAFF";

    pub fn pk(login: &str) -> String {
        format!("STAFF#{login}")
    }

    pub fn to_item(&self, version: u64) -> Item {
        let mut item = Item::new(Self::pk(&self.login), Self::SK, crate::store::body(self));
        item.version = version;
        item.gsi1 = Some((Self::LIST.to_owned(), self.login.clone()));
        item
    }

    pub fn me(&self) -> Me {
        Me::Staff {
            login: self.login.clone(),
            name: self.name.clone(),
            role: self.role,
            department: self.department,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("a login is 3-32 characters: lower-case latin letters, digits, '.', '-', '_'")]
    BadLogin,
    #[error("a name is 1-100 characters")]
    BadName,
    #[error("a password is {PASSWORD_MIN}-{PASSWORD_MAX} characters")]
    BadPassword,
    #[error("a specialist needs a department, and only a specialist has one")]
    Department,
    #[error("an account with this login exists")]
    Exists,
    #[error("no account with this login")]
    Unknown,
    #[error("not an e-mail address")]
    BadEmail,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn normalise_login(login: &str) -> Result<String, AccountError> {
    helpdesk_shared::auth::normalise_login(login).ok_or(AccountError::BadLogin)
}

fn check_password(password: &str) -> Result<(), AccountError> {
    let n = password.chars().count();
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
        Ok(())
    } else {
        Err(AccountError::BadPassword)
    }
}

/// argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommendation).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random generator is unavailable");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes encode as a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash of no one's password, verified against when the login is unknown so that an
/// unknown login costs the same time as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never valid"))
}

pub async fn load(
    store: &dyn KvStore,
    login: &str,
) -> Result<Option<(Item, StaffAccount)>, StoreError> {
    match store
        .get(&StaffAccount::pk(login), StaffAccount::SK)
        .await?
    {
        Some(item) => {
            let account = item.decode()?;
            Ok(Some((item, account)))
        }
        None => Ok(None),
    }
}

/// What the admin tool asks for to create an account.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub department: Option<Department>,
    pub password: &'a str,
}

pub async fn create(
    store: &dyn KvStore,
    new: NewAccount<'_>,
    now: OffsetDateTime,
) -> Result<StaffAccount, AccountError> {
    let login = normalise_login(new.login)?;
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AccountError::BadName);
    }
    if (new.role == Role::Specialist) != new.department.is_some() {
        return Err(AccountError::Department);
    }
    check_password(new.password)?;
    let account = StaffAccount {
        login,
        name: name.to_owned(),
        role: new.role,
        department: new.department,
        password_hash: hash_password(new.password),
        disabled: false,
        created_at: now,
        email: None,
    };
    match store.put(account.to_item(1), Cond::Absent).await {
        Ok(()) => Ok(account),
        Err(StoreError::ConditionFailed { .. }) => Err(AccountError::Exists),
        Err(e) => Err(e.into()),
    }
}

/// Changes an account (password, disabled flag) under its version.
pub async fn update(
    store: &dyn KvStore,
    login: &str,
    change: impl Fn(&mut StaffAccount),
) -> Result<StaffAccount, AccountError> {
    let login = normalise_login(login)?;
    for _ in 0..5 {
        let Some((item, mut account)) = load(store, &login).await? else {
            return Err(AccountError::Unknown);
        };
        change(&mut account);
        match store
            .put(
                account.to_item(item.version + 1),
                Cond::Version(item.version),
            )
            .await
        {
            Ok(()) => return Ok(account),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AccountError::Store(StoreError::Unavailable(
        "the account keeps changing".into(),
    )))
}

pub async fn reset_password(
    store: &dyn KvStore,
    login: &str,
    password: &str,
) -> Result<StaffAccount, AccountError> {
    check_password(password)?;
    let hash = hash_password(password);
    update(store, login, |a| a.password_hash = hash.clone()).await
}

pub async fn set_disabled(
    store: &dyn KvStore,
    login: &str,
    disabled: bool,
) -> Result<StaffAccount, AccountError> {
    update(store, login, |a| a.disabled = disabled).await
}

/// Sets (or, with `None`, removes) the address lock notices go to.
pub async fn set_email(
    store: &dyn KvStore,
    login: &str,
    email: Option<&str>,
) -> Result<StaffAccount, AccountError> {
    let email = match email {
        Some(e) => Some(
            helpdesk_shared::validate::Email::parse(e)
                .map_err(|_| AccountError::BadEmail)?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    update(store, login, |a| a.email = email.clone()).await
}

/// Every account, by login.
pub async fn list(store: &dyn KvStore) -> Result<Vec<StaffAccount>, StoreError> {
    let mut q = Query::new(Index::Gsi1, StaffAccount::LIST, SkRange::All);
    let mut out = Vec::new();
    loop {
        let page = store.query(q.clone()).await?;
        for item in &page.items {
            out.push(item.decode()?);
        }
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// One demo account per role for the local server: (login, password, name, role,
/// department). Known passwords, printed at start-up; never created in AWS.
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role, Option<Department>); 4] = [
    (
        "operator",
        "operator-demo-2026",
        "Ольга Смирнова",
        Role::Operator,
        None,
    ),
    (
        "specialist",
        "specialist-demo-2026",
        "Сергей Кузнецов",
        Role::Specialist,
        Some(Department::Technical),
    ),
    (
        "supervisor",
        "supervisor-demo-2026",
        "Марина Волкова",
        Role::Supervisor,
        None,
    ),
    (
        "admin",
        "admin-demo-2026",
        "Андрей Попов",
        Role::Admin,
        None,
    ),
];

/// Creates the demo accounts that do not exist yet (an existing one keeps whatever
/// password it was given since).
pub async fn seed_demo_accounts(
    store: &dyn KvStore,
    now: OffsetDateTime,
) -> Result<(), AccountError> {
    for (login, password, name, role, department) in DEMO_ACCOUNTS {
        let new = NewAccount {
            login,
            name,
            role,
            department,
            password,
        };
        match create(store, new, now).await {
            // A local address, so a lock notice shows in the outbox.
            Ok(_) => {
                set_email(store, login, Some(&format!("{login}@helpdesk.local"))).await?;
            }
            Err(AccountError::Exists) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert_ne!(h, hash_password("correct horse battery"), "salted");
    }

    #[test]
    fn logins_are_normalised_and_limited() {
        assert_eq!(normalise_login(" Ivanova.A ").expect("ok"), "ivanova.a");
        assert!(normalise_login("ab").is_err());
        assert!(normalise_login("иванова").is_err());
        assert!(normalise_login("a b c").is_err());
    }
}
