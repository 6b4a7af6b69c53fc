//! The notification centre, the notification preferences and a request's delivery log.

use helpdesk_shared::Lang;
use helpdesk_shared::notice::NoticeKind;

helpdesk_shared::messages! {
    /// The notification centre, the notification preferences and a request's delivery log.
    pub enum Notices {
        Title =>
            "Уведомления"
            | "Notifications",
        Lead =>
            "Новости по вашим обращениям собираются здесь, даже если SMS и письма отключены."
            | "News about your requests gathers here, even with SMS and e-mail turned off.",
        Empty =>
            "Пока уведомлений нет. Когда по вашему обращению что-то изменится, новость появится здесь."
            | "No notifications yet. When something happens to your request, the news appears here.",
        New =>
            "новое"
            | "new",
        ListTitle =>
            "Последние новости"
            | "Latest news",
        PrefsTitle =>
            "Как сообщать о новостях"
            | "How to tell you",
        PrefsLead =>
            "Выберите каналы для каждого вида новостей. Коды для входа приходят всегда, независимо от этих настроек. Настройки действуют для всех ваших обращений, кроме тех, где заданы свои."
            | "Choose the channels for each kind of news. Sign-in codes always come, whatever these settings say. They apply to all your requests except those with their own.",
        TopicStatus =>
            "Принято, изменение статуса, передача специалистам"
            | "Received, status changes, passed to specialists",
        TopicInfo =>
            "У вас просят информацию"
            | "Information is asked of you",
        TopicAnswer =>
            "Ответы сотрудников"
            | "Replies from staff",
        TopicReminder =>
            "Напоминания"
            | "Reminders",
        ChannelSms =>
            "SMS"
            | "SMS",
        ChannelEmail =>
            "Электронная почта"
            | "E-mail",
        ChannelApp =>
            "На сайте (колокольчик)"
            | "On the site (the bell)",
        ChannelPush =>
            "В браузере (push)"
            | "In the browser (push)",
        PushTitle =>
            "Уведомления в браузере"
            | "Browser notifications",
        PushLead =>
            "Браузер покажет новость, даже когда сайт закрыт. В уведомлении только номер обращения и что изменилось."
            | "The browser shows the news even when the site is closed. A notification says only the request's number and what changed.",
        PushOn =>
            "Включить в этом браузере"
            | "Turn on in this browser",
        PushOff =>
            "Отключить в этом браузере"
            | "Turn off in this browser",
        PushEnabled =>
            "В этом браузере уведомления включены."
            | "Notifications are on in this browser.",
        PushDevices =>
            "Браузеров, куда приходят уведомления:"
            | "Browsers receiving notifications:",
        PushDone =>
            "Готово: уведомления включены для всех видов новостей. Ниже можно выбрать, о чём сообщать."
            | "Done: notifications are on for every kind of news. Choose below what to be told about.",
        PushOffDone =>
            "Уведомления в этом браузере отключены."
            | "Notifications are off in this browser.",
        PushDenied =>
            "Уведомления для этого сайта запрещены в настройках браузера. Разрешите их там (значок слева от адреса сайта) и нажмите кнопку ещё раз."
            | "Notifications for this site are blocked in the browser's settings. Allow them there (the icon left of the site's address) and press the button again.",
        PushUnsupported =>
            "Этот браузер не показывает такие уведомления. Новости всё равно будут здесь, под колокольчиком."
            | "This browser does not show such notifications. The news still gathers here, under the bell.",
        PushFailed =>
            "Браузер не смог подключиться к своей службе уведомлений. Попробуйте позже или в другом браузере."
            | "The browser could not reach its notification service. Try again later or in another browser.",
        NoAddress =>
            "нет адреса в обращении"
            | "no address in the request",
        Language =>
            "Язык сообщений"
            | "Language of messages",
        Quiet =>
            "Не присылать SMS и уведомления в браузер в тихие часы"
            | "No SMS or browser notifications during quiet hours",
        QuietFrom =>
            "Тихие часы с"
            | "Quiet hours from",
        QuietTo =>
            "Тихие часы до"
            | "Quiet hours until",
        QuietHint =>
            "Московское время. SMS и уведомления в браузер, пришедшие в это время, отправим, когда тихие часы закончатся; письма и уведомления на сайте приходят сразу."
            | "Moscow time. SMS and browser notifications due in these hours are sent when they end; e-mails and the site's notifications come at once.",
        Save =>
            "Сохранить настройки"
            | "Save settings",
        Saved =>
            "Настройки сохранены."
            | "Settings saved.",
        RequestTitle =>
            "Уведомления по обращению"
            | "Notifications about this request",
        RequestOwn =>
            "Для этого обращения заданы свои настройки."
            | "This request has settings of its own.",
        RequestInherited =>
            "Сейчас действуют ваши общие настройки или, если их нет, контакты, указанные при подаче. Сохранив форму, вы зададите настройки только для этого обращения."
            | "Your general settings apply now or, without them, the contacts given when submitting. Saving this form sets them for this request only.",
        LogTitle =>
            "Что и куда отправлено"
            | "What was sent where",
        LogEmpty =>
            "Пока ничего не отправлено."
            | "Nothing sent yet.",
        LogWhen =>
            "Когда (МСК)"
            | "When (Moscow)",
        LogWhat =>
            "Что"
            | "What",
        LogChannel =>
            "Куда и как"
            | "Where, and how it went",
        StateSent =>
            "отправлено"
            | "sent",
        StateDelivered =>
            "доставлено"
            | "delivered",
        StateHeld =>
            "ждёт конца тихих часов"
            | "waiting for quiet hours to end",
        StateFailed =>
            "не отправлено"
            | "not sent",
        ErrorTurnedOff =>
            "канал отключён до отправки"
            | "the channel was turned off before sending",
        StateRetrying =>
            "не удалось, повторим"
            | "failed, will retry",
        ErrorBounced =>
            "адрес не принимает письма, поэтому письма туда больше не отправляются"
            | "the address takes no mail, so no more is sent there",
        ErrorProvider =>
            "оператор связи не принял сообщение"
            | "the provider did not take the message",
        Attempts =>
            "попыток"
            | "attempts",
        Resent =>
            "повторно"
            | "sent again",
        ResendHint =>
            "Не пришло SMS или письмо? Последнее уведомление можно отправить ещё раз — не чаще раза в 10 минут и трёх раз в сутки."
            | "No SMS or e-mail came? The last notification can be sent again: once in 10 minutes, three times a day at most.",
        ResendButton =>
            "Отправить ещё раз"
            | "Send again",
        ResendDone =>
            "Последнее уведомление отправлено ещё раз. Ниже видно, куда."
            | "The last notification was sent again. Below is where.",
        NothingToResend =>
            "По этому обращению пока ничего не отправлялось по SMS или почте."
            | "Nothing about this request went by SMS or e-mail yet.",
        PrefsOpen =>
            "Изменить настройки для этого обращения"
            | "Change the settings for this request",
        StaffLoad =>
            "Показать, что отправлено гражданину"
            | "Show what the citizen was sent",
        Load =>
            "Показать уведомления и настройки"
            | "Show notifications and settings",
    }
}

