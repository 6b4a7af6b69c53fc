//! The staff's second factor over sessions: a right password of an account that has an
//! authenticator (or must have one) starts a *second step* — a session that signs nobody
//! in, for a few minutes — and only a code from the app (or a recovery code) turns it
//! into a session. An account that must have one and has none sets it up there
//! (`enrol`, `confirm_enrolment`), once. Wrong codes count with wrong passwords (three
//! lock the login for 15 minutes); a code is taken once (the step it belongs to is
//! remembered, and an older or the same step is refused); the key is kept sealed
//! (`totp::Sealer`) and never logged.

use helpdesk_shared::auth::Role;
use helpdesk_shared::two_factor::{
    Enrolment, SecondFactor, StaffCodeRequest, grouped, parse_code, parse_recovery,
};
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Auth, AuthError, Caller, NewSession, SESSION_SK, SessionRecord, StaffAccount};
use super::{lockout, plausible_token, session_pk, staff, totp};
use crate::store::{Cond, Item, KvStore, StoreError, Write};

/// What a session stands for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Stage {
    /// Signed in.
    #[default]
    Full,
    /// A right password; a code from the app is due.
    Code,
    /// A right password; an authenticator must be set up first.
    Enrol,
}

impl Stage {
    pub(super) fn is_full(&self) -> bool {
        *self == Stage::Full
    }

    pub(super) fn second(self) -> Option<SecondFactor> {
        match self {
            Stage::Full => None,
            Stage::Code => Some(SecondFactor::Code),
            Stage::Enrol => Some(SecondFactor::Enrol),
        }
    }
}

/// Which staff must have a second factor (`HELPDESK_STAFF_2FA`): supervisors and admins
/// (`roles`, the default), everyone (`all`), or nobody (`off`: development and tests;
/// the server says so at start). Whoever set one up passes it in every mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Off,
    Roles,
    All,
}

impl Requirement {
    pub fn parse(value: &str) -> Result<Requirement, String> {
        match value.trim() {
            "" | "roles" => Ok(Requirement::Roles),
            "all" => Ok(Requirement::All),
            "off" => Ok(Requirement::Off),
            other => Err(format!(
                "HELPDESK_STAFF_2FA is {other:?}: roles (supervisors and admins), all, or off"
            )),
        }
    }

    /// `HELPDESK_STAFF_2FA` (unset: `roles`).
    pub fn from_env() -> Result<Requirement, String> {
        let requirement =
            Requirement::parse(&std::env::var("HELPDESK_STAFF_2FA").unwrap_or_default())?;
        if requirement == Requirement::Off {
            tracing::warn!(
                "HELPDESK_STAFF_2FA=off: a password alone signs in staff who set up no authenticator"
            );
        }
        Ok(requirement)
    }

    pub fn applies(self, role: Role) -> bool {
        match self {
            Requirement::Off => false,
            Requirement::Roles => matches!(role, Role::Supervisor | Role::Admin),
            Requirement::All => true,
        }
    }
}

/// An account's authenticator: its key sealed, whether it was confirmed, the last step
/// whose code was taken, the recovery codes not used yet (hashed).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TotpRecord {
    sealed: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    enrolled_at: Option<OffsetDateTime>,
    #[serde(default)]
    last_step: u64,
    #[serde(default)]
    recovery: Vec<String>,
}

const TOTP_SK: &str = "TOTP";

async fn load_totp(
    store: &dyn KvStore,
    login: &str,
) -> Result<Option<(u64, TotpRecord)>, StoreError> {
    match store.get(&StaffAccount::pk(login), TOTP_SK).await? {
        Some(item) => Ok(Some((item.version, item.decode()?))),
        None => Ok(None),
    }
}

fn totp_item(login: &str, rec: &TotpRecord, version: u64) -> Item {
    let mut item = Item::of(StaffAccount::pk(login), TOTP_SK, rec);
    item.version = version;
    item
}

