//! The site, the citizen's pages (home, submit, confirmation, status), errors shared by all pages.

helpdesk_shared::messages! {
    /// The site, the citizen's pages (home, submit, confirmation, status), errors shared by all pages.
    pub enum Common {
        // A request's timeline as staff read it (the citizen's page words it for them).
        TimelineCitizen =>
            "Заявитель"
            | "Citizen",
        TimelineInfoRequested =>
            "Запрошена информация у заявителя"
            | "Information requested from the citizen",
        TimelineInfoDue =>
            "Ответ заявителя ожидается до"
            | "The citizen's answer is due by",
        TimelineDueMoved =>
            "Срок ответа перенесён на"
            | "The answer's date moved to",
        TimelineDueWhy =>
            "Время, пока обращение ждало ваших сведений, в срок не входит."
            | "The time the request waited for your information does not count.",
        TimelineDueWhyStaff =>
            "Время ожидания сведений заявителя в срок не входит."
            | "The time waiting for the citizen's information does not count.",
        TimelineRepeat =>
            "Повторный запрос заявителя"
            | "The citizen's repeat request",
        TimelineRepeatYou =>
            "Вы отправили повторный запрос"
            | "You sent a repeat request",
        TimelineRepeatEscalate =>
            "Просьба передать обращение специалисту."
            | "Asked for a specialist.",
        RepeatTitle =>
            "Повторный запрос"
            | "Repeat request",
        RepeatWhy =>
            "Обращение в работе больше 48 рабочих часов без видимых изменений. Напомните о нём: оно поднимется в очереди, а ответственный сотрудник и руководитель получат уведомление."
            | "The request has been in work for more than 48 working hours with no visible change. Remind us: it moves to the top of the queue, and the person in charge and their supervisor are told.",
        RepeatMessage =>
            "Сообщение (необязательно)"
            | "Message (optional)",
        RepeatMessageHint =>
            "До 1000 символов: что изменилось или почему это срочно"
            | "Up to 1000 characters: what changed, or why it is urgent",
        RepeatEscalate =>
            "Прошу передать обращение специалисту (решение примет оператор)"
            | "Please pass my request to a specialist (the operator decides)",
        RepeatSend =>
            "Отправить повторный запрос"
            | "Send a repeat request",
        RepeatLater =>
            "Если ничего не изменится, повторный запрос можно будет отправить с"
            | "If nothing changes, you can send a repeat request from",
        StatusPausedStaff =>
            "срок остановлен: ждём сведений заявителя"
            | "on hold: waiting for the citizen's information",
        StatusPaused =>
            "срок остановлен, пока мы ждём ваших сведений: время ожидания в него не входит"
            | "on hold while we wait for your information: the wait does not count",
        ErrorsClosed =>
            "Обращение закрыто. Если вопрос остался, подайте новое обращение."
            | "This request is closed. If you still need help, submit a new request.",
        DoneTitle =>
            "Обращение принято"
            | "Request received",
        DoneNumber =>
            "Номер обращения"
            | "Request number",
        DoneCode =>
            "Код доступа"
            | "Access code",
        DoneKeep =>
            "Сохраните номер и код доступа: они нужны, чтобы узнать статус и дополнить обращение. Код больше нигде не показывается."
            | "Keep the number and the access code: you need them to check the status and add information. The code is not shown anywhere else.",
        DoneCopy =>
            "Скопировать номер и код"
            | "Copy number and code",
        DoneCopied =>
            "Скопировано"
            | "Copied",
        DoneExpected =>
            "Ответ ожидается до"
            | "Expect an answer by",
        DoneNotified =>
            "Мы сообщим об изменениях на указанные телефон или почту."
            | "We will tell you about every change by phone or e-mail.",
        DoneCheck =>
            "Проверить статус"
            | "Check status",
        DoneMissing =>
            "Здесь показывается номер только что отправленного обращения. Чтобы узнать статус, воспользуйтесь проверкой статуса."
            | "This page shows the number of a request just sent. To see a request's status, use Check status.",
        StatusTitle =>
            "Проверить статус обращения"
            | "Check the status of a request",
        StatusNumber =>
            "Номер обращения"
            | "Request number",
        StatusNumberHint =>
            "9 цифр, например 123-456-789"
            | "9 digits, for example 123-456-789",
        StatusCode =>
            "Код доступа"
            | "Access code",
        StatusCodeHint =>
            "8 знаков, например ABCD-1234"
            | "8 characters, for example ABCD-1234",
        StatusFind =>
            "Показать статус"
            | "Show status",
        StatusNotFound =>
            "Обращение не найдено. Проверьте номер и код доступа."
            | "No request found. Check the number and the access code.",
        StatusCurrent =>
            "Текущий статус"
            | "Current status",
        StatusExpected =>
            "Ответ ожидается до"
            | "Expect an answer by",
        StatusUpdated =>
            "Обновлено"
            | "Updated",
        StatusHistory =>
            "История"
            | "History",
        StatusCreated =>
            "Обращение получено"
            | "Request received",
        StatusChanged =>
            "Статус изменён"
            | "Status changed",
        StatusYouWrote =>
            "Вы дополнили обращение"
            | "You added information",
        StatusStaff =>
            "Ответ оператора"
            | "Operator's reply",
        StatusAdd =>
            "Дополнить обращение"
            | "Add information",
        StatusMessage =>
            "Сообщение"
            | "Message",
        StatusMessageHint =>
            "Что нового, ответ на вопрос оператора"
            | "What is new, or your answer to the operator",
        StatusSend =>
            "Отправить"
            | "Send",
        StatusSent =>
            "Информация добавлена к обращению."
            | "The information was added to your request.",
        StatusOther =>
            "Проверить другое обращение"
            | "Check another request",
        StatusClosed =>
            "Закрыто"
            | "Closed on",
        StatusAnswerBelow =>
            "Ответьте в форме ниже до"
            | "Answer in the form below by",
        StatusRemember =>
            "Запомнить это обращение на этом устройстве"
            | "Remember this request on this device",
        StatusRememberHint =>
            "Номер и код доступа сохранятся в этом браузере, и вводить их снова не придётся. Не отмечайте на чужом или общем устройстве."
            | "The number and access code are kept in this browser, so you need not type them again. Do not tick this on someone else's or a shared device.",
        StatusSaved =>
            "Сохранённые на этом устройстве"
            | "Saved on this device",
        StatusOpen =>
            "Открыть"
            | "Open",
        StatusForget =>
            "Забыть"
            | "Forget",
        StatusMsk =>
            "МСК"
            | "Moscow time",
        OutboxTitle =>
            "Исходящие уведомления (режим разработки)"
            | "Outgoing notifications (development)",
        OutboxLead =>
            "Так выглядят СМС и письма, которые получил бы заявитель. Страница есть только в локальном режиме."
            | "The SMS and e-mails a citizen would receive. This page exists only in local mode.",
        OutboxEmpty =>
            "Пока ничего не отправлено."
            | "Nothing sent yet.",
        OutboxRefresh =>
            "Обновить"
            | "Refresh",
        NotfoundTitle =>
            "Страница не найдена"
            | "Page not found",
        NotfoundHome =>
            "На главную"
            | "Go to the home page",
    }
}

helpdesk_shared::counted! {
    /// Texts with a number shared by all pages, their noun agreeing with it.
    pub enum CommonCount {
        Shown =>
            ["Показано {n} из", "Показано {n} из", "Показано {n} из"]
            | ["Showing {n} of", "Showing {n} of"],
    }
}
