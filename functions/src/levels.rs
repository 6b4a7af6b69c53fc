//! The service levels in force: each category's policy and the business calendar, as
//! shipped (`sla::Policy::default_for`, `calendar::shipped`) with the admins' edits on
//! top. One item (`SLA#SETTINGS` / `CURRENT`) holds the edits: the policies changed and
//! the dates changed. A date's edit is kept over the shipped years rather than replacing
//! them, so a release that ships the next year's calendar adds it under the admins'
//! changes instead of being shadowed by an old copy.
//!
//! Every edit is one transaction with its audit entry, conditioned on the item's version
//! (two admins saving at once: both land, one after the other). Readers (new requests'
//! due dates, the sweep, the queue, "operators at work now") take the settings from a
//! per-process copy at most `FRESH` old; the process that saved sees its change at once.
//! A change applies to requests that arrive after it: a request in work keeps the
//! promise it was given (its policy is stored with it), while working time is counted
//! on the calendar in force.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk_shared::Category;
use helpdesk_shared::calendar::{Calendar, SpecialDay, SpecialKind, shipped};
use helpdesk_shared::sla::{CategoryPolicy, ChatPolicy, Policy, ServiceLevels};
use helpdesk_shared::workspace::AuditEntry;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::store::{Cond, Item, KvStore, StoreError, Write};

const PK: &str = "SLA#SETTINGS";
const SK: &str = "CURRENT";
/// How old a process's copy of the settings may be.
const FRESH: Duration = Duration::from_secs(30);
/// Tries of an edit that meets a concurrent one.
const TRIES: usize = 5;
/// The most dates the admins may have changed (a century of transfers is ~1,000).
pub const DAY_EDITS_MAX: usize = 2000;

/// The admins' edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Edits {
    #[serde(default)]
    policies: Vec<PolicyEdit>,
    #[serde(default)]
    days: Vec<DayEdit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chat: Option<ChatPolicy>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PolicyEdit {
    category: Category,
    policy: Policy,
}

/// A date set to a kind, or (`kind: None`) made an ordinary day of its weekday.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DayEdit {
    #[serde(with = "iso_date")]
    date: Date,
    kind: Option<SpecialKind>,
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The settings in force.
#[derive(Debug, Clone)]
pub struct InForce {
    pub calendar: Calendar,
    /// The chat's first-reply target.
    pub chat: ChatPolicy,
    policies: Vec<PolicyEdit>,
}

impl InForce {
    /// The shipped settings (no edits).
    pub fn shipped() -> InForce {
        InForce::of(&Edits::default())
    }

    fn of(edits: &Edits) -> InForce {
        let mut days = shipped().days;
        for edit in &edits.days {
            days.retain(|d| d.date != edit.date);
            if let Some(kind) = edit.kind {
                days.push(SpecialDay {
                    date: edit.date,
                    kind,
                });
            }
        }
        InForce {
            calendar: Calendar::new(days),
            chat: edits.chat.unwrap_or_default(),
            policies: edits.policies.clone(),
        }
    }

    /// The promise a new request of this category is given.
    pub fn policy(&self, category: Category) -> Policy {
        self.policies
            .iter()
            .find(|p| p.category == category)
            .map_or_else(|| Policy::default_for(category), |p| p.policy)
    }

    /// What the admins' page shows.
    pub fn view(&self) -> ServiceLevels {
        ServiceLevels {
            policies: Category::ALL
                .iter()
                .map(|&category| {
                    let policy = self.policy(category);
                    CategoryPolicy {
                        category,
                        policy,
                        default: policy == Policy::default_for(category),
                    }
                })
                .collect(),
            days: self.calendar.days.clone(),
            chat: self.chat,
        }
    }
}

pub struct Levels {
    store: Arc<dyn KvStore>,
    cache: Mutex<Option<(Instant, Arc<InForce>)>>,
}

/// Why an edit did not land.
#[derive(Debug, thiserror::Error)]
pub enum LevelsError {
    #[error("too many changed dates")]
    TooManyDays,
    /// Other edits kept landing first (`TRIES` times): try again.
    #[error("busy")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Levels {
    pub fn new(store: Arc<dyn KvStore>) -> Levels {
        Levels {
            store,
            cache: Mutex::new(None),
        }
    }

    /// The settings in force, read at most every `FRESH` per process.
    pub async fn in_force(&self) -> Result<Arc<InForce>, StoreError> {
        if let Some((at, s)) = self.cache.lock().map(|c| c.clone()).unwrap_or_default()
            && at.elapsed() < FRESH
        {
            return Ok(s);
        }
        let (edits, _) = self.read().await?;
        Ok(self.keep(&edits))
    }

    fn keep(&self, edits: &Edits) -> Arc<InForce> {
        let s = Arc::new(InForce::of(edits));
        if let Ok(mut c) = self.cache.lock() {
            *c = Some((Instant::now(), s.clone()));
        }
        s
    }

    async fn read(&self) -> Result<(Edits, Option<u64>), StoreError> {
        match self.store.get(PK, SK).await? {
            Some(item) => Ok((item.decode()?, Some(item.version))),
            None => Ok((Edits::default(), None)),
        }
    }