/// Removes a login's second factor (the admin tool, for someone who lost their phone
/// and their recovery codes), audited; the next sign-in sets up a new one. Whether
/// there was one.
pub async fn reset_second_factor(
    store: &dyn KvStore,
    login: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    if load_totp(store, login).await?.is_none() {
        return Ok(false);
    }
    let entry = AuditEntry {
        at: now,
        actor: login.to_owned(),
        role: None,
        action: AuditAction::SecondFactorReset,
        ticket: None,
        from: "helpdesk-admin".into(),
        detail: "reset from the command line".into(),
    };
    store
        .transact(vec![
            Write::Delete {
                pk: StaffAccount::pk(login),
                sk: TOTP_SK.into(),
                cond: Cond::Always,
            },
            crate::audit::append(&entry),
        ])
        .await?;
    tracing::warn!(login = %login, "second factor reset");
    Ok(true)
}

/// A live session of an enabled staff account, whatever its stage.
struct Live {
    token: String,
    record: SessionRecord,
    account: StaffAccount,
}

impl Auth {
    /// After a right password: signed in, or the second step that is due.
    pub(super) async fn after_password(
        &self,
        account: StaffAccount,
    ) -> Result<NewSession, AuthError> {
        let store = self.store.as_ref();
        let enrolled = load_totp(store, &account.login)
            .await?
            .is_some_and(|(_, r)| r.enrolled_at.is_some());
        let stage = if enrolled {
            Stage::Code
        } else if self.policy.second_factor.applies(account.role) {
            Stage::Enrol
        } else {
            lockout::clear(store, "staff", &account.login).await?;
            tracing::info!(login = %account.login, role = account.role.code(), "staff signed in");
            return Ok(self.start_session(Caller::Staff(account)).await?);
        };
        // The failures are cleared only when the second step is passed: a password
        // alone cannot buy more guesses at the code.
        tracing::info!(login = %account.login, stage = ?stage, "staff password right; second step due");
        Ok(self.start(Caller::Staff(account), stage, None).await?)
    }

    /// The live session behind `token`, whoever's (a citizen's too).
    async fn session(&self, token: &str) -> Result<Option<SessionRecord>, StoreError> {
        if !plausible_token(token) {
            return Ok(None);
        }
        let Some(item) = self.store.get(&session_pk(token), SESSION_SK).await? else {
            return Ok(None);
        };
        let record: SessionRecord = item.decode()?;
        Ok((record.expires_at > self.clock.now()).then_some(record))
    }

    /// A live session of an enabled staff account, whatever its stage; a citizen's is
    /// `NotStaff`.
    async fn live(&self, token: &str) -> Result<Option<Live>, AuthError> {
        let Some(record) = self.session(token).await? else {
            return Ok(None);
        };
        let super::Subject::Staff { login } = &record.subject else {
            return Err(AuthError::NotStaff);
        };
        let account = staff::load(self.store.as_ref(), login)
            .await?
            .map(|(_, a)| a)
            .filter(|a| !a.disabled);
        Ok(account.map(|account| Live {
            token: token.to_owned(),
            record,
            account,
        }))
    }

    /// The session behind `token` for the second factor's calls: a second step, or
    /// (`full_too`) a signed-in staff member's.
    async fn stepping(&self, token: &str, full_too: bool) -> Result<Live, AuthError> {
        match self.live(token).await? {
            Some(live) if !live.record.stage.is_full() || full_too => Ok(live),
            _ => Err(AuthError::NoSecondStep),
        }
    }

    /// A new key for the caller's app: at the second step of an account that must set
    /// one up, or for a signed-in staff member who has none. Asking again replaces a key
    /// not yet confirmed.
    pub async fn enrol(&self, token: &str) -> Result<Enrolment, AuthError> {
        let live = self.stepping(token, true).await?;
        if live.record.stage == Stage::Code {
            return Err(AuthError::AlreadyEnrolled);
        }
        let login = &live.account.login;
        let store = self.store.as_ref();
        let existing = load_totp(store, login).await?;
        if existing
            .as_ref()
            .is_some_and(|(_, r)| r.enrolled_at.is_some())
        {
            return Err(AuthError::AlreadyEnrolled);
        }
        let secret = totp::new_secret();
        let rec = TotpRecord {
            sealed: self.sealer.seal(login, &secret),
            enrolled_at: None,
            last_step: 0,
            recovery: Vec::new(),
        };
        let (version, cond) = match existing {
            Some((v, _)) => (v + 1, Cond::Version(v)),
            None => (1, Cond::Absent),
        };
        match store.put(totp_item(login, &rec, version), cond).await {
            Ok(()) => {}
            // Asked twice at once: the other's key stands; this one asks again.
            Err(StoreError::ConditionFailed { .. }) => return Err(AuthError::NoSecondStep),
            Err(e) => return Err(e.into()),
        }
        Ok(totp::enrolment(&secret, login))
    }

