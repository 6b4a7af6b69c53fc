//! Who can take a chat now, and where chats wait. Staff are online while their console
//! keeps calling (`ONLINE_FOR`): an item per login under `ONLINE` with the name the
//! citizen would see, the role and the specialist's department. A chat waits in one of
//! two kinds of list (GSI1): the operators' (`WAITING`), or a specialist department's
//! (level 3) after an operator transferred it there.

use helpdesk_shared::auth::{Department, Role};
use helpdesk_shared::chat::{OnlineOperator, QueuePlace};
use helpdesk_shared::contacts::OperatorsNow;

use super::staff::shown_name;
use super::{Availability, ChatError, ChatRecord, Chats};
use crate::auth::StaffAccount;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

/// The operators' waiting list (GSI1), longest waiting first.
const WAITING: &str = "CHATQ#WAITING";
/// Staff signed in to the console (`CHATON` / login, expiring unless refreshed).
const ONLINE: &str = "CHATON";
/// How long a console's last call keeps its owner online.
const ONLINE_FOR: i64 = 90;

/// The waiting list a chat joins: the operators', or its department's.
pub fn waiting_list(department: Option<Department>) -> String {
    match department {
        None => WAITING.to_owned(),
        Some(d) => format!("{WAITING}#{}", d.code()),
    }
}

/// Staff signed in to the console now (also for the notifications' recipients).
pub async fn online_in(store: &dyn KvStore) -> Result<Vec<OnlineOperator>, StoreError> {
    let page = store
        .query(Query::new(Index::Table, ONLINE, SkRange::All))
        .await?;
    Ok(page
        .items
        .into_iter()
        .map(|i| {
            // Items written before roles were kept name an operator.
            i.decode::<OnlineOperator>()
                .unwrap_or_else(|_| OnlineOperator {
                    name: i.body.value()["name"].as_str().unwrap_or(&i.sk).to_owned(),
                    login: i.sk,
                    role: Role::Operator,
                    department: None,
                })
        })
        .collect())
}

/// Whether staff of `role` (and, for a specialist, department `own`) take chats from
/// the waiting list of `list`: operators the operators', specialists their
/// department's, supervisors any. The one rule for the console, taking and presence.
pub(super) fn serves(role: Role, own: Option<Department>, list: Option<Department>) -> bool {
    match role {
        Role::Supervisor => true,
        Role::Specialist => list.is_some() && own == list,
        Role::Operator => list.is_none(),
        Role::Admin => false,
    }
}

impl Chats {
    /// Keeps `a` online for the next `ONLINE_FOR` seconds.
    pub async fn keep_online(&self, a: &StaffAccount) -> Result<(), ChatError> {
        let who = OnlineOperator {
            login: a.login.clone(),
            name: shown_name(a),
            role: a.role,
            department: a.department.filter(|_| a.role == Role::Specialist),
        };
        let mut item = Item::of(ONLINE, a.login.clone(), &who);
        // The store drops expired items by the wall clock; a services' clock set back
        // (the demo generator's) must not make presence expire at once.
        let now = self.now().unix_timestamp().max(crate::store::now_unix());
        item.expires_at = Some(now + ONLINE_FOR);
        self.store.put(item, Cond::Always).await?;
        Ok(())
    }

    /// Staff signed in to the console now.
    pub async fn online_staff(&self) -> Result<Vec<OnlineOperator>, ChatError> {
        Ok(online_in(self.store.as_ref()).await?)
    }

    /// The staff online now but `a`, by the name the citizen would see.
    pub async fn colleagues(&self, a: &StaffAccount) -> Result<Vec<OnlineOperator>, ChatError> {
        let mut all = self.online_staff().await?;
        all.retain(|o| o.login != a.login);
        Ok(all)
    }

    /// Staff online now who take chats from the list of `department`.
    pub async fn online(&self, department: Option<Department>) -> Result<u32, ChatError> {
        let all = self.online_staff().await?;
        Ok(all
            .iter()
            .filter(|o| serves(o.role, o.department, department))
            .count() as u32)
    }

    /// The chat's place in its waiting list and a rough wait: three minutes per chat
    /// ahead of it, shared among those online who take from that list.
    pub(super) async fn place(&self, rec: &ChatRecord) -> Result<Option<QueuePlace>, ChatError> {
        let mut q = Query::new(Index::Gsi1, waiting_list(rec.department), SkRange::All);
        q.limit = 500;
        let page = self.store.query(q).await?;
        let Some(i) = page
            .items
            .iter()
            .position(|it| it.pk == ChatRecord::pk(&rec.id))
        else {
            return Ok(None);
        };
        let online = self.online(rec.department).await?.max(1);
        let position = i as u32 + 1;
        Ok(Some(QueuePlace {
            position,
            wait_minutes: (position * 3).div_ceil(online),
        }))
    }

    /// Whether a person can take a chat now: operators' hours, and someone online.
    pub async fn availability(&self) -> Result<Availability, ChatError> {
        let at = self.hours_at.unwrap_or_else(|| self.clock.now());
        match self.levels.in_force().await?.calendar.operators_now(at) {
            OperatorsNow::Open { .. } if self.online(None).await? > 0 => {
                Ok(Availability::Available)
            }
            OperatorsNow::Open { .. } => Ok(Availability::Away {
                opens: String::new(),
                tomorrow: false,
                nobody_online: true,
            }),
            OperatorsNow::Closed { opens, tomorrow } => Ok(Availability::Away {
                opens: opens.to_owned(),
                tomorrow,
                nobody_online: false,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_is_served_by_its_own_people() {
        let legal = Some(Department::Legal);
        let op = |l| serves(Role::Operator, None, l);
        let spec = |l| serves(Role::Specialist, legal, l);
        let sup = |l| serves(Role::Supervisor, None, l);
        assert!(op(None) && !op(legal));
        assert!(spec(legal) && !spec(None) && !spec(Some(Department::Payments)));
        assert!(
            !serves(Role::Specialist, None, None),
            "a specialist without a department"
        );
        assert!(sup(None) && sup(legal));
        assert!(!serves(Role::Admin, None, None));
        assert_eq!(waiting_list(None), "CHATQ#WAITING");
        assert_eq!(waiting_list(legal), "CHATQ#WAITING#legal");
    }
}
