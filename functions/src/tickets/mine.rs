//! A signed-in citizen's requests: every request that names their verified phone or
//! e-mail, or that they submitted while signed in, is theirs without the access code.
//! An owner item per contact (`CIT#<hash of contact>` / `T#<number>`) is written with
//! the request, so "My requests" is one query and a check of ownership one read.

use helpdesk_shared::TicketNumber;
use helpdesk_shared::api::{TicketSummary, TicketView};
use helpdesk_shared::auth::Contact;

use super::status::Looked;
use super::{TicketError, TicketRecord, Tickets};
use crate::ids::sha256_hex;
use crate::store::{Cond, Index, Item, Query, SkRange, StoreError, Write};

pub(crate) fn owner_pk(contact: &Contact) -> String {
    owner_pk_of(contact.as_str())
}

/// `owner_pk` of a contact as stored (`Contact::as_str`, e.g. a chat's citizen).
pub(crate) fn owner_pk_of(contact: &str) -> String {
    format!("CIT#{}", sha256_hex(&[contact.as_bytes()]))
}

fn owner_sk(number: &str) -> String {
    format!("T#{number}")
}

/// Most requests one person can list; beyond it the oldest are left out.
const MINE_MAX: usize = 500;
/// Requests read at once for "My requests".
const MINE_PARALLEL: usize = 8;

impl TicketRecord {
    /// The contacts the request names, normalised as sign-in contacts.
    pub fn contacts(&self) -> Vec<Contact> {
        let phone = self.phone.as_deref().and_then(|p| Contact::parse(p).ok());
        let email = self.email.as_deref().and_then(|e| Contact::parse(e).ok());
        phone.into_iter().chain(email).collect()
    }

    pub fn summary(&self) -> TicketSummary {
        TicketSummary {
            number: TicketNumber::parse(&self.number)
                .map(|n| n.display())
                .unwrap_or_else(|_| self.number.clone()),
            category: self.category,
            subject: self.subject.clone(),
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            expected_by: self.expected_by,
        }
    }
}

/// The owner items of a new request: its own contacts and the signed-in submitter's.
pub(super) fn owner_writes(record: &TicketRecord, signed_in: Option<&Contact>) -> Vec<Write> {
    let mut contacts = record.contacts();
    if let Some(c) = signed_in
        && !contacts.contains(c)
    {
        contacts.push(c.clone());
    }
    contacts
        .iter()
        .map(|c| {
            let body = serde_json::json!({ "created_at": record.created_at.unix_timestamp() });
            Write::put(
                Item::new(owner_pk(c), owner_sk(&record.number), body),
                Cond::Always,
            )
        })
        .collect()
}

impl Tickets {
    /// Opens a request the contact owns; someone else's and an unknown number alike are
    /// `NotFound`.
    pub async fn open_owned(&self, contact: &Contact, number: &str) -> Result<Looked, TicketError> {
        let number = TicketNumber::parse(number)
            .map_err(|e| TicketError::Validation(vec![e.at("number")]))?;
        let key = number.key();
        if self
            .store
            .get(&owner_pk(contact), &owner_sk(&key))
            .await?
            .is_none()
        {
            return Err(TicketError::NotFound);
        }
        let item = self
            .store
            .get(&TicketRecord::pk(&key), TicketRecord::SK)
            .await?
            .ok_or(TicketError::NotFound)?;
        let record = item.decode()?;
        Ok(Looked { item, record })
    }

    pub async fn view_owned(
        &self,
        contact: &Contact,
        number: &str,
    ) -> Result<TicketView, TicketError> {
        let looked = self.open_owned(contact, number).await?;
        self.view(&looked.record).await
    }

    /// The contact's requests, newest first.
    pub async fn mine(&self, contact: &Contact) -> Result<Vec<TicketSummary>, TicketError> {
        let mut q = Query::new(
            Index::Table,
            owner_pk(contact),
            SkRange::Prefix("T#".into()),
        );
        q.limit = 100;
        let mut numbers = Vec::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            numbers.extend(
                page.items
                    .iter()
                    .filter_map(|i| i.sk.strip_prefix("T#").map(str::to_owned)),
            );
            match page.cursor {
                Some(c) if numbers.len() < MINE_MAX => q.cursor = Some(c),
                _ => break,
            }
        }
        // Read side by side, a few at a time: one round trip each, not one after another.
        let mut out = Vec::with_capacity(numbers.len());
        for chunk in numbers.chunks(MINE_PARALLEL) {
            let mut reads = tokio::task::JoinSet::new();
            for number in chunk {
                let (store, number) = (self.store.clone(), number.clone());
                reads.spawn(async move {
                    let got = store
                        .get(&TicketRecord::pk(&number), TicketRecord::SK)
                        .await;
                    (number, got)
                });
            }
            while let Some(joined) = reads.join_next().await {
                let (number, got) = joined.map_err(|e| StoreError::Unavailable(e.to_string()))?;
                match got? {
                    Some(item) => out.push(item.decode::<TicketRecord>()?.summary()),
                    None => {
                        return Err(StoreError::Corrupt(format!(
                            "owner item of missing request {number}"
                        ))
                        .into());
                    }
                }
            }
        }
        out.sort_by_key(|t| std::cmp::Reverse(t.created_at));
        Ok(out)
    }
}
