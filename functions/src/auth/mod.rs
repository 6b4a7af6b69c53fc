//! Identity and access: citizens sign in with a one-time code to their phone or e-mail,
//! staff with a password; both get a session — an opaque random token that the store
//! keeps only hashed, with an expiry. Roles are checked by the HTTP layer on every call
//! against the account as it is now (a disabled account's sessions stop working at once).
//!
//! The seam for the state identity provider (ESIA, OpenID Connect) is `Subject`: a
//! verified identity from elsewhere becomes a session the same way.

mod citizen;
pub mod lockout;
mod second;
pub mod staff;
pub mod totp;

use std::sync::Arc;

use helpdesk_shared::auth::{Contact, Me};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::clock::{Clock, sort_key};
use crate::events::EventBus;
use crate::ids::{hex, sha256_hex};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

use second::Stage;
pub use second::{Requirement, reset_second_factor};
pub use staff::StaffAccount;
pub use totp::sealer_from_env;

/// Timings and counts of sign-in.
#[derive(Debug, Clone, Copy)]
pub struct AuthPolicy {
    pub citizen_session: Duration,
    pub staff_session: Duration,
    pub code_valid: Duration,
    /// The least time between two codes to one contact.
    pub code_resend_after: Duration,
    /// At most this many codes to one contact per hour.
    pub codes_per_hour: u32,
    pub lockout: lockout::Policy,
    /// Which staff must pass a second factor (`HELPDESK_STAFF_2FA`).
    pub second_factor: Requirement,
    /// How long a right password waits for its second factor.
    pub second_step: Duration,
    /// How long after the second factor sensitive actions are allowed.
    pub factor_fresh: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        AuthPolicy {
            citizen_session: Duration::hours(2),
            staff_session: Duration::hours(12),
            code_valid: Duration::minutes(5),
            code_resend_after: Duration::seconds(60),
            codes_per_hour: 5,
            lockout: lockout::Policy {
                max_failures: 3,
                window: Duration::minutes(15),
            },
            second_factor: Requirement::Roles,
            second_step: Duration::minutes(10),
            factor_fresh: Duration::hours(12),
        }
    }
}

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// A verified phone (`+7…`) or e-mail (lower case).
    Citizen {
        contact: String,
    },
    Staff {
        login: String,
    },
}

