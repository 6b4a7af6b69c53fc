//! Submitting a request, with `Idempotency-Key` replays.

use helpdesk_shared::api::{SubmitTicketRequest, SubmitTicketResponse, TimelineEvent};
use helpdesk_shared::auth::Contact;
use helpdesk_shared::report::Channel;
use helpdesk_shared::ticket::NewTicket;
use helpdesk_shared::{AccessCode, Level, Status, TicketNumber};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{TicketError, TicketRecord, Tickets, entry, event, hash_code, new_salt, timeline_item};
use crate::events::{EventKind, pending_item, publish_all};
use crate::ids::{hex, random_u32, random_u64, sha256, sha256_hex};
use crate::store::{Cond, Item, StoreError, Write};

/// How long a retry with the same key returns the same request.
const IDEMPOTENCY_TTL_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    pub response: SubmitTicketResponse,
    /// True when this answers a retry of an earlier submission.
    pub replayed: bool,
}

/// What a retry needs to give the same answer. The access code is stored encrypted with
/// a pad derived from the key itself, which only the client knows; the key is stored
/// hashed. So the store never holds a usable access code.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdempotencyRecord {
    request_hash: String,
    number: String,
    code_sealed: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expected_by: OffsetDateTime,
}

/// A client's idempotency key: 16–128 characters of letters, digits, `-`, `_`, `:`, `.`
/// (a UUID fits), so that it is hard to guess.
pub fn valid_idempotency_key(key: &str) -> bool {
    (16..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

fn seal(key: &str, code: &str) -> String {
    let pad = sha256(&[b"helpdesk/idempotency/code:", key.as_bytes()]);
    hex(&code
        .bytes()
        .zip(pad)
        .map(|(c, p)| c ^ p)
        .collect::<Vec<u8>>())
}

fn unseal(key: &str, sealed: &str) -> Option<String> {
    let pad = sha256(&[b"helpdesk/idempotency/code:", key.as_bytes()]);
    let bytes = (0..sealed.len())
        .step_by(2)
        .map(|i| {
            sealed
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes.iter().zip(pad).map(|(c, p)| c ^ p).collect()).ok()
}

fn idem_pk(key: &str) -> String {
    format!("IDEM#{}", sha256_hex(&[key.as_bytes()]))
}

impl Tickets {
    pub async fn submit(
        &self,
        req: &SubmitTicketRequest,
        idempotency_key: Option<&str>,
        signed_in: Option<&Contact>,
    ) -> Result<Submitted, TicketError> {
        self.submit_by(Channel::Form, req, idempotency_key, signed_in)
            .await
    }

    /// As `submit`, for a request that arrived by `channel` (a chat made into one).
    pub async fn submit_by(
        &self,
        channel: Channel,
        req: &SubmitTicketRequest,
        idempotency_key: Option<&str>,
        signed_in: Option<&Contact>,
    ) -> Result<Submitted, TicketError> {
        let request_hash = sha256_hex(&[crate::store::body(req).text().as_bytes()]);
        if let Some(key) = idempotency_key
            && let Some(done) = self.replay(key, &request_hash).await?
        {
            return Ok(done);
        }
        let new = NewTicket::from_request(req).map_err(TicketError::Validation)?;
        let now = self.clock.now();
        let levels = self.levels.in_force().await?;
        let policy = levels.policy(new.category);
        let clocks = policy.start(now, &levels.calendar);
        let expected_by = clocks.resolve_by;

        // A fresh number collides with an existing one about once in 90 million; the
        // ticket's Absent condition catches it and we draw again.
        for _ in 0..5 {
            let number = TicketNumber::from_random(random_u32());
            let code = AccessCode::from_random(random_u64());
            let salt = new_salt();
            let (attachments, claims) = match self
                .attachments
                .claim(&new.attachments, &number.key(), "attachments")
                .await?
            {
                Ok(claimed) => claimed,
                Err(field) => return Err(TicketError::Validation(vec![field])),
            };
            let mut record = TicketRecord {
                number: number.key(),
                category: new.category,
                subject: new.subject.as_str().to_owned(),
                description: new.description.as_str().to_owned(),
                full_name: new.full_name.as_str().to_owned(),
                phone: new.phone.as_ref().map(|p| p.as_str().to_owned()),
                email: new.email.as_ref().map(|e| e.as_str().to_owned()),
                snils: new.snils.as_ref().map(|s| s.digits().to_owned()),
                inn: new.inn.as_ref().map(|i| i.digits().to_owned()),
                application_number: new
                    .application_number
                    .as_ref()
                    .map(|a| a.as_str().to_owned()),
                language: new.language.unwrap_or(self.default_language),
                status: Status::Received,
                level: Level::Operator,
                department: None,
                assignee: None,
                created_at: now,
                updated_at: now,
                expected_by,
                respond_by: clocks.respond_by,
                responded_at: None,
                paused_at: None,
                policy: Some(policy),
                first_late: false,
                remind_at: None,
                info_due: None,
                info_reminded: false,
                public_at: None,
                repeat_at: None,
                repeat_open: false,
                survey: None,
                survey_link_used: false,
                submitter: None,
                channel,
                measures: Default::default(),
                code_hash: hash_code(&salt, code.canonical()),
                code_salt: salt,
            };
            record.submitter = signed_in
                .filter(|c| !record.contacts().contains(c))
                .map(super::owner_pk);
            let mut created = entry(
                now,
                TimelineEvent::Created {
                    status: Status::Received,
                },
            );
            created.attachments = attachments;
            let created_event = event(&record.number, now, EventKind::TicketCreated);

            let mut writes = vec![
                Write::put(record.to_item(1), Cond::Absent),
                Write::put(timeline_item(&record.number, 0, &created), Cond::Absent),
                Write::put(pending_item(&created_event), Cond::Absent),
            ];
            let idem_index = writes.len();
            if let Some(key) = idempotency_key {
                let rec = IdempotencyRecord {
                    request_hash: request_hash.clone(),
                    number: record.number.clone(),
                    code_sealed: seal(key, code.canonical()),
                    created_at: now,
                    expected_by,
                };
                let mut item = Item::new(idem_pk(key), "IDEM", crate::store::body(&rec));
                item.expires_at = Some(now.unix_timestamp() + IDEMPOTENCY_TTL_SECS);
                writes.push(Write::put(item, Cond::Absent));
            }
            writes.extend(super::mine::owner_writes(&record, signed_in));
            writes.extend(super::derived_writes(None, &record));
            let claims_from = writes.len();
            writes.extend(claims);

            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(ticket = %record.number, category = record.category.code(), "ticket submitted");
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &[created_event]).await;
                    let response = SubmitTicketResponse {
                        number: number.display(),
                        access_code: code.display(),
                        status: Status::Received,
                        created_at: now,
                        expected_by,
                    };
                    return Ok(Submitted {
                        response,
                        replayed: false,
                    });
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(StoreError::ConditionFailed { index })
                    if index == idem_index && idempotency_key.is_some() =>
                {
                    // A concurrent retry with the same key won the race.
                    let key = idempotency_key.unwrap_or_default();
                    return self
                        .replay(key, &request_hash)
                        .await?
                        .ok_or(TicketError::Busy);
                }
                Err(StoreError::ConditionFailed { index }) if index >= claims_from => {
                    let field = helpdesk_shared::FieldError::new(
                        "attachments",
                        helpdesk_shared::FieldCode::AttachmentUnknown,
                    );
                    return Err(TicketError::Validation(vec![field]));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(TicketError::Busy)
    }

    /// The earlier answer for this key, if any; a mismatch if the body differs.
    async fn replay(
        &self,
        key: &str,
        request_hash: &str,
    ) -> Result<Option<Submitted>, TicketError> {
        let Some(item) = self.store.get(&idem_pk(key), "IDEM").await? else {
            return Ok(None);
        };
        let rec: IdempotencyRecord = item.decode()?;
        if rec.request_hash != request_hash {
            return Err(TicketError::IdempotencyMismatch);
        }
        let number = TicketNumber::parse(&rec.number)
            .map_err(|_| StoreError::Corrupt("idempotency number".into()))?;
        let code = unseal(key, &rec.code_sealed)
            .and_then(|c| AccessCode::parse(&c).ok())
            .ok_or_else(|| StoreError::Corrupt("idempotency code".into()))?;
        Ok(Some(Submitted {
            response: SubmitTicketResponse {
                number: number.display(),
                access_code: code.display(),
                status: Status::Received,
                created_at: rec.created_at,
                expected_by: rec.expected_by,
            },
            replayed: true,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_codes_open_only_with_their_key() {
        let key = "6f1c2a3b-0000-4000-8000-123456789abc";
        let sealed = seal(key, "ABCD1234");
        assert_ne!(sealed, hex(b"ABCD1234"));
        assert_eq!(unseal(key, &sealed).as_deref(), Some("ABCD1234"));
        assert_ne!(
            unseal("another-key-of-enough-length", &sealed).as_deref(),
            Some("ABCD1234")
        );
    }

    #[test]
    fn idempotency_keys_must_be_hard_to_guess() {
        assert!(valid_idempotency_key(
            "6f1c2a3b-0000-4000-8000-123456789abc"
        ));
        assert!(!valid_idempotency_key("1"));
        assert!(!valid_idempotency_key(&"a".repeat(129)));
        assert!(!valid_idempotency_key("key with spaces in it!!"));
    }
}
