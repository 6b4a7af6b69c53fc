//! Citizen sign-in with a one-time code: six digits to the phone (SMS) or e-mail,
//! through the event bus like every notification (so locally it lands in the outbox).
//! The code is stored salted and hashed; it is valid for a few minutes and once.
//! Sending is throttled per contact in the store (a minimum gap and an hourly cap) —
//! per client in the HTTP layer.

use helpdesk_shared::Lang;
use helpdesk_shared::auth::{CODE_DIGITS, Contact};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Auth, AuthError, Caller, NewSession, lockout};
use crate::events::{DomainEvent, EventKind, pending_item, publish_all};
use crate::ids::{new_id, random_u32, same_secret, sha256_hex};
use crate::store::{Cond, Item, StoreError, Write};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CodeRecord {
    /// Salted hash of the live code; `None` once used or burnt by a lock.
    code_hash: Option<String>,
    salt: String,
    #[serde(with = "time::serde::rfc3339")]
    code_expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    last_sent_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    window_started_at: OffsetDateTime,
    sent_in_window: u32,
}

fn code_pk(contact: &Contact) -> String {
    format!("OTC#{}", sha256_hex(&[contact.as_str().as_bytes()]))
}

const CODE_SK: &str = "OTC";

fn hash(salt: &str, code: &str) -> String {
    sha256_hex(&[salt.as_bytes(), b":", code.as_bytes()])
}

/// What the citizen is told after a code went out.
pub struct Sent {
    pub contact: Contact,
    pub expires_in: u32,
    pub resend_in: u32,
}

impl Auth {
    /// Sends a fresh code, replacing any earlier one.
    pub async fn send_code(&self, contact: &str, language: Lang) -> Result<Sent, AuthError> {
        let contact =
            Contact::parse(contact).map_err(|e| AuthError::Validation(vec![e.at("contact")]))?;
        let now = self.clock.now();
        let store = self.store.as_ref();
        let id = contact.as_str();
        if let Some(until) = lockout::locked_until(store, "citizen", id, now).await? {
            return Err(AuthError::Locked(until));
        }
        let hour = time::Duration::hours(1);
        let pk = code_pk(&contact);
        let current = store.get(&pk, CODE_SK).await?;
        let (mut window_started_at, mut sent_in_window, cond, version) = match &current {
            Some(item) => {
                let r: CodeRecord = item.decode()?;
                let wait = r.last_sent_at + self.policy.code_resend_after - now;
                if wait.is_positive() {
                    return Err(AuthError::TooSoon {
                        retry_after: wait.whole_seconds().max(1) as u64,
                    });
                }
                (
                    r.window_started_at,
                    r.sent_in_window,
                    Cond::Version(item.version),
                    item.version + 1,
                )
            }
            None => (now, 0, Cond::Absent, 1),
        };
        if now - window_started_at >= hour {
            window_started_at = now;
            sent_in_window = 0;
        }
        if sent_in_window >= self.policy.codes_per_hour {
            let wait = window_started_at + hour - now;
            return Err(AuthError::TooSoon {
                retry_after: wait.whole_seconds().max(1) as u64,
            });
        }
        let code = format!("{:0width$}", random_u32() % 1_000_000, width = CODE_DIGITS);
        let salt = new_id();
        let record = CodeRecord {
            code_hash: Some(hash(&salt, &code)),
            salt,
            code_expires_at: now + self.policy.code_valid,
            last_sent_at: now,
            window_started_at,
            sent_in_window: sent_in_window + 1,
        };
        let mut item = Item::new(pk, CODE_SK, crate::store::body(&record));
        item.version = version;
        // Kept as long as the hourly count matters.
        item.expires_at = Some((window_started_at + hour).unix_timestamp());

        let event = DomainEvent {
            id: crate::ids::event_id(now),
            at: now,
            ticket: String::new(),
            kind: EventKind::SignInCode {
                to: contact.as_str().to_owned(),
                code,
                language,
                minutes: self.policy.code_valid.whole_minutes() as u32,
            },
        };
        // The event carries the code until it is delivered; it expires with the code.
        let mut pending = pending_item(&event);
        pending.expires_at = Some(record.code_expires_at.unix_timestamp());
        match store
            .transact(vec![
                Write::put(item, cond),
                Write::put(pending, Cond::Absent),
            ])
            .await
        {
            Ok(()) => {}
            // Two requests at once: the other one sent a code just now.
            Err(StoreError::ConditionFailed { .. }) => {
                return Err(AuthError::TooSoon {
                    retry_after: self.policy.code_resend_after.whole_seconds() as u64,
                });
            }
            Err(e) => return Err(e.into()),
        }
        publish_all(store, self.bus.as_ref(), std::slice::from_ref(&event)).await;
        tracing::info!(event_id = %event.id, channel = contact.channel(), "sign-in code sent");
        Ok(Sent {
            contact,
            expires_in: self.policy.code_valid.whole_seconds() as u32,
            resend_in: self.policy.code_resend_after.whole_seconds() as u32,
        })
    }