    /// Sets a category's policy (the shipped one again when it equals it), with its
    /// audit entry. The caller has checked `Policy::problems`.
    pub async fn set_policy(
        &self,
        category: Category,
        policy: Policy,
        audit: &AuditEntry,
    ) -> Result<ServiceLevels, LevelsError> {
        self.edit(audit, |e| {
            e.policies.retain(|p| p.category != category);
            if policy != Policy::default_for(category) {
                e.policies.push(PolicyEdit { category, policy });
            }
            Ok(())
        })
        .await
    }

    /// Sets the chat's first-reply target, with its audit entry. The caller has checked
    /// `ChatPolicy::problems`.
    pub async fn set_chat(
        &self,
        chat: ChatPolicy,
        audit: &AuditEntry,
    ) -> Result<ServiceLevels, LevelsError> {
        self.edit(audit, |e| {
            e.chat = Some(chat).filter(|c| *c != ChatPolicy::default());
            Ok(())
        })
        .await
    }

    /// Sets what a date is (`None`: an ordinary day of its weekday), with its audit
    /// entry.
    pub async fn set_day(
        &self,
        date: Date,
        kind: Option<SpecialKind>,
        audit: &AuditEntry,
    ) -> Result<ServiceLevels, LevelsError> {
        let shipped_kind = shipped().special(date);
        self.edit(audit, |e| {
            e.days.retain(|d| d.date != date);
            if kind != shipped_kind {
                e.days.push(DayEdit { date, kind });
            }
            if e.days.len() > DAY_EDITS_MAX {
                return Err(LevelsError::TooManyDays);
            }
            e.days.sort_by_key(|d| d.date);
            Ok(())
        })
        .await
    }

    async fn edit(
        &self,
        audit: &AuditEntry,
        change: impl Fn(&mut Edits) -> Result<(), LevelsError>,
    ) -> Result<ServiceLevels, LevelsError> {
        for _ in 0..TRIES {
            let (mut edits, version) = self.read().await?;
            change(&mut edits)?;
            let mut item = Item::of(PK, SK, &edits);
            let cond = match version {
                Some(v) => {
                    item.version = v + 1;
                    Cond::Version(v)
                }
                None => Cond::Absent,
            };
            let writes = vec![Write::put(item, cond), crate::audit::append(audit)];
            match self.store.transact(writes).await {
                Ok(()) => return Ok(self.keep(&edits).view()),
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(LevelsError::Busy)
    }
}

#[cfg(test)]
mod tests {
    use helpdesk_shared::sla::Span;
    use helpdesk_shared::workspace::AuditAction;
    use time::macros::date;

    use super::*;
    use crate::store::RedbStore;

    fn entry() -> AuditEntry {
        AuditEntry {
            at: time::OffsetDateTime::UNIX_EPOCH,
            actor: "admin".into(),
            role: None,
            action: AuditAction::ServiceLevels,
            ticket: None,
            from: String::new(),
            detail: String::new(),
        }
    }

    #[tokio::test]
    async fn edits_lie_over_the_shipped_settings() {
        let dir = tempfile::tempdir().expect("test");
        let store = RedbStore::open(&dir.path().join("l.redb")).expect("test");
        let levels = Levels::new(Arc::new(store));
        let s = levels.in_force().await.expect("test");
        assert_eq!(s.calendar, shipped());
        assert!(s.view().policies.iter().all(|p| p.default));

        // A holiday made ordinary, a new day off, a changed policy.
        let mut p = Policy::default_for(Category::Payments);
        p.first_response = Span::working_hours(2);
        p.on_late.escalate = false;
        levels
            .set_policy(Category::Payments, p, &entry())
            .await
            .expect("test");
        levels
            .set_day(date!(2026 - 11 - 04), None, &entry())
            .await
            .expect("test");
        let view = levels
            .set_day(date!(2027 - 01 - 11), Some(SpecialKind::DayOff), &entry())
            .await
            .expect("test");
        let payments = view
            .policies
            .iter()
            .find(|c| c.category == Category::Payments)
            .expect("test");
        assert_eq!((payments.policy, payments.default), (p, false));

        // Another process reads the same from the store.
        let other = Levels::new(levels.store.clone());
        let s = other.in_force().await.expect("test");
        assert_eq!(s.policy(Category::Payments), p);
        assert_eq!(s.calendar.special(date!(2026 - 11 - 04)), None);
        assert_eq!(
            s.calendar.special(date!(2027 - 01 - 11)),
            Some(SpecialKind::DayOff)
        );

        // Set back to what was shipped: no edit is left for it.
        levels
            .set_policy(
                Category::Payments,
                Policy::default_for(Category::Payments),
                &entry(),
            )
            .await
            .expect("test");
        levels
            .set_day(date!(2026 - 11 - 04), Some(SpecialKind::Holiday), &entry())
            .await
            .expect("test");
        let (edits, _) = levels.read().await.expect("test");
        assert!(edits.policies.is_empty());
        assert_eq!(edits.days.len(), 1);
    }
}
