//! What staff do to a request: take, assign, reply, ask for information, resolve,
//! reject, escalate, note. Each action is checked against the caller's role and the
//! status machine in `shared`, made on the version the caller saw (a stale one is a
//! conflict, never an overwrite), and written in one transaction with its timeline
//! entries, its events and its audit record.

use helpdesk_shared::auth::Role;
use helpdesk_shared::workspace::{
    ActionRequest, Assignee, AuditEntry, CheckedAction, StaffTicketView,
};
use helpdesk_shared::{Level, Status, TicketNumber};

use super::decide::{Decision, decide};
use super::{Looked, TicketError, TicketRecord, Tickets};
use crate::audit;
use crate::auth::StaffAccount;
use crate::auth::staff;
use crate::events::publish_all;
use crate::store::StoreError;

/// The staff member acting, and the address the call came from (for the audit trail).
pub struct Actor<'a> {
    pub account: &'a StaffAccount,
    pub from: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may see the request but not change it (an operator on level 3).
    NotYours,
    /// Resolved or rejected: nothing more happens to it.
    Closed,
    /// The status machine does not allow this change.
    Transition { from: Status, to: Status },
    /// Escalating to the department that already has it.
    SameDepartment,
    /// A repeat request before 48 working hours have passed.
    TooSoon,
    /// A survey answer for a request not yet resolved or rejected.
    SurveyNotYet,
    /// A survey answer changed more than a day after it was given.
    SurveyDone,
    /// "Отправить ещё раз" with nothing sent by SMS or e-mail yet.
    NothingToResend,
}

/// Who may see a request: supervisors and operators all of them (operators follow what
/// they escalated), specialists their department's; admins none.
pub fn can_see(a: &StaffAccount, t: &TicketRecord) -> bool {
    match a.role {
        Role::Supervisor | Role::Operator => true,
        Role::Specialist => t.level == Level::Specialist && t.department == a.department,
        Role::Admin => false,
    }
}

/// Who may change it: operators up to level 2, specialists their department's,
/// supervisors any.
pub fn can_act(a: &StaffAccount, t: &TicketRecord) -> bool {
    match a.role {
        Role::Supervisor => true,
        Role::Operator => t.level != Level::Specialist,
        Role::Specialist => can_see(a, t),
        Role::Admin => false,
    }
}

/// Whether `target` may be assigned a request at this level and department.
pub(super) fn fits(target: &StaffAccount, t: &TicketRecord) -> bool {
    !target.disabled
        && match t.level {
            Level::Specialist => {
                target.role == Role::Supervisor
                    || (target.role == Role::Specialist && target.department == t.department)
            }
            _ => matches!(target.role, Role::Operator | Role::Supervisor),
        }
}

impl Tickets {
    /// A request as staff see it; one the caller may not see is not found.
    pub async fn open_staff(&self, a: &StaffAccount, number: &str) -> Result<Looked, TicketError> {
        let looked = self.by_number(number).await?;
        if !can_see(a, &looked.record) {
            return Err(TicketError::NotFound);
        }
        Ok(looked)
    }

    /// A request by its number as typed (a field error if malformed), unchecked: the
    /// caller decides who may have it.
    pub(super) async fn by_number(&self, number: &str) -> Result<Looked, TicketError> {
        let number = TicketNumber::parse(number)
            .map_err(|e| TicketError::Validation(vec![e.at("number")]))?;
        let item = self
            .store
            .get(&TicketRecord::pk(&number.key()), TicketRecord::SK)
            .await?
            .ok_or(TicketError::NotFound)?;
        let record: TicketRecord = item.decode()?;
        Ok(Looked { item, record })
    }

    /// Whether `a` may see the request `number` (storage form): for its files.
    pub async fn staff_may_see(&self, a: &StaffAccount, number: &str) -> Result<bool, TicketError> {
        let Some(item) = self
            .store
            .get(&TicketRecord::pk(number), TicketRecord::SK)
            .await?
        else {
            return Ok(false);
        };
        Ok(can_see(a, &item.decode()?))
    }