    /// Confirms the key `enrol` gave with a code from the app: set up, ten recovery
    /// codes (shown this once), and signed in with the second factor passed.
    pub async fn confirm_enrolment(
        &self,
        token: &str,
        code: &str,
        from: &str,
    ) -> Result<(NewSession, Vec<String>), AuthError> {
        let live = self.stepping(token, true).await?;
        let code = parse_code(code).map_err(|e| AuthError::Validation(vec![e]))?;
        let login = live.account.login.clone();
        let store = self.store.as_ref();
        let now = self.clock.now();
        self.not_locked(&login, now).await?;
        let Some((version, mut rec)) = load_totp(store, &login).await? else {
            return Err(AuthError::NoSecondStep);
        };
        if rec.enrolled_at.is_some() {
            return Err(AuthError::AlreadyEnrolled);
        }
        let secret = self
            .sealer
            .open(&login, &rec.sealed)
            .ok_or(AuthError::NoSecondStep)?;
        let unix = now.unix_timestamp().max(0) as u64;
        let Some(step) = totp::matching_step(&secret, &code, unix) else {
            return Err(self.wrong(&live.account, now, from).await?);
        };
        let codes = totp::new_recovery_codes();
        rec.enrolled_at = Some(now);
        rec.last_step = step;
        rec.recovery = codes
            .iter()
            .map(|c| totp::recovery_hash(&login, c))
            .collect();
        let entry = audit_entry(&live.account, AuditAction::SecondFactorSet, from, "", now);
        match store
            .transact(vec![
                Write::put(totp_item(&login, &rec, version + 1), Cond::Version(version)),
                crate::audit::append(&entry),
            ])
            .await
        {
            Ok(()) => {}
            Err(StoreError::ConditionFailed { .. }) => return Err(AuthError::NoSecondStep),
            Err(e) => return Err(e.into()),
        }
        tracing::info!(login = %login, "authenticator set up");
        let session = self.passed(live, now).await?;
        Ok((session, codes.iter().map(|c| grouped(c)).collect()))
    }

    /// The second step with a code from the app or a recovery code: signed in (a new
    /// session; the old one ends). From a signed-in session too, to confirm a sensitive
    /// action. With a recovery code, how many are left.
    pub async fn second_step(
        &self,
        token: &str,
        req: &StaffCodeRequest,
        from: &str,
    ) -> Result<(NewSession, Option<usize>), AuthError> {
        let live = self.stepping(token, true).await?;
        if live.record.stage == Stage::Enrol {
            return Err(AuthError::NoSecondStep);
        }
        let login = live.account.login.clone();
        let store = self.store.as_ref();
        let now = self.clock.now();
        let Some((version, mut rec)) = load_totp(store, &login)
            .await?
            .filter(|(_, r)| r.enrolled_at.is_some())
        else {
            return Err(AuthError::NoSecondStep);
        };
        let recovery = !req.recovery_code.trim().is_empty();
        let typed = if recovery {
            parse_recovery(&req.recovery_code)
        } else {
            parse_code(&req.code)
        }
        .map_err(|e| AuthError::Validation(vec![e]))?;
        self.not_locked(&login, now).await?;
        let left = if recovery {
            let hash = totp::recovery_hash(&login, &typed);
            let Some(i) = rec
                .recovery
                .iter()
                .position(|h| crate::ids::same_secret(h, &hash))
            else {
                return Err(self.wrong(&live.account, now, from).await?);
            };
            rec.recovery.remove(i);
            Some(rec.recovery.len())
        } else {
            let secret = self
                .sealer
                .open(&login, &rec.sealed)
                .ok_or(AuthError::NoSecondStep)?;
            let unix = now.unix_timestamp().max(0) as u64;
            match totp::matching_step(&secret, &typed, unix) {
                // A code is taken once: its step, or an earlier one, again is refused.
                Some(step) if step > rec.last_step => rec.last_step = step,
                _ => return Err(self.wrong(&live.account, now, from).await?),
            }
            None
        };
        let mut writes = vec![Write::put(
            totp_item(&login, &rec, version + 1),
            Cond::Version(version),
        )];
        if let Some(n) = left {
            let detail = format!("recovery codes left: {n}");
            let entry = audit_entry(
                &live.account,
                AuditAction::RecoveryCodeUsed,
                from,
                &detail,
                now,
            );
            writes.push(crate::audit::append(&entry));
        }
        match store.transact(writes).await {
            Ok(()) => {}
            // The same code (or recovery code) used at once elsewhere: that one counts.
            Err(StoreError::ConditionFailed { .. }) => {
                return Err(self.wrong(&live.account, now, from).await?);
            }
            Err(e) => return Err(e.into()),
        }
        let session = self.passed(live, now).await?;
        Ok((session, left))
    }

