//! What to tell a person about a refused field: what is wrong and how to fix it, in
//! both languages (the SPA and the browser modules say it the same way).

use crate::{FieldCode, Lang};

crate::counted! {
    /// A bound with its noun, in the genitive that "не менее/не более" takes.
    pub enum Bound {
        Chars => ["{n} символа", "{n} символов", "{n} символов"] | ["{n} character", "{n} characters"],
        Files => ["{n} файла", "{n} файлов", "{n} файлов"] | ["{n} file", "{n} files"],
    }
}

/// Field messages are built from the field's name, the code and the bound rather than
/// keyed one by one: the same code reads the same way on every form, and a form gets its
/// messages by naming its fields.
fn field_name(lang: Lang, field: &str) -> &'static str {
    match (lang, field) {
        (Lang::Ru, "subject") => "Кратко о вопросе",
        (Lang::Ru, "description") => "Описание",
        (Lang::Ru, "full_name") => "ФИО",
        (Lang::Ru, "message" | "repeat_message") => "Сообщение",
        (Lang::Ru, "contact") => "Телефон или электронная почта",
        (Lang::Ru, "code") => "Код из сообщения",
        (Lang::Ru, "app_code") => "Код из приложения",
        (Lang::Ru, "recovery_code") => "Резервный код",
        (Lang::Ru, "login") => "Логин",
        (Lang::Ru, "password") => "Пароль",
        (Lang::Ru, "text") => "Текст",
        (Lang::Ru, "answer") => "Ответ",
        (Lang::Ru, "reason") => "Причина",
        (Lang::Ru, "alternatives") => "Что может сделать гражданин",
        (Lang::Ru, "id") => "Код шаблона",
        (Lang::Ru, "title_ru") => "Название по-русски",
        (Lang::Ru, "title_en") => "Название по-английски",
        (Lang::Ru, "text_ru") => "Текст по-русски",
        (Lang::Ru, "text_en") => "Текст по-английски",
        (Lang::Ru, "assignee") => "Сотрудник",
        (Lang::Ru, "slug") => "Адрес статьи",
        (Lang::Ru, "topic") => "Тема",
        (Lang::Ru, "ru.title") => "Заголовок по-русски",
        (Lang::Ru, "ru.answer") => "Краткий ответ по-русски",
        (Lang::Ru, "ru.steps") => "Что делать, по-русски",
        (Lang::Ru, "ru.asks") => "Как спрашивают, по-русски",
        (Lang::Ru, "en.title") => "Заголовок по-английски",
        (Lang::Ru, "en.answer") => "Краткий ответ по-английски",
        (Lang::Ru, "en.steps") => "Что делать, по-английски",
        (Lang::Ru, "en.asks") => "Как спрашивают, по-английски",
        (Lang::Ru, "related") => "Читайте также",
        (Lang::Ru, "first_response") => "Срок первого ответа",
        (Lang::Ru, "resolution") => "Срок решения",
        (Lang::Ru, "remind_hours") => "Напоминать каждые, ч",
        (Lang::Ru, "date") => "Дата",
        (Lang::Ru, "csat") => "Оценка решения",
        (Lang::Ru, "first_reply_seconds") => "Первый ответ в чате, секунд",
        (Lang::Ru, "nps") => "Готовность рекомендовать",
        (Lang::Ru, "comment") => "Комментарий",
        (Lang::Ru, "from") => "Начало периода",
        (Lang::Ru, "to") => "Конец периода",
        (Lang::Ru, "quiet_from") => "Тихие часы с",
        (Lang::Ru, "quiet_to") => "Тихие часы до",
        (Lang::Ru, "address_ru") => "Адрес по-русски",
        (Lang::Ru, "address_en") => "Адрес по-английски",
        (Lang::Ru, "access_ru") => "Доступная среда, по-русски",
        (Lang::Ru, "access_en") => "Доступная среда, по-английски",
        (Lang::Ru, "bring_ru") => "Что взять с собой, по-русски",
        (Lang::Ru, "bring_en") => "Что взять с собой, по-английски",
        (Lang::Ru, "office_id") => "Код офиса",
        (Lang::Ru, "service_id") => "Код услуги",
        (Lang::Ru, "exceptions") => "Особые дни",
        (Lang::Ru, "slot_minutes") => "Длительность приёма, минут",
        (Lang::Ru, "windows") => "Окна приёма",
        (Lang::Ru, "services") => "Услуги",
        (Lang::Ru, _) => "Поле",
        (Lang::En, "slug") => "Article address",
        (Lang::En, "topic") => "Topic",
        (Lang::En, "ru.title") => "Title in Russian",
        (Lang::En, "ru.answer") => "Short answer in Russian",
        (Lang::En, "ru.steps") => "What to do, in Russian",
        (Lang::En, "ru.asks") => "How people ask, in Russian",
        (Lang::En, "en.title") => "Title in English",
        (Lang::En, "en.answer") => "Short answer in English",
        (Lang::En, "en.steps") => "What to do, in English",
        (Lang::En, "en.asks") => "How people ask, in English",
        (Lang::En, "related") => "Read next",
        (Lang::En, "first_response") => "First response within",
        (Lang::En, "resolution") => "Resolution within",
        (Lang::En, "remind_hours") => "Remind every (hours)",
        (Lang::En, "date") => "Date",
        (Lang::En, "csat") => "Rating of the outcome",
        (Lang::En, "first_reply_seconds") => "First reply in the chat, seconds",
        (Lang::En, "nps") => "Likelihood to recommend",
        (Lang::En, "comment") => "Comment",
        (Lang::En, "subject") => "Subject",
        (Lang::En, "description") => "Description",
        (Lang::En, "full_name") => "Full name",
        (Lang::En, "message" | "repeat_message") => "Message",
        (Lang::En, "contact") => "Phone or e-mail",
        (Lang::En, "code") => "Code from the message",
        (Lang::En, "app_code") => "Code from the app",
        (Lang::En, "recovery_code") => "Recovery code",
        (Lang::En, "login") => "Login",
        (Lang::En, "password") => "Password",
        (Lang::En, "text") => "Text",
        (Lang::En, "answer") => "Answer",
        (Lang::En, "reason") => "Reason",
        (Lang::En, "alternatives") => "What the citizen can do",
        (Lang::En, "id") => "Template code",
        (Lang::En, "title_ru") => "Russian title",
        (Lang::En, "title_en") => "English title",
        (Lang::En, "text_ru") => "Russian text",
        (Lang::En, "text_en") => "English text",
        (Lang::En, "assignee") => "Staff member",
        (Lang::En, "from") => "Start of the range",
        (Lang::En, "to") => "End of the range",
        (Lang::En, "quiet_from") => "Quiet hours from",
        (Lang::En, "quiet_to") => "Quiet hours until",
        (Lang::En, "address_ru") => "Address in Russian",
        (Lang::En, "address_en") => "Address in English",
        (Lang::En, "access_ru") => "Accessibility, in Russian",
        (Lang::En, "access_en") => "Accessibility, in English",
        (Lang::En, "bring_ru") => "What to bring, in Russian",
        (Lang::En, "bring_en") => "What to bring, in English",
        (Lang::En, "office_id") => "Office code",
        (Lang::En, "service_id") => "Service code",
        (Lang::En, "exceptions") => "Special days",
        (Lang::En, "slot_minutes") => "Visit length, minutes",
        (Lang::En, "windows") => "Windows",
        (Lang::En, "services") => "Services",
        (Lang::En, _) => "This field",
    }
}

