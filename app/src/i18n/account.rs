//! Signing in (citizens by code, staff by password) and "My requests".

helpdesk_shared::messages! {
    /// Signing in (citizens by code, staff by password) and "My requests".
    pub enum Account {
        SigninTitle =>
            "Вход"
            | "Sign in",
        SigninLead =>
            "Войдите по телефону или электронной почте, чтобы видеть все свои обращения без кода доступа. Мы пришлём одноразовый код."
            | "Sign in with your phone or e-mail to see all your requests without access codes. We will send you a one-time code.",
        SigninContact =>
            "Телефон или электронная почта"
            | "Phone or e-mail",
        SigninContactHint =>
            "Например, +7 912 345-67-89 или ivanov@mail.ru — те же, что в обращении"
            | "For example +7 912 345-67-89 or ivanov@mail.ru: the one in your request",
        SigninSend =>
            "Получить код"
            | "Send me a code",
        SigninCode =>
            "Код из сообщения"
            | "Code from the message",
        SigninCodeHint =>
            "6 цифр. Код действует 5 минут"
            | "6 digits. The code is valid for 5 minutes",
        SigninSentSms =>
            "Мы отправили SMS с кодом на номер"
            | "We sent a text message with the code to",
        SigninSentEmail =>
            "Мы отправили письмо с кодом на адрес"
            | "We sent an e-mail with the code to",
        SigninSubmit =>
            "Войти"
            | "Sign in",
        SigninResend =>
            "Отправить код ещё раз"
            | "Send the code again",
        SigninChange =>
            "Указать другой телефон или почту"
            | "Use another phone or e-mail",
        SigninCodeExpired =>
            "Срок действия кода истёк или он уже использован — запросите новый код"
            | "The code has expired or was already used: ask for a new one",
        SigninStaffLink =>
            "Вход для сотрудников"
            | "Staff sign-in",
        MineTitle =>
            "Мои обращения"
            | "My requests",
        MineSignedInAs =>
            "Вы вошли как"
            | "Signed in as",
        MineEmpty =>
            "Обращений, связанных с этим контактом, пока нет."
            | "No requests are linked to this contact yet.",
        MineSubmitted =>
            "Подано"
            | "Submitted",
        MineExpected =>
            "Ответ до"
            | "Answer by",
        MineSignoutAll =>
            "Выйти на всех устройствах"
            | "Sign out on all devices",
        MineFilters =>
            "Показать обращения"
            | "Show requests",
        MineFilterAll =>
            "Все"
            | "All",
        MineFilterYou =>
            "Ждут вашего ответа"
            | "Waiting for you",
        MineFilterOpen =>
            "В работе"
            | "Open",
        MineFilterClosed =>
            "Закрытые"
            | "Closed",
        MineNone =>
            "Таких обращений нет."
            | "No requests of this kind.",
        MineMore =>
            "Показать ещё"
            | "Show more",
        MineBack =>
            "Все мои обращения"
            | "All my requests",
        MineNotFound =>
            "Это обращение не найдено среди ваших. Проверьте номер или войдите с контактом, указанным в обращении"
            | "This request is not among yours. Check the number or sign in with the contact given in the request",
        MineOfflineTitle =>
            "Чтение без интернета"
            | "Reading offline",
        MineOfflineLabel =>
            "Сохранять на этом устройстве мои обращения и переписку в чате, которые я открываю, — чтобы читать их без интернета"
            | "Keep my requests and chat conversations I open on this device, to read them offline",
        MineOfflineHint =>
            "Сохраняется только на этом устройстве и удаляется, когда вы выходите. Не включайте на чужом или общем устройстве."
            | "Kept on this device only, and deleted when you sign out. Do not turn this on on someone else's or a shared device.",
        StaffSigninTitle =>
            "Вход для сотрудников"
            | "Staff sign-in",
        StaffLogin =>
            "Логин"
            | "Login",
        StaffPassword =>
            "Пароль"
            | "Password",
        StaffSubmit =>
            "Войти"
            | "Sign in",
        StaffCitizen =>
            "Вы вошли как гражданин. Чтобы войти как сотрудник, сначала выйдите."
            | "You are signed in as a citizen. Sign out first to sign in as staff.",
        StatusInfoRequested =>
            "Нужна информация от вас"
            | "We need information from you",
        StatusInfoDue =>
            "Ответьте до"
            | "Answer by",
        StatusAnswer =>
            "Ответ по обращению"
            | "Answer to your request",
        StatusRejection =>
            "Причина отказа"
            | "Reason for rejection",
        StatusAlternatives =>
            "Что можно сделать:"
            | "What you can do:",
        StatusEscalated =>
            "Передано специалистам"
            | "Passed to specialists",
        StatusAssigned =>
            "Назначено"
            | "Assigned to",
        StatusNote =>
            "Внутренняя заметка"
            | "Internal note",
        StatusOverdueFirst =>
            "Срок первого ответа истёк — руководители уведомлены"
            | "First-response date passed: supervisors told",
        StatusOverdueResolution =>
            "Срок решения истёк — обращение передано в отдел автоматически"
            | "Resolution date passed: sent to the department automatically",
        StatusSurvey =>
            "Оценка заявителя"
            | "The citizen's rating",
        SurveyTitle =>
            "Оцените решение"
            | "Rate the outcome",
        SurveyCsat =>
            "Насколько вы довольны решением?"
            | "How satisfied are you with the outcome?",
        SurveyCsatEnds =>
            "1 — совсем не доволен, 5 — полностью доволен"
            | "1: not at all satisfied, 5: completely satisfied",
        SurveyNps =>
            "Порекомендуете ли вы службу поддержки портала знакомым? (необязательно)"
            | "Would you recommend the portal's support to people you know? (optional)",
        SurveyNpsEnds =>
            "0 — точно нет, 10 — точно да"
            | "0: certainly not, 10: certainly yes",
        SurveyComment =>
            "Комментарий (необязательно)"
            | "Comment (optional)",
        SurveySend =>
            "Отправить оценку"
            | "Send the rating",
        SurveyThanks =>
            "Спасибо за оценку!"
            | "Thank you for your rating!",
        SurveyYours =>
            "Ваша оценка решения:"
            | "Your rating of the outcome:",
        SurveyOutOf =>
            "из 5"
            | "out of 5",
        SurveyRecommend =>
            "готовность рекомендовать:"
            | "likelihood to recommend:",
        SurveyEditUntil =>
            "Изменить оценку можно до"
            | "You can change it until",
        SurveyEdit =>
            "Изменить оценку"
            | "Change the rating",
        SurveyLinkTitle =>
            "Оценка решения по обращению"
            | "Rating the outcome of request",
        SurveyLinkUsed =>
            "Ссылка неверна или уже использована. Оценку можно дать или изменить в течение суток на странице обращения: «Проверить статус» (номер и код доступа) или «Мои обращения»."
            | "This link is wrong or has been used. You can give or change the rating for a day on the request's page: \"Check status\" (number and access code) or \"My requests\".",
        SurveyLinkBroken =>
            "Ссылка неполная: откройте её из письма целиком или оцените решение на странице обращения."
            | "The link is incomplete: open it from the e-mail in full, or rate the outcome on the request's page.",
        SurveyLinkWhere =>
            "Открыть обращение по номеру и коду доступа"
            | "Open the request with its number and access code",
        StatusOverdueUnresolved =>
            "Срок решения истёк — руководители уведомлены"
            | "Resolution date passed: supervisors told",
        StatusOverdueDepartment =>
            "Срок решения в отделе истёк — руководители уведомлены"
            | "Date at the department passed: supervisors told",
    }
}