    /// Whether the session behind `token` may take a sensitive action: its second factor
    /// was passed within `factor_fresh`, or its account has none and need not.
    pub async fn factor_fresh(&self, token: &str) -> Result<bool, StoreError> {
        // Passed lately: the session alone says so.
        let now = self.clock.now();
        match self.session(token).await? {
            Some(r) if !r.stage.is_full() => return Ok(false),
            Some(r)
                if r.factor_at
                    .is_some_and(|at| now - at <= self.policy.factor_fresh) =>
            {
                return Ok(true);
            }
            Some(_) => {}
            None => return Ok(false),
        }
        let Ok(Some(live)) = self.live(token).await else {
            return Ok(false);
        };
        let enrolled = load_totp(self.store.as_ref(), &live.account.login)
            .await?
            .is_some_and(|(_, r)| r.enrolled_at.is_some());
        Ok(!enrolled && !self.policy.second_factor.applies(live.account.role))
    }

    async fn not_locked(&self, login: &str, now: OffsetDateTime) -> Result<(), AuthError> {
        match lockout::locked_until(self.store.as_ref(), "staff", login, now).await? {
            Some(until) => Err(AuthError::Locked(until)),
            None => Ok(()),
        }
    }

    /// A wrong (or reused) code: counted with the login's wrong passwords, audited.
    async fn wrong(
        &self,
        account: &StaffAccount,
        now: OffsetDateTime,
        from: &str,
    ) -> Result<AuthError, StoreError> {
        let store = self.store.as_ref();
        let after =
            lockout::record_failure(store, self.policy.lockout, "staff", &account.login, now)
                .await?;
        let (error, detail) = match after {
            lockout::AfterFailure::TriesLeft(n) => (
                AuthError::WrongCode { tries_left: n },
                format!("tries left: {n}"),
            ),
            lockout::AfterFailure::NowLocked(t) | lockout::AfterFailure::LockedUntil(t) => (
                AuthError::Locked(t),
                format!("locked until {} MSK", helpdesk_shared::moscow::format(t)),
            ),
        };
        tracing::warn!(login = %account.login, "wrong second-factor code");
        let entry = audit_entry(account, AuditAction::SecondFactorFailed, from, &detail, now);
        store.transact(vec![crate::audit::append(&entry)]).await?;
        Ok(error)
    }

    /// The second factor passed: the step's session ends, a signed-in one starts.
    async fn passed(&self, live: Live, now: OffsetDateTime) -> Result<NewSession, StoreError> {
        let store = self.store.as_ref();
        lockout::clear(store, "staff", &live.account.login).await?;
        self.sign_out(&live.token).await?;
        tracing::info!(login = %live.account.login, role = live.account.role.code(), "staff signed in with the second factor");
        self.start(Caller::Staff(live.account), Stage::Full, Some(now))
            .await
    }
}

fn audit_entry(
    account: &StaffAccount,
    action: AuditAction,
    from: &str,
    detail: &str,
    at: OffsetDateTime,
) -> AuditEntry {
    AuditEntry {
        at,
        actor: account.login.clone(),
        role: Some(account.role),
        action,
        ticket: None,
        from: from.to_owned(),
        detail: detail.to_owned(),
    }
}