/// A report's range refused: a start after today, an end before the start, or too long.
fn range_message(lang: Lang, field: &str, limit: Option<u32>) -> String {
    match (lang, field, limit) {
        (Lang::Ru, "from", Some(n)) => {
            format!("Период — не длиннее {n} дней: сдвиньте начало ближе к концу")
        }
        (Lang::Ru, "from", None) => "Начало периода — не позже сегодняшнего дня".into(),
        (Lang::Ru, _, _) => "Конец периода — не раньше его начала".into(),
        (Lang::En, "from", Some(n)) => {
            format!("The range is at most {n} days: move the start closer to the end")
        }
        (Lang::En, "from", None) => "The range starts today at the latest".into(),
        (Lang::En, _, _) => "The range ends no earlier than it starts".into(),
    }
}

/// What an identifier of this field looks like.
fn id_example(field: &str) -> &'static str {
    match field {
        "office_id" => "tverskaya",
        "service_id" => "passport",
        "slug" | "related" => "change-phone",
        _ => "sms-code",
    }
}

/// An office's hours, length of visit and services (the admins' office form).
fn office_message(lang: Lang, field: &str, code: FieldCode, limit: Option<u32>) -> Option<String> {
    use FieldCode::*;
    let n = limit.unwrap_or_default();
    let ru = lang == Lang::Ru;
    let text = match (field, code) {
        (f, OutOfRange) if f.starts_with("hours.") => {
            if ru {
                "Закрытие — позже открытия и не позже 24:00".to_owned()
            } else {
                "Closing comes after opening, by 24:00 at the latest".to_owned()
            }
        }
        (f, TimeFormat) if f.starts_with("hours.") => {
            if ru {
                "Время в виде ЧЧ:ММ, например 09:00".to_owned()
            } else {
                "A time as HH:MM, for example 09:00".to_owned()
            }
        }
        ("exceptions", OutOfRange) if ru => {
            "У особого дня закрытие — позже открытия и не позже 24:00".into()
        }
        ("exceptions", OutOfRange) => {
            "A special day closes after it opens, by 24:00 at the latest".into()
        }
        ("slot_minutes", OutOfRange) if ru => format!("Длительность приёма — от 5 до {n} минут"),
        ("slot_minutes", OutOfRange) => format!("A visit lasts 5 to {n} minutes"),
        ("services", Required) if ru => "Отметьте хотя бы одну услугу".into(),
        ("services", Required) => "Tick at least one service".into(),
        _ => return None,
    };
    Some(text)
}