impl Subject {
    /// Groups one person's sessions, for signing out everywhere; hashed, so keys carry
    /// no contacts.
    fn index_key(&self) -> String {
        let id = match self {
            Subject::Citizen { contact } => format!("citizen:{contact}"),
            Subject::Staff { login } => format!("staff:{login}"),
        };
        format!("SUBJ#{}", sha256_hex(&[id.as_bytes()]))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SessionRecord {
    subject: Subject,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    /// A staff password waiting for its second factor signs nobody in.
    #[serde(default, skip_serializing_if = "Stage::is_full")]
    stage: Stage,
    /// When the second factor was passed (staff).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    factor_at: Option<OffsetDateTime>,
}

/// The caller of a request with a live session.
#[derive(Debug, Clone, PartialEq)]
pub enum Caller {
    Citizen(Contact),
    Staff(StaffAccount),
}

impl Caller {
    pub fn me(&self) -> Me {
        match self {
            Caller::Citizen(contact) => Me::Citizen {
                contact: contact.masked(),
            },
            Caller::Staff(account) => account.me(),
        }
    }

    fn subject(&self) -> Subject {
        match self {
            Caller::Citizen(c) => Subject::Citizen {
                contact: c.as_str().to_owned(),
            },
            Caller::Staff(a) => Subject::Staff {
                login: a.login.clone(),
            },
        }
    }
}

/// A new session: the token for the cookie (never stored) and when it ends.
pub struct NewSession {
    pub token: String,
    pub max_age: Duration,
    pub caller: Caller,
    /// The password was right, and this second step is due: the session signs nobody
    /// in until it is passed.
    pub second: Option<helpdesk_shared::two_factor::SecondFactor>,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("validation failed")]
    Validation(Vec<helpdesk_shared::FieldError>),
    #[error("locked until {0}")]
    Locked(OffsetDateTime),
    #[error("too soon for another code")]
    TooSoon { retry_after: u64 },
    #[error("no valid code for this contact")]
    CodeExpired,
    #[error("wrong code")]
    WrongCode { tries_left: u32 },
    #[error("wrong login or password")]
    WrongCredentials { tries_left: u32 },
    /// No password step waiting (expired, or never made).
    #[error("no second step waiting")]
    NoSecondStep,
    #[error("an authenticator is set up already")]
    AlreadyEnrolled,
    /// A citizen's session at a staff-only step.
    #[error("not a staff session")]
    NotStaff,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct Auth {
    store: Arc<dyn KvStore>,
    bus: Arc<dyn EventBus>,
    clock: Arc<dyn Clock>,
    pub policy: AuthPolicy,
    /// Seals the staff's authenticator keys.
    sealer: Arc<totp::Sealer>,
}

fn session_pk(token: &str) -> String {
    format!("SES#{}", sha256_hex(&[token.as_bytes()]))
}

const SESSION_SK: &str = "SES";

/// Tokens are 256 random bits; anything else in the cookie is not looked up.
fn plausible_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Auth {
    pub fn new(store: Arc<dyn KvStore>, bus: Arc<dyn EventBus>, clock: Arc<dyn Clock>) -> Auth {
        Auth {
            store,
            bus,
            clock,
            policy: AuthPolicy::default(),
            sealer: Arc::new(totp::Sealer::ephemeral()),
        }
    }

    pub fn with_policy(mut self, policy: AuthPolicy) -> Auth {
        self.policy = policy;
        self
    }

    /// The key the staff's authenticator keys are sealed with (the default is this
    /// process's own, for tests).
    pub fn with_sealer(mut self, sealer: totp::Sealer) -> Auth {
        self.sealer = Arc::new(sealer);
        self
    }

    async fn start_session(&self, caller: Caller) -> Result<NewSession, StoreError> {
        self.start(caller, Stage::Full, None).await
    }

    /// A session of `stage` (a full one lasts the role's session; a second step, its
    /// own few minutes).
    async fn start(
        &self,
        caller: Caller,
        stage: Stage,
        factor_at: Option<OffsetDateTime>,
    ) -> Result<NewSession, StoreError> {
        let now = self.clock.now();
        let max_age = match (&caller, stage) {
            (_, Stage::Code | Stage::Enrol) => self.policy.second_step,
            (Caller::Citizen(_), _) => self.policy.citizen_session,
            (Caller::Staff(_), _) => self.policy.staff_session,
        };
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .expect("the operating system's random generator is unavailable");
        let token = hex(&bytes);
        let subject = caller.subject();
        let record = SessionRecord {
            subject: subject.clone(),
            created_at: now,
            expires_at: now + max_age,
            stage,
            factor_at,
        };
        let mut item = Item::new(session_pk(&token), SESSION_SK, crate::store::body(&record));
        item.expires_at = Some(record.expires_at.unix_timestamp());
        item.gsi2 = Some((subject.index_key(), sort_key(now)));
        self.store.put(item, Cond::Absent).await?;
        Ok(NewSession {
            token,
            max_age,
            caller,
            second: stage.second(),
        })
    }

    /// The caller behind a session token, if the session is live (and, for staff, the
    /// account still enabled).
    pub async fn caller(&self, token: &str) -> Result<Option<Caller>, StoreError> {
        if !plausible_token(token) {
            return Ok(None);
        }
        let Some(item) = self.store.get(&session_pk(token), SESSION_SK).await? else {
            return Ok(None);
        };
        let session: SessionRecord = item.decode()?;
        if session.expires_at <= self.clock.now() || !session.stage.is_full() {
            return Ok(None);
        }
        match session.subject {
            Subject::Citizen { contact } => Ok(Contact::parse(&contact).ok().map(Caller::Citizen)),
            Subject::Staff { login } => Ok(staff::load(self.store.as_ref(), &login)
                .await?
                .map(|(_, account)| account)
                .filter(|a| !a.disabled)
                .map(Caller::Staff)),
        }
    }

    /// Ends one session.
    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        if !plausible_token(token) {
            return Ok(());
        }
        self.store
            .transact(vec![Write::Delete {
                pk: session_pk(token),
                sk: SESSION_SK.into(),
                cond: Cond::Always,
            }])
            .await
    }

    /// Ends every session of the caller's identity, on every device. Returns how many.
    pub async fn sign_out_everywhere(&self, caller: &Caller) -> Result<usize, StoreError> {
        self.end_sessions_of(&caller.subject()).await
    }

    /// Ends every session of a staff login (the admin tool, when disabling an account or
    /// resetting its password).
    pub async fn end_staff_sessions(&self, login: &str) -> Result<usize, StoreError> {
        self.end_sessions_of(&Subject::Staff {
            login: login.to_owned(),
        })
        .await
    }

    async fn end_sessions_of(&self, subject: &Subject) -> Result<usize, StoreError> {
        let mut q = Query::new(Index::Gsi2, subject.index_key(), SkRange::All);
        q.limit = 100;
        let mut ended = 0;
        loop {
            // Deleting while paging would shift the cursor: collect the page, then delete.
            let page = self.store.query(q.clone()).await?;
            let deletes: Vec<Write> = page
                .items
                .iter()
                .map(|i| Write::Delete {
                    pk: i.pk.clone(),
                    sk: i.sk.clone(),
                    cond: Cond::Always,
                })
                .collect();
            ended += deletes.len();
            for chunk in deletes.chunks(25) {
                self.store.transact(chunk.to_vec()).await?;
            }
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => return Ok(ended),
            }
        }
    }