/// One notification's text: what happened to which request.
pub fn notice_text(lang: Lang, kind: NoticeKind, number: &str) -> String {
    match (lang, kind) {
        (Lang::Ru, NoticeKind::Received) => format!("Обращение № {number} принято"),
        (Lang::En, NoticeKind::Received) => format!("Request {number} received"),
        (Lang::Ru, NoticeKind::StatusChanged { status }) => {
            format!("Обращение № {number}: статус «{}»", status.title(lang))
        }
        (Lang::En, NoticeKind::StatusChanged { status }) => {
            format!("Request {number}: status “{}”", status.title(lang))
        }
        (Lang::Ru, NoticeKind::InfoAsked) => {
            format!("Обращение № {number}: у вас просят информацию")
        }
        (Lang::En, NoticeKind::InfoAsked) => {
            format!("Request {number}: information is asked of you")
        }
        (Lang::Ru, NoticeKind::Answered) => format!("Ответ по обращению № {number}"),
        (Lang::En, NoticeKind::Answered) => format!("A reply about request {number}"),
        (Lang::Ru, NoticeKind::Escalated) => {
            format!("Обращение № {number} передано специалистам")
        }
        (Lang::En, NoticeKind::Escalated) => format!("Request {number} passed to specialists"),
        (Lang::Ru, NoticeKind::Reminder) => format!("Напоминание по обращению № {number}"),
        (Lang::En, NoticeKind::Reminder) => format!("A reminder about request {number}"),
    }
}

/// What happened, without the request (its log is on its own page).
pub fn kind_text(lang: Lang, kind: NoticeKind) -> String {
    match (lang, kind) {
        (Lang::Ru, NoticeKind::Received) => "Обращение принято".into(),
        (Lang::En, NoticeKind::Received) => "Request received".into(),
        (_, NoticeKind::StatusChanged { status }) => match lang {
            Lang::Ru => format!("Статус «{}»", status.title(lang)),
            Lang::En => format!("Status “{}”", status.title(lang)),
        },
        (Lang::Ru, NoticeKind::InfoAsked) => "Запрос информации".into(),
        (Lang::En, NoticeKind::InfoAsked) => "Information asked".into(),
        (Lang::Ru, NoticeKind::Answered) => "Ответ сотрудника".into(),
        (Lang::En, NoticeKind::Answered) => "A reply from staff".into(),
        (Lang::Ru, NoticeKind::Escalated) => "Передано специалистам".into(),
        (Lang::En, NoticeKind::Escalated) => "Passed to specialists".into(),
        (Lang::Ru, NoticeKind::Reminder) => "Напоминание".into(),
        (Lang::En, NoticeKind::Reminder) => "Reminder".into(),
    }
}