helpdesk_shared::counted! {
    /// Texts with a number, their noun agreeing with it.
    pub enum AccountCount {
        SigninResendIn =>
            ["Новый код можно запросить через {n} секунду", "Новый код можно запросить через {n} секунды", "Новый код можно запросить через {n} секунд"]
            | ["You can ask for a new code in {n} second", "You can ask for a new code in {n} seconds"],
        SigninWrongCode =>
            ["Код не подходит. Проверьте цифры в последнем сообщении. Осталась {n} попытка", "Код не подходит. Проверьте цифры в последнем сообщении. Осталось {n} попытки", "Код не подходит. Проверьте цифры в последнем сообщении. Осталось {n} попыток"]
            | ["The code does not match. Check the digits in the latest message. {n} try left", "The code does not match. Check the digits in the latest message. {n} tries left"],
        SigninLocked =>
            ["Слишком много неверных попыток. Вход заблокирован, попробуйте через {n} минуту", "Слишком много неверных попыток. Вход заблокирован, попробуйте через {n} минуты", "Слишком много неверных попыток. Вход заблокирован, попробуйте через {n} минут"]
            | ["Too many wrong attempts. Sign-in is locked; try again in {n} minute", "Too many wrong attempts. Sign-in is locked; try again in {n} minutes"],
        SigninTooSoon =>
            ["Код уже отправлен. Новый можно запросить через {n} секунду", "Код уже отправлен. Новый можно запросить через {n} секунды", "Код уже отправлен. Новый можно запросить через {n} секунд"]
            | ["A code was just sent. You can ask for a new one in {n} second", "A code was just sent. You can ask for a new one in {n} seconds"],
        StaffWrong =>
            ["Неверный логин или пароль. До блокировки осталась {n} попытка", "Неверный логин или пароль. До блокировки осталось {n} попытки", "Неверный логин или пароль. До блокировки осталось {n} попыток"]
            | ["Wrong login or password. {n} try left before a lock", "Wrong login or password. {n} tries left before a lock"],
    }
}
