//! Every visible string, in Russian and English. Keys are checked: both catalogs have
//! the same keys (a test), and a missing key shows itself as the key.

mod account;
mod admin;
mod fields;
mod workspace;

pub use fields::field_message;

/// A message with its `{n}` filled in.
pub fn tn(lang: Lang, key: &str, n: u64) -> String {
    t(lang, key).replace("{n}", &n.to_string())
}
use helpdesk_shared::Lang;

pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or_else(|| {
        leptos::logging::warn!("missing message {key}");
        "…"
    })
}

/// The message for `key`, if there is one (for codes from the server that a catalog
/// may not know yet).
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let catalogs = match lang {
        Lang::Ru => [RU, account::RU, workspace::RU, admin::RU],
        Lang::En => [EN, account::EN, workspace::EN, admin::EN],
    };
    catalogs
        .iter()
        .flat_map(|c| c.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

const RU: &[(&str, &str)] = &[
    ("site.name", "Служба поддержки Госуслуг"),
    ("site.skip", "Перейти к содержанию"),
    ("nav.label", "Основное меню"),
    ("nav.home", "Главная"),
    ("nav.submit", "Подать обращение"),
    ("nav.status", "Проверить статус"),
    ("prefs.language", "Язык"),
    ("prefs.font", "Размер шрифта"),
    ("prefs.font.normal", "Обычный размер шрифта"),
    ("prefs.font.large", "Крупный шрифт"),
    ("prefs.font.huge", "Очень крупный шрифт"),
    ("home.title", "Чем мы можем помочь?"),
    (
        "home.lead",
        "Здесь можно подать обращение или жалобу, получить номер и следить за ответом. Мы отвечаем на обращения в течение 48 часов.",
    ),
    ("home.actions", "Быстрые действия"),
    ("home.action.submit", "Подать обращение"),
    (
        "home.action.submit.hint",
        "Вопрос, жалоба или предложение — с документами",
    ),
    ("home.action.status", "Проверить статус"),
    (
        "home.action.status.hint",
        "По номеру обращения и коду доступа",
    ),
    ("home.action.chat", "Чат с оператором"),
    ("home.action.faq", "Частые вопросы"),
    ("home.action.appointment", "Запись на приём"),
    ("home.soon", "скоро"),
    ("home.categories", "Темы обращений"),
    ("home.contacts", "Контакты"),
    (
        "home.hotline",
        "Горячая линия (бесплатно по России, круглосуточно)",
    ),
    ("home.hours", "Часы работы операторов (московское время)"),
    ("home.hours.weekdays", "Понедельник — пятница"),
    ("home.hours.saturday", "Суббота"),
    ("home.hours.sunday", "Воскресенье и праздники"),
    (
        "home.hours.note",
        "В другое время на вопросы отвечает бот, а обращения рассматриваются в ближайший рабочий день.",
    ),
    ("submit.title", "Подать обращение"),
    (
        "submit.lead",
        "Поля, отмеченные звёздочкой (*), обязательны. Введённые данные сохраняются на этом устройстве, пока вы не отправите обращение.",
    ),
    ("submit.about", "О чём обращение"),
    ("submit.you", "Ваши данные"),
    ("submit.category", "Тема обращения *"),
    ("submit.category.choose", "Выберите тему"),
    ("submit.subject", "Кратко о вопросе *"),
    (
        "submit.subject.hint",
        "Например: Не приходит СМС-код при входе",
    ),
    ("submit.description", "Подробное описание *"),
    (
        "submit.description.hint",
        "Что произошло, когда, что вы уже пробовали сделать. Не менее 20 символов.",
    ),
    ("submit.full_name", "Фамилия, имя, отчество *"),
    ("submit.full_name.hint", "Например: Иванов Иван Иванович"),
    (
        "submit.contact.hint",
        "Укажите телефон, электронную почту или и то и другое — туда придут уведомления.",
    ),
    ("submit.phone", "Телефон"),
    ("submit.phone.hint", "Например: +7 912 345-67-89"),
    ("submit.email", "Электронная почта"),
    ("submit.email.hint", "Например: ivanov@mail.ru"),
    ("submit.snils", "СНИЛС (необязательно)"),
    ("submit.snils.hint", "11 цифр, например 112-233-445 95"),
    ("submit.inn", "ИНН (необязательно)"),
    ("submit.inn.hint", "12 цифр для физического лица"),
    (
        "submit.application_number",
        "Номер заявления на портале (необязательно)",
    ),
    (
        "submit.application_number.hint",
        "Если обращение касается поданного заявления",
    ),
    ("submit.files", "Документы (необязательно)"),
    (
        "submit.files.hint",
        "PDF, JPG или PNG, до 5 МБ каждый, не более 5 файлов",
    ),
    ("submit.files.choose", "Выбрать файлы"),
    ("submit.files.remove", "Удалить"),
    ("submit.files.uploading", "Загрузка"),
    (
        "submit.files.wait",
        "Дождитесь окончания загрузки файлов и отправьте обращение ещё раз.",
    ),
    (
        "submit.consent",
        "Я даю согласие на обработку персональных данных в соответствии с Федеральным законом № 152-ФЗ «О персональных данных» *",
    ),
    ("submit.send", "Отправить обращение"),
    ("submit.sending", "Отправляем…"),
    ("submit.clear", "Очистить форму"),
    ("errors.title", "Исправьте, пожалуйста, ошибки"),
    (
        "errors.network",
        "Не удалось связаться с сервером. Ваши данные сохранены — попробуйте отправить ещё раз.",
    ),
    (
        "errors.server",
        "Сервис временно недоступен. Ваши данные сохранены — попробуйте ещё раз через минуту.",
    ),
    (
        "errors.rate",
        "Слишком много запросов. Подождите минуту и попробуйте снова.",
    ),
    (
        "errors.too_large",
        "Слишком большой объём данных. Сократите текст.",
    ),
    (
        "errors.upload",
        "Файл не загрузился из-за сбоя связи или сервера — удалите его и выберите снова.",
    ),
    (
        "errors.closed",
        "Обращение закрыто. Если вопрос остался, подайте новое обращение.",
    ),
    ("done.title", "Обращение принято"),
    ("done.number", "Номер обращения"),
    ("done.code", "Код доступа"),
    (
        "done.keep",
        "Сохраните номер и код доступа: они нужны, чтобы узнать статус и дополнить обращение. Код больше нигде не показывается.",
    ),
    ("done.copy", "Скопировать номер и код"),
    ("done.copied", "Скопировано"),
    ("done.expected", "Ответ ожидается до"),
    (
        "done.notified",
        "Мы сообщим об изменениях на указанные телефон или почту.",
    ),
    ("done.check", "Проверить статус"),
    (
        "done.missing",
        "Здесь показывается номер только что отправленного обращения. Чтобы узнать статус, воспользуйтесь проверкой статуса.",
    ),
    ("status.title", "Проверить статус обращения"),
    ("status.number", "Номер обращения"),
    ("status.number.hint", "9 цифр, например 123-456-789"),
    ("status.code", "Код доступа"),
    ("status.code.hint", "8 знаков, например ABCD-1234"),
    ("status.find", "Показать статус"),
    (
        "status.not_found",
        "Обращение не найдено. Проверьте номер и код доступа.",
    ),
    ("status.current", "Текущий статус"),
    ("status.expected", "Ответ ожидается до"),
    ("status.updated", "Обновлено"),
    ("status.history", "История"),
    ("status.created", "Обращение получено"),
    ("status.changed", "Статус изменён"),
    ("status.you_wrote", "Вы дополнили обращение"),
    ("status.staff", "Ответ оператора"),
    ("status.add", "Дополнить обращение"),
    ("status.message", "Сообщение"),
    (
        "status.message.hint",
        "Что нового, ответ на вопрос оператора",
    ),
    ("status.send", "Отправить"),
    ("status.sent", "Информация добавлена к обращению."),
    ("status.other", "Проверить другое обращение"),
    ("status.msk", "МСК"),
    ("outbox.title", "Исходящие уведомления (режим разработки)"),
    (
        "outbox.lead",
        "Так выглядят СМС и письма, которые получил бы заявитель. Страница есть только в локальном режиме.",
    ),
    ("outbox.empty", "Пока ничего не отправлено."),
    ("outbox.refresh", "Обновить"),
    ("notfound.title", "Страница не найдена"),
    ("notfound.home", "На главную"),
    ("footer.hotline", "Горячая линия"),
];

const EN: &[(&str, &str)] = &[
    ("site.name", "Public Services Help Desk"),
    ("site.skip", "Skip to content"),
    ("nav.label", "Main menu"),
    ("nav.home", "Home"),
    ("nav.submit", "Submit a request"),
    ("nav.status", "Check status"),
    ("prefs.language", "Language"),
    ("prefs.font", "Text size"),
    ("prefs.font.normal", "Normal text size"),
    ("prefs.font.large", "Large text"),
    ("prefs.font.huge", "Very large text"),
    ("home.title", "How can we help?"),
    (
        "home.lead",
        "Submit a request or complaint, get its number and follow the answer. We answer requests within 48 hours.",
    ),
    ("home.actions", "Quick actions"),
    ("home.action.submit", "Submit a request"),
    (
        "home.action.submit.hint",
        "A question, complaint or suggestion, with documents",
    ),
    ("home.action.status", "Check status"),
    (
        "home.action.status.hint",
        "With the request number and access code",
    ),
    ("home.action.chat", "Chat with an operator"),
    ("home.action.faq", "Frequent questions"),
    ("home.action.appointment", "Book an appointment"),
    ("home.soon", "coming soon"),
    ("home.categories", "What requests are about"),
    ("home.contacts", "Contacts"),
    ("home.hotline", "Hotline (free within Russia, 24/7)"),
    ("home.hours", "Operator hours (Moscow time)"),
    ("home.hours.weekdays", "Monday to Friday"),
    ("home.hours.saturday", "Saturday"),
    ("home.hours.sunday", "Sunday and public holidays"),
    (
        "home.hours.note",
        "At other times the bot answers questions, and requests are handled on the next working day.",
    ),
    ("submit.title", "Submit a request"),
    (
        "submit.lead",
        "Fields marked with an asterisk (*) are required. What you type is kept on this device until you send the request.",
    ),
    ("submit.about", "What it is about"),
    ("submit.you", "About you"),
    ("submit.category", "Topic *"),
    ("submit.category.choose", "Choose a topic"),
    ("submit.subject", "Subject *"),
    (
        "submit.subject.hint",
        "For example: No SMS code arrives when I sign in",
    ),
    ("submit.description", "Description *"),
    (
        "submit.description.hint",
        "What happened, when, and what you have tried. At least 20 characters.",
    ),
    ("submit.full_name", "Full name *"),
    (
        "submit.full_name.hint",
        "For example: Ivanov Ivan Ivanovich",
    ),
    (
        "submit.contact.hint",
        "Give a phone number, an e-mail address, or both: notifications go there.",
    ),
    ("submit.phone", "Phone"),
    ("submit.phone.hint", "For example: +7 912 345-67-89"),
    ("submit.email", "E-mail"),
    ("submit.email.hint", "For example: ivanov@mail.ru"),
    ("submit.snils", "SNILS (optional)"),
    ("submit.snils.hint", "11 digits, for example 112-233-445 95"),
    ("submit.inn", "INN (optional)"),
    ("submit.inn.hint", "12 digits for a person"),
    (
        "submit.application_number",
        "Portal application number (optional)",
    ),
    (
        "submit.application_number.hint",
        "If the request is about an application you submitted",
    ),
    ("submit.files", "Documents (optional)"),
    (
        "submit.files.hint",
        "PDF, JPG or PNG, up to 5 MB each, at most 5 files",
    ),
    ("submit.files.choose", "Choose files"),
    ("submit.files.remove", "Remove"),
    ("submit.files.uploading", "Uploading"),
    (
        "submit.files.wait",
        "Wait until the files finish uploading, then send again.",
    ),
    (
        "submit.consent",
        "I consent to the processing of my personal data under Federal Law No. 152-FZ \"On Personal Data\" *",
    ),
    ("submit.send", "Send request"),
    ("submit.sending", "Sending…"),
    ("submit.clear", "Clear the form"),
    ("errors.title", "Please fix the following"),
    (
        "errors.network",
        "Could not reach the server. What you typed is kept: try sending again.",
    ),
    (
        "errors.server",
        "The service is temporarily unavailable. What you typed is kept: try again in a minute.",
    ),
    (
        "errors.rate",
        "Too many requests. Wait a minute and try again.",
    ),
    (
        "errors.too_large",
        "Too much data at once. Shorten the text.",
    ),
    (
        "errors.upload",
        "The file did not upload because of a connection or server failure: remove it and choose it again.",
    ),
    (
        "errors.closed",
        "This request is closed. If you still need help, submit a new request.",
    ),
    ("done.title", "Request received"),
    ("done.number", "Request number"),
    ("done.code", "Access code"),
    (
        "done.keep",
        "Keep the number and the access code: you need them to check the status and add information. The code is not shown anywhere else.",
    ),
    ("done.copy", "Copy number and code"),
    ("done.copied", "Copied"),
    ("done.expected", "Expect an answer by"),
    (
        "done.notified",
        "We will tell you about every change by phone or e-mail.",
    ),
    ("done.check", "Check status"),
    (
        "done.missing",
        "This page shows the number of a request just sent. To see a request's status, use Check status.",
    ),
    ("status.title", "Check the status of a request"),
    ("status.number", "Request number"),
    ("status.number.hint", "9 digits, for example 123-456-789"),
    ("status.code", "Access code"),
    ("status.code.hint", "8 characters, for example ABCD-1234"),
    ("status.find", "Show status"),
    (
        "status.not_found",
        "No request found. Check the number and the access code.",
    ),
    ("status.current", "Current status"),
    ("status.expected", "Expect an answer by"),
    ("status.updated", "Updated"),
    ("status.history", "History"),
    ("status.created", "Request received"),
    ("status.changed", "Status changed"),
    ("status.you_wrote", "You added information"),
    ("status.staff", "Operator's reply"),
    ("status.add", "Add information"),
    ("status.message", "Message"),
    (
        "status.message.hint",
        "What is new, or your answer to the operator",
    ),
    ("status.send", "Send"),
    ("status.sent", "The information was added to your request."),
    ("status.other", "Check another request"),
    ("status.msk", "Moscow time"),
    ("outbox.title", "Outgoing notifications (development)"),
    (
        "outbox.lead",
        "The SMS and e-mails a citizen would receive. This page exists only in local mode.",
    ),
    ("outbox.empty", "Nothing sent yet."),
    ("outbox.refresh", "Refresh"),
    ("notfound.title", "Page not found"),
    ("notfound.home", "Go to the home page"),
    ("footer.hotline", "Hotline"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let ru: Vec<&str> = RU
            .iter()
            .chain(account::RU)
            .chain(workspace::RU)
            .chain(admin::RU)
            .map(|(k, _)| *k)
            .collect();
        let en: Vec<&str> = EN
            .iter()
            .chain(account::EN)
            .chain(workspace::EN)
            .chain(admin::EN)
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(ru, en);
        let mut sorted = ru.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ru.len(), "duplicate keys");
    }
}
