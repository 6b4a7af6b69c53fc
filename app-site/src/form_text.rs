//! The request form's texts: the form page (pre-rendered by the build, made to work by
//! its own module, `app-form`) and the parts of it the Leptos app shares (the file
//! picker of "add information", the error summary, the banner's wait).

use helpdesk_shared::Lang;

helpdesk_shared::messages! {
    /// The request form, and the errors every form shares.
    pub enum Form {
        SubmitTitle =>
            "Подать обращение"
            | "Submit a request",
        SubmitLead =>
            "Поля, отмеченные звёздочкой (*), обязательны. Введённые данные сохраняются на этом устройстве, пока вы не отправите обращение."
            | "Fields marked with an asterisk (*) are required. What you type is kept on this device until you send the request.",
        SubmitAbout =>
            "О чём обращение"
            | "What it is about",
        SubmitYou =>
            "Ваши данные"
            | "About you",
        SubmitCategory =>
            "Тема обращения *"
            | "Topic *",
        SubmitCategoryChoose =>
            "Выберите тему"
            | "Choose a topic",
        SubmitSubject =>
            "Кратко о вопросе *"
            | "Subject *",
        SubmitSubjectHint =>
            "Например: Не приходит СМС-код при входе"
            | "For example: No SMS code arrives when I sign in",
        SubmitDescription =>
            "Подробное описание *"
            | "Description *",
        SubmitDescriptionHint =>
            "Что произошло, когда, что вы уже пробовали сделать. Не менее 20 символов."
            | "What happened, when, and what you have tried. At least 20 characters.",
        SubmitFullName =>
            "Фамилия, имя, отчество *"
            | "Full name *",
        SubmitFullNameHint =>
            "Например: Иванов Иван Иванович"
            | "For example: Ivanov Ivan Ivanovich",
        SubmitContactHint =>
            "Укажите телефон, электронную почту или и то и другое — туда придут уведомления."
            | "Give a phone number, an e-mail address, or both: notifications go there.",
        SubmitPhone =>
            "Телефон"
            | "Phone",
        SubmitPhoneHint =>
            "Например: +7 912 345-67-89"
            | "For example: +7 912 345-67-89",
        SubmitEmail =>
            "Электронная почта"
            | "E-mail",
        SubmitEmailHint =>
            "Например: ivanov@mail.ru"
            | "For example: ivanov@mail.ru",
        SubmitSnils =>
            "СНИЛС (необязательно)"
            | "SNILS (optional)",
        SubmitSnilsHint =>
            "11 цифр, например 112-233-445 95"
            | "11 digits, for example 112-233-445 95",
        SubmitInn =>
            "ИНН (необязательно)"
            | "INN (optional)",
        SubmitInnHint =>
            "12 цифр для физического лица"
            | "12 digits for a person",
        SubmitApplicationNumber =>
            "Номер заявления на портале (необязательно)"
            | "Portal application number (optional)",
        SubmitApplicationNumberHint =>
            "Если обращение касается поданного заявления"
            | "If the request is about an application you submitted",
        SubmitFiles =>
            "Документы (необязательно)"
            | "Documents (optional)",
        SubmitFilesHint =>
            "PDF, JPG или PNG, до 5 МБ каждый, не более 5 файлов"
            | "PDF, JPG or PNG, up to 5 MB each, at most 5 files",
        SubmitFilesChoose =>
            "Выбрать файлы"
            | "Choose files",
        SubmitFilesRemove =>
            "Удалить"
            | "Remove",
        SubmitFilesUploading =>
            "Загрузка"
            | "Uploading",
        SubmitFilesWait =>
            "Дождитесь окончания загрузки файлов и отправьте обращение ещё раз."
            | "Wait until the files finish uploading, then send again.",
        SubmitConsent =>
            "Я даю согласие на обработку персональных данных в соответствии с Федеральным законом № 152-ФЗ «О персональных данных» *"
            | "I consent to the processing of my personal data under Federal Law No. 152-FZ \"On Personal Data\" *",
        SubmitSend =>
            "Отправить обращение"
            | "Send request",
        SubmitSending =>
            "Отправляем…"
            | "Sending…",
        SubmitClear =>
            "Очистить форму"
            | "Clear the form",
        SubmitCleared =>
            "Форма очищена."
            | "The form is cleared.",
        SubmitUndoClear =>
            "Вернуть введённое"
            | "Bring back what I typed",
        SubmitFilesTwice =>
            "Этот файл уже прикреплён"
            | "This file is already attached",
        SubmitFilesAttached =>
            "Прикреплённые файлы"
            | "Attached files",
        ErrorsTitle =>
            "Исправьте, пожалуйста, ошибки"
            | "Please fix the following",
        ErrorsRate =>
            "Слишком много запросов. Подождите минуту и попробуйте снова."
            | "Too many requests. Wait a minute and try again.",
        ErrorsTooLarge =>
            "Слишком большой объём данных. Сократите текст."
            | "Too much data at once. Shorten the text.",
        ErrorsUpload =>
            "Файл не загрузился из-за сбоя связи или сервера — удалите его и выберите снова."
            | "The file did not upload because of a connection or server failure: remove it and choose it again.",
        TopicLooksLike =>
            "Похоже, ваш вопрос относится к теме"
            | "Your question looks like the topic",
        TopicChoose =>
            "Выбрать эту тему"
            | "Choose this topic",
        TopicPicked =>
            "Выбрана тема"
            | "Topic chosen:",
    }
}