    /// Checks a code; the right one (once) starts a session. Three wrong codes lock the
    /// contact and burn the code.
    pub async fn verify_code(&self, contact: &str, code: &str) -> Result<NewSession, AuthError> {
        let parsed_contact = Contact::parse(contact).map_err(|e| e.at("contact"));
        let code = code.trim();
        let code_ok = code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit());
        let contact = match (parsed_contact, code_ok) {
            (Ok(c), true) => c,
            (c, ok) => {
                let mut errors: Vec<_> = c.err().into_iter().collect();
                if !ok {
                    let code = if code.is_empty() {
                        helpdesk_shared::FieldCode::Required
                    } else {
                        helpdesk_shared::FieldCode::SignInCodeFormat
                    };
                    errors.push(helpdesk_shared::FieldError::new("code", code));
                }
                return Err(AuthError::Validation(errors));
            }
        };
        let now = self.clock.now();
        let store = self.store.as_ref();
        let id = contact.as_str();
        if let Some(until) = lockout::locked_until(store, "citizen", id, now).await? {
            return Err(AuthError::Locked(until));
        }
        let pk = code_pk(&contact);
        let Some(item) = store.get(&pk, CODE_SK).await? else {
            return Err(AuthError::CodeExpired);
        };
        let record: CodeRecord = item.decode()?;
        let Some(expected) = record
            .code_hash
            .clone()
            .filter(|_| record.code_expires_at > now)
        else {
            return Err(AuthError::CodeExpired);
        };
        let right = same_secret(&hash(&record.salt, code), &expected);
        if !right {
            tracing::warn!("wrong sign-in code");
            return match lockout::record_failure(store, self.policy.lockout, "citizen", id, now)
                .await?
            {
                lockout::AfterFailure::TriesLeft(n) => Err(AuthError::WrongCode { tries_left: n }),
                lockout::AfterFailure::NowLocked(t) | lockout::AfterFailure::LockedUntil(t) => {
                    // Burnt: after the lock a new code is needed. Losing a race here
                    // means the code changed anyway.
                    self.spend(item, record).await?;
                    Err(AuthError::Locked(t))
                }
            };
        }
        // Used once: the version condition makes two simultaneous uses one.
        if !self.spend(item, record).await? {
            return Err(AuthError::CodeExpired);
        }
        lockout::clear(store, "citizen", id).await?;
        // The code reached this address: if it had bounced, mail may go there again.
        if let Contact::Email(address) = &contact {
            crate::notify::feedback::clear_bounced(store, address).await?;
        }
        tracing::info!(channel = contact.channel(), "citizen signed in");
        Ok(self.start_session(Caller::Citizen(contact)).await?)
    }

    /// Makes the current code unusable, keeping the send counts, if the record is still
    /// the one read; `false` if someone changed it meanwhile.
    async fn spend(&self, item: Item, mut record: CodeRecord) -> Result<bool, StoreError> {
        record.code_hash = None;
        let mut spent = Item::new(item.pk, item.sk, crate::store::body(&record));
        spent.version = item.version + 1;
        spent.expires_at = item.expires_at;
        match self.store.put(spent, Cond::Version(item.version)).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