    /// Who may be assigned the request `number`: enabled staff whose role and
    /// department fit its level, for a caller who may act on it; by name.
    pub async fn assignees(
        &self,
        a: &StaffAccount,
        number: &str,
    ) -> Result<Vec<Assignee>, TicketError> {
        let Looked { record, .. } = self.open_staff(a, number).await?;
        if !can_act(a, &record) {
            return Err(TicketError::Refused(Refusal::NotYours));
        }
        let mut out: Vec<Assignee> = staff::list(self.store.as_ref())
            .await?
            .into_iter()
            .filter(|s| fits(s, &record))
            .map(|s| Assignee {
                login: s.login,
                name: s.name,
                role: s.role,
                department: s.department,
            })
            .collect();
        out.sort_by(|x, y| x.name.cmp(&y.name).then_with(|| x.login.cmp(&y.login)));
        Ok(out)
    }

    pub async fn staff_view(
        &self,
        a: &StaffAccount,
        number: &str,
    ) -> Result<StaffTicketView, TicketError> {
        let Looked { item, record } = self.open_staff(a, number).await?;
        self.staff_view_of(a, &record, item.version).await
    }

    /// The request as `viewer` sees it; the assignee's name is the viewer's own when
    /// it is theirs (no read), else read from their account.
    async fn staff_view_of(
        &self,
        viewer: &StaffAccount,
        t: &TicketRecord,
        version: u64,
    ) -> Result<StaffTicketView, TicketError> {
        let number = TicketNumber::parse(&t.number)
            .map_err(|_| StoreError::Corrupt("ticket number".into()))?;
        let assignee_name = match &t.assignee {
            Some(login) if *login == viewer.login => Some(viewer.name.clone()),
            Some(login) => staff::load(self.store.as_ref(), login)
                .await?
                .map(|(_, a)| a.name),
            None => None,
        };
        Ok(StaffTicketView {
            number: number.display(),
            version,
            category: t.category,
            subject: t.subject.clone(),
            description: t.description.clone(),
            status: t.status,
            level: t.level,
            department: t.department,
            assignee: t.assignee.clone(),
            assignee_name,
            language: t.language,
            full_name: t.full_name.clone(),
            phone: t.phone.clone(),
            email: t.email.clone(),
            snils: t.snils.clone(),
            inn: t.inn.clone(),
            application_number: t.application_number.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
            expected_by: t.expected_by,
            timeline: self.timeline(&t.number).await?,
        })
    }

    /// Applies one action to the version of the request the caller saw.
    pub async fn act(
        &self,
        actor: &Actor<'_>,
        number: &str,
        req: &ActionRequest,
    ) -> Result<StaffTicketView, TicketError> {
        let action = req.action.parse().map_err(TicketError::Validation)?;
        let a = actor.account;
        let Looked { item, record } = self.open_staff(a, number).await?;
        if item.version != req.version {
            return Err(TicketError::VersionConflict);
        }
        let assignee = match &action {
            CheckedAction::Assign { login } => staff::load(self.store.as_ref(), login)
                .await?
                .map(|(_, t)| t),
            _ => None,
        };
        let now = self.clock.now();
        let Decision {
            record: mut changed,
            steps,
            kinds,
            change,
        } = decide(
            a,
            &record,
            &action,
            assignee.as_ref(),
            now,
            &self.levels.in_force().await?.calendar,
        )?;
        changed.updated_at = now;
        let (before, record) = (record, changed);

        let mut writes = super::change_writes(&before, item.version, &record);
        let events = super::step_writes(
            &mut writes,
            &record.number,
            now,
            Some(&a.login),
            steps,
            kinds,
        );
        writes.push(audit::append(&AuditEntry {
            at: now,
            actor: a.login.clone(),
            role: Some(a.role),
            action: action.kind().into(),
            ticket: Some(record.number.clone()),
            from: actor.from.to_owned(),
            detail: match change {
                Some((from, to)) => format!("{} → {}", from.code(), to.code()),
                None => String::new(),
            },
        }));
        match self.store.transact(writes).await {
            Ok(()) => {}
            // Someone else changed it between our read and write.
            Err(StoreError::ConditionFailed { index: 0 }) => {
                return Err(TicketError::VersionConflict);
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(ticket = %record.number, action = action.kind().code(), login = %a.login, status = record.status.code(), "staff action");
        publish_all(self.store.as_ref(), self.bus.as_ref(), &events).await;
        self.staff_view_of(a, &record, item.version + 1).await
    }
}
