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
        Shown =>
            ["Показано {n} из", "Показано {n} из", "Показано {n} из"]
            | ["Showing {n} of", "Showing {n} of"],
        RateHours =>
            ["Слишком много запросов. Попробуйте снова через {n} час", "Слишком много запросов. Попробуйте снова через {n} часа", "Слишком много запросов. Попробуйте снова через {n} часов"]
            | ["Too many requests. Try again in {n} hour", "Too many requests. Try again in {n} hours"],
    }
}
