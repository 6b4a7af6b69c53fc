//! Canned responses: ready texts in Russian and English that staff insert into replies.
//! Admins edit them (checked by `CannedResponse::check`); the local server seeds a few.

use helpdesk_shared::workspace::CannedResponse;

use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

const PK: &str = "CANNED";

pub async fn list(store: &dyn KvStore) -> Result<Vec<CannedResponse>, StoreError> {
    let page = store
        .query(Query::new(Index::Table, PK, SkRange::All))
        .await?;
    page.items.iter().map(Item::decode).collect()
}

/// Saves `c`, replacing the one with its id unless `create_only`; false when
/// `create_only` and the id is taken.
pub async fn put(
    store: &dyn KvStore,
    c: &CannedResponse,
    create_only: bool,
) -> Result<bool, StoreError> {
    let item = Item::new(PK, c.id.clone(), crate::store::body(c));
    let cond = if create_only {
        Cond::Absent
    } else {
        Cond::Always
    };
    match store.put(item, cond).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e),
    }
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
            "Эту услугу можно получить лично в любом МФЦ. Адрес и часы работы ближайшего МФЦ подскажут по горячей линии 8 800 555-35-35 (бесплатно, круглосуточно).",
            "You can get this service in person at any MFC office. The hotline 8 800 555-35-35 (free, day and night) will tell you the nearest office's address and hours.",
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
            false,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RedbStore;

    #[tokio::test]
    async fn the_seeded_answers_point_only_to_what_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = RedbStore::open(&dir.path().join("c.redb")).expect("open");
        seed(&store).await.expect("seed");
        let all = list(&store).await.expect("list");
        assert_eq!(all.len(), 3);
        for c in all {
            // No page of contacts exists yet: an answer must not send people to one.
            for text in [&c.text_ru, &c.text_en] {
                assert!(
                    !text.contains("«Контакты»") && !text.contains("Contacts page"),
                    "{}: {text}",
                    c.id
                );
            }
        }
    }
}