pub fn field_message(lang: Lang, field: &str, code: FieldCode, limit: Option<u32>) -> String {
    use FieldCode::*;
    let n = limit.unwrap_or_default().into();
    if code == OutOfRange && (field == "from" || field == "to") {
        return range_message(lang, field, limit);
    }
    if field == "quiet_to" && code == UnknownValue {
        return match lang {
            Lang::Ru => "Тихие часы должны заканчиваться в другое время, чем начинаются".into(),
            Lang::En => "Quiet hours must end at a different time than they start".into(),
        };
    }
    if let Some(m) = office_message(lang, field, code, limit) {
        return m;
    }
    if field == "days" {
        return match lang {
            Lang::Ru => "Срок ответа — от 1 до 30 дней".into(),
            Lang::En => "The time to answer is 1 to 30 days".into(),
        };
    }
    let name = field_name(lang, field);
    match lang {
        Lang::Ru => match code {
            Required => match field {
                "category" => "Выберите тему обращения".into(),
                "csat" => "Выберите оценку от 1 до 5".into(),
                "assignee" => "Выберите сотрудника из списка".into(),
                "terms" => "Отметьте согласие с условиями обслуживания — без него запись не оформить".into(),
                "service" => "Выберите услугу".into(),
                "office" => "Выберите отделение".into(),
                "day" => "Выберите день".into(),
                "time" => "Выберите время".into(),
                _ => format!("Заполните поле «{name}»"),
            },
            TooShort => format!("«{name}»: не менее {} — опишите подробнее", Bound::Chars.text(lang, n)),
            TooLong => format!("«{name}»: не более {} — сократите текст", Bound::Chars.text(lang, n)),
            ForbiddenChars => match field {
                "full_name" => "ФИО может содержать только буквы, пробелы, дефис, апостроф и точку".into(),
                _ => format!("«{name}» содержит невидимые или служебные символы — удалите их или наберите текст заново"),
            },
            UnknownCategory => "Выберите тему из списка".into(),
            SnilsFormat => "СНИЛС — это 11 цифр, например 112-233-445 95".into(),
            SnilsChecksum => "В СНИЛС ошибка: контрольное число не сходится. Сверьте цифры с документом".into(),
            InnFormat => "ИНН — это 12 цифр (для организации — 10)".into(),
            InnChecksum => "В ИНН ошибка: контрольные цифры не сходятся. Сверьте цифры с документом".into(),
            PhoneFormat => "Введите номер телефона из 10 цифр после +7 или 8, например +7 912 345-67-89".into(),
            PhoneNotRussian => "Укажите российский номер: он начинается с +7 или 8, например +7 912 345-67-89".into(),
            EmailFormat => "Введите адрес электронной почты в формате имя@домен.ru, например ivanov@mail.ru".into(),
            EmailLocalNotAscii => "Адрес с русскими буквами до знака @ почти никакая почта не доставляет. Укажите адрес, где до @ латиница (например ivan@почта.рф), или телефон".into(),
            ContactRequired => "Укажите телефон или электронную почту, чтобы мы могли ответить".into(),
            ApplicationNumberFormat => "Номер заявления — от 6 до 20 цифр".into(),
            ConsentRequired => "Отметьте согласие на обработку персональных данных — без него обращение не может быть принято".into(),
            TicketNumberFormat if field == "booking_number" => "Номер записи — 9 цифр из подтверждения, например 123-456-789".into(),
            TicketNumberFormat => "Номер обращения — 9 цифр, например 123-456-789. Проверьте, нет ли опечатки".into(),
            AccessCodeFormat => "Код доступа — 8 латинских букв и цифр, например ABCD-1234".into(),
            TooManyAttachments => format!("Можно приложить не более {} — удалите лишние", Bound::Files.text(lang, n)),
            AttachmentUnknown => "Файл не найден или уже использован — загрузите его заново".into(),
            AttachmentType => "Файл должен быть PDF, JPG или PNG — сохраните документ в одном из этих форматов".into(),
            AttachmentTooLarge => "Файл больше 5 МБ — уменьшите размер или разделите документ".into(),
            AttachmentEmpty => "Файл пустой — выберите другой файл".into(),
            SignInCodeFormat => "Код — 6 цифр из сообщения, например 123456".into(),
            AuthenticatorCodeFormat => "Код — 6 цифр из приложения-аутентификатора, например 123456".into(),
            RecoveryCodeFormat => "Резервный код — 16 латинских букв и цифр из списка, выданного при настройке, например ABCD-EFGH-JKMN-PQRS".into(),
            StaffUnknown => "Этому сотруднику нельзя назначить обращение — выберите сотрудника из списка".into(),
            UnknownValue => "Выберите значение из списка".into(),
            IdFormat => format!("«{name}»: строчные латинские буквы, цифры и дефисы, не более {}, например {}", Bound::Chars.text(lang, n), id_example(field)),
            IdTaken => format!("«{name}» уже занят — придумайте другой или измените существующий шаблон"),
            TooManyItems => format!("«{name}»: не более {n} пунктов — уберите лишние"),
            OutOfRange => match field {
                "first_response" | "resolution" => format!("«{name}»: от 1 минуты до {n} часов"),
                "nps" => format!("«{name}»: число от 0 до {n}"),
                _ => format!("«{name}»: число от 1 до {n}"),
            },
            DateFormat => format!("«{name}»: дата в виде ГГГГ-ММ-ДД между 2000 и 2100 годом, например 2027-01-08"),
            TimeFormat => format!("«{name}»: время в виде ЧЧ:ММ, например 22:00"),
            SlotUnavailable => "На это время записаться нельзя — выберите одно из свободных на ближайшие 30 дней".into(),
        },
        Lang::En => match code {
            Required => match field {
                "category" => "Choose a topic".into(),
                "csat" => "Choose a rating from 1 to 5".into(),
                "assignee" => "Choose a staff member from the list".into(),
                "terms" => "Accept the terms of service: a visit cannot be booked without it".into(),
                "service" => "Choose a service".into(),
                "office" => "Choose an office".into(),
                "day" => "Choose a day".into(),
                "time" => "Choose a time".into(),
                _ => format!("Enter the {}", name.to_lowercase()),
            },
            TooShort => format!("{name} must be at least {}: say a little more", Bound::Chars.text(lang, n)),
            TooLong => format!("{name} must be at most {}: shorten it", Bound::Chars.text(lang, n)),
            ForbiddenChars => match field {
                "full_name" => "A name can contain only letters, spaces, hyphens, apostrophes and dots".into(),
                _ => format!("{name} contains invisible or control characters: remove them or type the text again"),
            },
            UnknownCategory => "Choose a topic from the list".into(),
            SnilsFormat => "SNILS is 11 digits, for example 112-233-445 95".into(),
            SnilsChecksum => "The SNILS check digits do not match: compare the digits with your document".into(),
            InnFormat => "INN is 12 digits (10 for an organisation)".into(),
            InnChecksum => "The INN check digits do not match: compare the digits with your document".into(),
            PhoneFormat => "Enter a phone number of 10 digits after +7 or 8, for example +7 912 345-67-89".into(),
            PhoneNotRussian => "Enter a Russian number starting with +7 or 8, for example +7 912 345-67-89".into(),
            EmailFormat => "Enter an e-mail address like name@domain.ru, for example ivanov@mail.ru".into(),
            EmailLocalNotAscii => "Almost no mail system delivers to an address with non-Latin letters before the @. Give one with Latin letters before the @ (for example ivan@example.ru), or a phone number".into(),
            ContactRequired => "Give a phone number or an e-mail address so that we can answer".into(),
            ApplicationNumberFormat => "An application number is 6 to 20 digits".into(),
            ConsentRequired => "Tick the consent to personal-data processing: without it the request cannot be accepted".into(),
            TicketNumberFormat if field == "booking_number" => "A booking number is the 9 digits from the confirmation, for example 123-456-789".into(),
            TicketNumberFormat => "A request number is 9 digits, for example 123-456-789. Check for a typo".into(),
            AccessCodeFormat => "An access code is 8 letters and digits, for example ABCD-1234".into(),
            TooManyAttachments => format!("You can attach at most {}: remove some", Bound::Files.text(lang, n)),
            AttachmentUnknown => "The file was not found or was already used: upload it again".into(),
            AttachmentType => "The file must be a PDF, JPG or PNG: save the document in one of these formats".into(),
            AttachmentTooLarge => "The file is larger than 5 MB: make it smaller or split the document".into(),
            AttachmentEmpty => "The file is empty: choose another file".into(),
            SignInCodeFormat => "The code is the 6 digits from the message, for example 123456".into(),
            AuthenticatorCodeFormat => "The code is the 6 digits your authenticator app shows, for example 123456".into(),
            RecoveryCodeFormat => "A recovery code is 16 latin letters and digits from the list given at set-up, for example ABCD-EFGH-JKMN-PQRS".into(),
            StaffUnknown => "This person cannot take this request: choose someone from the list".into(),
            UnknownValue => "Choose a value from the list".into(),
            IdFormat => format!("{name}: lower-case latin letters, digits and hyphens, at most {}, for example {}", Bound::Chars.text(lang, n), id_example(field)),
            IdTaken => format!("{name} is already in use: choose another or edit the existing response"),
            TooManyItems => format!("{name}: at most {n} items, please remove some"),
            OutOfRange => match field {
                "first_response" | "resolution" => format!("{name}: from 1 minute to {n} hours"),
                "nps" => format!("{name}: a number from 0 to {n}"),
                _ => format!("{name}: a number from 1 to {n}"),
            },
            DateFormat => format!("{name}: a date as YYYY-MM-DD between 2000 and 2100, for example 2027-01-08"),
            TimeFormat => format!("{name}: a time as HH:MM, for example 22:00"),
            SlotUnavailable => "This time cannot be booked: choose one of the free slots of the next 30 days".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_agree_with_their_number() {
        let m = |n| field_message(Lang::Ru, "subject", FieldCode::TooLong, Some(n));
        assert_eq!(
            m(150),
            "«Кратко о вопросе»: не более 150 символов — сократите текст"
        );
        assert_eq!(
            m(21),
            "«Кратко о вопросе»: не более 21 символа — сократите текст"
        );
        let f = field_message(
            Lang::Ru,
            "attachments",
            FieldCode::TooManyAttachments,
            Some(5),
        );
        assert_eq!(f, "Можно приложить не более 5 файлов — удалите лишние");
        let en = field_message(Lang::En, "subject", FieldCode::TooShort, Some(1));
        assert_eq!(
            en,
            "Subject must be at least 1 character: say a little more"
        );
    }
}