helpdesk_shared::counted! {
    /// The form's texts with a number, their noun agreeing with it.
    pub enum FormCount {
        RateSeconds =>
            ["Слишком много запросов. Попробуйте снова через {n} секунду", "Слишком много запросов. Попробуйте снова через {n} секунды", "Слишком много запросов. Попробуйте снова через {n} секунд"]
            | ["Too many requests. Try again in {n} second", "Too many requests. Try again in {n} seconds"],
        RateMinutes =>
            ["Слишком много запросов. Попробуйте снова через {n} минуту", "Слишком много запросов. Попробуйте снова через {n} минуты", "Слишком много запросов. Попробуйте снова через {n} минут"]
            | ["Too many requests. Try again in {n} minute", "Too many requests. Try again in {n} minutes"],
        SizeBytes =>
            ["{n} байт", "{n} байта", "{n} байт"]
            | ["{n} byte", "{n} bytes"],
        SizeKb =>
            ["{n} КБ", "{n} КБ", "{n} КБ"]
            | ["{n} KB", "{n} KB"],
        RateHours =>
            ["Слишком много запросов. Попробуйте снова через {n} час", "Слишком много запросов. Попробуйте снова через {n} часа", "Слишком много запросов. Попробуйте снова через {n} часов"]
            | ["Too many requests. Try again in {n} hour", "Too many requests. Try again in {n} hours"],
    }
}

/// "Too many requests" with the real wait the server asked for (`Retry-After`), in the
/// unit a person would use; the plain text when the server named none.
pub fn rate_text(lang: Lang, retry_after: Option<u64>) -> String {
    match retry_after {
        None | Some(0) => Form::ErrorsRate.text(lang).to_owned(),
        Some(s) if s < 60 => FormCount::RateSeconds.text(lang, s),
        Some(s) if s < 2 * 3600 => FormCount::RateMinutes.text(lang, s.div_ceil(60)),
        Some(s) => FormCount::RateHours.text(lang, s.div_ceil(3600)),
    }
}

/// A file's size as people read it: bytes, KB, or MB with one decimal.
pub fn file_size(lang: Lang, bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match bytes {
        0..1024 => FormCount::SizeBytes.text(lang, bytes),
        1024..MB => FormCount::SizeKb.text(lang, bytes.div_ceil(1024)),
        _ => {
            let shown = format!("{:.1}", bytes as f64 / MB as f64);
            match lang {
                Lang::Ru => format!("{} МБ", shown.replace('.', ",")),
                Lang::En => format!("{shown} MB"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_the_wait_the_server_asked_for() {
        assert_eq!(
            rate_text(Lang::Ru, Some(3352)),
            "Слишком много запросов. Попробуйте снова через 56 минут"
        );
        assert_eq!(
            rate_text(Lang::Ru, Some(42)),
            "Слишком много запросов. Попробуйте снова через 42 секунды"
        );
        assert_eq!(
            rate_text(Lang::En, Some(3 * 3600)),
            "Too many requests. Try again in 3 hours"
        );
        assert_eq!(
            rate_text(Lang::Ru, Some(7201)),
            rate_text(Lang::Ru, Some(3 * 3600))
        );
        assert_eq!(rate_text(Lang::En, None), Form::ErrorsRate.text(Lang::En));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(file_size(Lang::Ru, 52), "52 байта");
        assert_eq!(file_size(Lang::En, 2048), "2 KB");
        assert_eq!(file_size(Lang::Ru, 5 * 1024 * 1024 / 2), "2,5 МБ");
    }
}