    /// Staff sign-in. A wrong password and an unknown or disabled login answer alike,
    /// after the same work; three failures lock the login for the lockout window.
    pub async fn sign_in_staff(
        &self,
        login: &str,
        password: &str,
    ) -> Result<NewSession, AuthError> {
        let now = self.clock.now();
        let login = login.trim().to_lowercase();
        let valid_shape = staff::normalise_login(&login).is_ok()
            && (1..=staff::PASSWORD_MAX).contains(&password.chars().count());
        if !valid_shape {
            // Nothing to count: such a login cannot exist.
            return Err(AuthError::WrongCredentials {
                tries_left: self.policy.lockout.max_failures,
            });
        }
        let store = self.store.as_ref();
        if let Some(until) = lockout::locked_until(store, "staff", &login, now).await? {
            return Err(AuthError::Locked(until));
        }
        let account = staff::load(store, &login).await?.map(|(_, a)| a);
        let ok = match &account {
            Some(a) => staff::verify_password(password, &a.password_hash) && !a.disabled,
            None => {
                std::hint::black_box(staff::verify_password(password, staff::decoy_hash()));
                false
            }
        };
        match (ok, account) {
            (true, Some(account)) => self.after_password(account).await,
            _ => {
                tracing::warn!("staff sign-in failed");
                match lockout::record_failure(store, self.policy.lockout, "staff", &login, now)
                    .await?
                {
                    lockout::AfterFailure::TriesLeft(n) => {
                        Err(AuthError::WrongCredentials { tries_left: n })
                    }
                    lockout::AfterFailure::LockedUntil(t) => Err(AuthError::Locked(t)),
                    lockout::AfterFailure::NowLocked(until) => {
                        // Recorded for unknown logins too (it finds no address and
                        // sends nothing), so the work done tells nothing about who
                        // exists.
                        tracing::warn!(login = %login, "staff login locked");
                        let event = crate::events::DomainEvent {
                            id: crate::ids::event_id(now),
                            at: now,
                            ticket: String::new(),
                            kind: crate::events::EventKind::StaffLocked {
                                login: login.clone(),
                                until,
                            },
                        };
                        store
                            .put(crate::events::pending_item(&event), Cond::Absent)
                            .await?;
                        crate::events::publish_all(store, self.bus.as_ref(), &[event]).await;
                        Err(AuthError::Locked(until))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
