//! The audit trail: who did what to which request, when and from where. Items are
//! written with `Cond::Absent` in the same transaction as the change they record, and
//! nothing in the code updates or deletes them; admins read them by day.

use helpdesk_shared::workspace::{AuditAction, AuditEntry, AuditPage};
use time::Date;

use crate::clock::sort_key;
use crate::ids::new_id;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

/// Days are Moscow's, as staff count them.
fn day_pk(day: Date) -> String {
    format!("AUDIT#{day}")
}

/// Appends one entry by `actor` now, on its own (actions on requests put theirs into
/// the change's transaction instead).
pub async fn record(
    store: &dyn KvStore,
    actor: &crate::auth::StaffAccount,
    action: AuditAction,
    ticket: Option<String>,
    from: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let entry = AuditEntry {
        at: time::OffsetDateTime::now_utc(),
        actor: actor.login.clone(),
        role: Some(actor.role),
        action,
        ticket,
        from: from.to_owned(),
        detail: detail.to_owned(),
    };
    store.transact(vec![append(&entry)]).await
}

/// The write that appends `entry` (to go into the change's transaction).
pub fn append(entry: &AuditEntry) -> Write {
    let item = Item::new(
        day_pk(helpdesk_shared::moscow::date(entry.at)),
        format!("{}#{}", sort_key(entry.at), &new_id()[..8]),
        crate::store::body(entry),
    );
    Write::put(item, Cond::Absent)
}

/// One day's entries (Moscow time), oldest first, a page at a time.
pub async fn read_day(
    store: &dyn KvStore,
    day: Date,
    cursor: Option<String>,
    limit: usize,
) -> Result<AuditPage, StoreError> {
    let mut q = Query::new(Index::Table, day_pk(day), SkRange::All);
    q.limit = limit;
    q.cursor = cursor;
    let page = store.query(q).await?;
    Ok(AuditPage {
        entries: page
            .items
            .iter()
            .map(Item::decode)
            .collect::<Result<_, _>>()?,
        cursor: page.cursor,
    })
}
