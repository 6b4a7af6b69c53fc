//! Canned responses: ready texts in Russian and English that staff insert into replies.
//! Admins edit them; the local server seeds a few.

use helpdesk_shared::validate::Message;
use helpdesk_shared::workspace::CannedResponse;
use helpdesk_shared::{FieldCode, FieldError};

use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

const PK: &str = "CANNED";

/// Every field checked: the id's shape, titles 2–100 characters, texts as messages.
pub fn check(c: &CannedResponse) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let id_ok = (1..=40).contains(&c.id.len())
        && c.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        errors.push(FieldError::new("id", FieldCode::UnknownValue));
    }
    for (field, title) in [("title_ru", &c.title_ru), ("title_en", &c.title_en)] {
        let n = title.trim().chars().count();
        if n < 2 {
            errors.push(FieldError::with_limit(field, FieldCode::TooShort, 2));
        } else if n > 100 {
            errors.push(FieldError::with_limit(field, FieldCode::TooLong, 100));
        }
    }
    for (field, text) in [("text_ru", &c.text_ru), ("text_en", &c.text_en)] {
        if let Err(e) = Message::parse(text) {
            errors.push(e.at(field));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub async fn list(store: &dyn KvStore) -> Result<Vec<CannedResponse>, StoreError> {
    let page = store
        .query(Query::new(Index::Table, PK, SkRange::All))
        .await?;
    page.items.iter().map(Item::decode).collect()
}

pub async fn put(store: &dyn KvStore, c: &CannedResponse) -> Result<(), StoreError> {
    store
        .put(
            Item::new(
                PK,
                c.id.clone(),
                serde_json::to_value(c).unwrap_or_default(),
            ),
            Cond::Always,
        )
        .await
}

/// Whether there was one to delete.
pub async fn delete(store: &dyn KvStore, id: &str) -> Result<bool, StoreError> {
    if store.get(PK, id).await?.is_none() {
        return Ok(false);
    }
    store
        .transact(vec![Write::Delete {
            pk: PK.into(),
            sk: id.into(),
            cond: Cond::Always,
        }])
        .await?;
    Ok(true)
}

/// A few common answers for the local server, created when there are none.
pub async fn seed(store: &dyn KvStore) -> Result<(), StoreError> {
    if !list(store).await?.is_empty() {
        return Ok(());
    }
    let seeds = [
        (
            "sms-code",
            "Не приходит СМС-код",
            "SMS code does not arrive",
            "Проверьте, что номер телефона в профиле указан верно, и что на телефоне не включена блокировка коротких номеров. Повторный код можно запросить через 60 секунд.",
            "Check that the phone number in your profile is right and that short numbers are not blocked on your phone. You can ask for a new code after 60 seconds.",
        ),
        (
            "need-documents",
            "Нужны документы",
            "Documents needed",
            "Для рассмотрения обращения приложите, пожалуйста, скан или фото документа, удостоверяющего личность (страница с фотографией).",
            "To consider your request, please attach a scan or photo of your identity document (the page with the photo).",
        ),
        (
            "mfc",
            "Обратиться в МФЦ",
            "Visit an MFC office",
            "Эту услугу можно получить лично в любом МФЦ. Адреса и часы работы — на странице «Контакты».",
            "You can get this service in person at any MFC office. Addresses and hours are on the Contacts page.",
        ),
    ];
    for (id, title_ru, title_en, text_ru, text_en) in seeds {
        put(
            store,
            &CannedResponse {
                id: id.into(),
                title_ru: title_ru.into(),
                title_en: title_en.into(),
                text_ru: text_ru.into(),
                text_en: text_en.into(),
            },
        )
        .await?;
    }
    Ok(())
}
