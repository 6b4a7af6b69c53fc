//! The administrator's page: canned responses and the audit trail.

helpdesk_shared::messages! {
    /// The administrator's page: canned responses and the audit trail.
    pub enum Admin {
        Title =>
            "Администрирование"
            | "Administration",
        Sections =>
            "Разделы"
            | "Sections",
        Cancel =>
            "Отмена"
            | "Cancel",
        SignedOut =>
            "Сеанс завершён — войдите снова. Введённый текст сохранится на странице."
            | "Your session has ended: sign in again. What you typed stays on the page.",
        Forbidden =>
            "Это может делать только администратор."
            | "Only an administrator can do this.",
        CannedTitle =>
            "Готовые ответы"
            | "Canned responses",
        CannedIntro =>
            "Операторы вставляют эти тексты в ответы гражданам. Каждый ответ — на русском и английском: текст выбирается по языку интерфейса сотрудника."
            | "Operators insert these texts into replies to citizens. Each response is in Russian and English: the text follows the staff member's interface language.",
        CannedEmpty =>
            "Готовых ответов пока нет."
            | "No canned responses yet.",
        CannedNew =>
            "Добавить ответ"
            | "Add a response",
        CannedEdit =>
            "Изменить"
            | "Edit",
        CannedEditTitle =>
            "Изменение ответа"
            | "Editing a response",
        CannedDelete =>
            "Удалить"
            | "Delete",
        CannedConfirm =>
            "Удалить готовый ответ"
            | "Delete the canned response",
        CannedSave =>
            "Сохранить"
            | "Save",
        CannedSaved =>
            "Ответ сохранён. Операторы увидят его при следующем открытии обращения."
            | "Saved. Operators see it the next time they open a request.",
        CannedDeleted =>
            "Ответ удалён."
            | "Deleted.",
        CannedGone =>
            "Этого ответа уже нет — список обновлён."
            | "This response is no longer there: the list is refreshed.",
        CannedId =>
            "Код шаблона"
            | "Template code",
        CannedIdHint =>
            "Латинские строчные буквы, цифры и дефис, например sms-code. Потом его не изменить."
            | "Lower-case latin letters, digits and hyphens, for example sms-code. It cannot be changed later.",
        CannedTitleRu =>
            "Название по-русски"
            | "Russian title",
        CannedTitleEn =>
            "Название по-английски"
            | "English title",
        CannedTextRu =>
            "Текст по-русски"
            | "Russian text",
        CannedTextEn =>
            "Текст по-английски"
            | "English text",
        AuditTitle =>
            "Журнал действий"
            | "Audit trail",
        AuditIntro =>
            "Кто, когда и что сделал: действия с обращениями, входы сотрудников, скачивания файлов, изменения готовых ответов. Записи нельзя изменить или удалить."
            | "Who did what and when: actions on requests, staff sign-ins, file downloads, changes to canned responses. Entries cannot be changed or deleted.",
        AuditDay =>
            "День"
            | "Day",
        AuditDayRequired =>
            "Выберите день"
            | "Choose a day",
        AuditBadDay =>
            "Не удалось прочитать дату — выберите день в календаре."
            | "The date could not be read: pick a day in the calendar.",
        AuditTimes =>
            "Время — московское (МСК)."
            | "Times are Moscow time (UTC+3).",
        AuditEmpty =>
            "В этот день записей нет."
            | "No entries on this day.",
        AuditTime =>
            "Время"
            | "Time",
        AuditWho =>
            "Сотрудник"
            | "Staff member",
        AuditWhat =>
            "Действие"
            | "Action",
        AuditRequest =>
            "Обращение"
            | "Request",
        AuditFrom =>
            "Адрес"
            | "Address",
        AuditSignIn =>
            "Вход в систему"
            | "Signed in",
        AuditSignInFailed =>
            "Неверный пароль"
            | "Wrong password",
        AuditSignInLocked =>
            "Вход заблокирован"
            | "Sign-in locked",
        AuditDownload =>
            "Скачал файл"
            | "Downloaded a file",
        AuditCannedPut =>
            "Сохранил готовый ответ"
            | "Saved a canned response",
        FaqTitle =>
            "База знаний"
            | "Knowledge base",
        FaqIntro =>
            "Статьи, которые граждане читают в разделе «Частые вопросы» и находят поиском. Скрытая статья не видна читателям. Изменения видны на сайте в течение пяти минут."
            | "The articles citizens read under \"Questions and answers\" and find by search. A hidden article is not shown to readers. Changes reach the site within five minutes.",
        FaqNew =>
            "Новая статья"
            | "New article",
        FaqEditTitle =>
            "Изменить статью"
            | "Edit the article",
        FaqSlug =>
            "Адрес статьи"
            | "Article address",
        FaqSlugHint =>
            "Строчные латинские буквы, цифры и дефисы, например tax-deduction. Потом не меняется."
            | "Lower-case latin letters, digits and hyphens, for example tax-deduction. It cannot change later.",
        FaqTopic =>
            "Тема"
            | "Topic",
        FaqTitleRu =>
            "Заголовок по-русски"
            | "Title in Russian",
        FaqAnswerRu =>
            "Краткий ответ по-русски"
            | "Short answer in Russian",
        FaqStepsRu =>
            "Что делать, по-русски"
            | "What to do, in Russian",
        FaqAsksRu =>
            "Как спрашивают, по-русски"
            | "How people ask, in Russian",
        FaqTitleEn =>
            "Заголовок по-английски"
            | "Title in English",
        FaqAnswerEn =>
            "Краткий ответ по-английски"
            | "Short answer in English",
        FaqStepsEn =>
            "Что делать, по-английски"
            | "What to do, in English",
        FaqAsksEn =>
            "Как спрашивают, по-английски"
            | "How people ask, in English",
        FaqLinesHint =>
            "Каждый шаг — с новой строки."
            | "One step per line.",
        FaqAsksHint =>
            "Каждый вариант — с новой строки. Не показываются, но помогают поиску."
            | "One per line. Not shown; they help search.",
        FaqRelated =>
            "Читайте также"
            | "Read next",
        FaqRelatedHint =>
            "Адреса других статей через пробел."
            | "Addresses of other articles, separated by spaces.",
        FaqPublish =>
            "Опубликовать (видна читателям)"
            | "Published (shown to readers)",
        FaqPublished =>
            "опубликована"
            | "published",
        FaqHidden =>
            "скрыта"
            | "hidden",
        FaqHelpful =>
            "полезно:"
            | "helpful:",
        FaqNotHelpful =>
            "не помогло:"
            | "not helpful:",
        FaqUp =>
            "Выше"
            | "Up",
        FaqDown =>
            "Ниже"
            | "Down",
        FaqSaved =>
            "Статья сохранена."
            | "The article is saved.",
        FaqMoved =>
            "Порядок статей изменён."
            | "The order is changed.",
        FaqMissingTitle =>
            "Чего не хватило читателям"
            | "What readers missed",
        FaqMissingNone =>
            "Пока никто не написал, чего не хватило в ответе."
            | "Nobody has said what was missing yet.",
        AuditFaqArticlePut =>
            "Сохранил статью базы знаний"
            | "Saved a knowledge-base article",
        AuditFaqOrder =>
            "Изменил порядок статей базы знаний"
            | "Reordered the knowledge base",
        AuditCannedDelete =>
            "Удалил готовый ответ"
            | "Deleted a canned response",
        AuditTake =>
            "Взял в работу"
            | "Took it",
        AuditAssign =>
            "Назначил исполнителя"
            | "Assigned",
        AuditReply =>
            "Ответил"
            | "Replied",
        AuditAskInfo =>
            "Запросил сведения"
            | "Asked for information",
        AuditResolve =>
            "Завершил"
            | "Resolved",
        AuditReject =>
            "Отказал"
            | "Rejected",
        AuditEscalate =>
            "Передал специалистам"
            | "Escalated to specialists",
        AuditNote =>
            "Внутренняя заметка"
            | "Internal note",
        AuditOverdue =>
            "Срок истёк: руководители уведомлены"
            | "Date passed: supervisors told",
        AuditServiceLevels =>
            "Изменил сроки или календарь"
            | "Changed service levels or the calendar",
        AuditAppointment =>
            "Отметил визит по записи"
            | "Marked a booked visit",
        AuditSecondFactorSet =>
            "Настроил приложение-аутентификатор"
            | "Set up an authenticator app",
        AuditSecondFactorFailed =>
            "Неверный код второго шага входа"
            | "Wrong code at the second sign-in step",
        AuditRecoveryCodeUsed =>
            "Вошёл по резервному коду"
            | "Signed in with a recovery code",
        AuditSecondFactorReset =>
            "Второй фактор сброшен администратором"
            | "Second factor reset by an administrator",
        LevelsTitle =>
            "Сроки ответа"
            | "Service levels",
        LevelsIntro =>
            "Сколько может ждать обращение каждой темы и что делать, когда срок истёк. Новые сроки получают обращения, поступившие после сохранения; обращения в работе сохраняют обещанный срок. Рабочее время — часы работы операторов с учётом праздников и переносов из календаря ниже."
            | "How long a request of each topic may wait, and what happens when its date passes. Requests that arrive after saving get the new dates; requests in work keep the date they were promised. Working time is the operators' hours, with the holidays and transfers of the calendar below.",
        LevelsDefault =>
            "по умолчанию"
            | "default",
        LevelsChanged =>
            "изменено"
            | "changed",
        LevelsFirst =>
            "Первый ответ"
            | "First response",
        LevelsResolution =>
            "Решение"
            | "Resolution",
        LevelsAlertOn =>
            "о просроченном первом ответе сообщают руководителям"
            | "supervisors are told of a late first response",
        LevelsAlertOff =>
            "о просроченном первом ответе руководителям не сообщают"
            | "supervisors are not told of a late first response",
        LevelsEscalateOn =>
            "просроченное обращение передаётся в отдел (3-я линия)"
            | "an overdue request goes to its department (level 3)",
        LevelsEscalateOff =>
            "просроченное обращение остаётся у операторов, руководителям сообщают"
            | "an overdue request stays with the operators; supervisors are told",
        LevelsRemindEvery =>
            "напоминание руководителям каждые"
            | "supervisors reminded every",
        LevelsEdit =>
            "Изменить сроки"
            | "Change",
        LevelsEditTitle =>
            "Сроки для темы"
            | "Service level for",
        LevelsFirstHours =>
            "Срок первого ответа, часов"
            | "First response within, hours",
        LevelsResolutionHours =>
            "Срок решения, часов"
            | "Resolution within, hours",
        LevelsHoursHint =>
            "Можно дробное число, например 1,5. Не больше 720 часов."
            | "A fraction is fine, e.g. 1.5. At most 720 hours.",
        LevelsClock =>
            "Как считать"
            | "Count",
        LevelsWorking =>
            "в рабочем времени"
            | "in working time",
        LevelsCalendar =>
            "в календарном времени"
            | "in calendar time",
        LevelsAlert =>
            "Сообщать руководителям о просроченном первом ответе"
            | "Tell supervisors when the first response is late",
        LevelsEscalate =>
            "Передавать обращение в отдел, когда срок решения истёк"
            | "Send the request to its department when the resolution date passes",
        LevelsRemindHours =>
            "Напоминать руководителям о просроченном обращении каждые, часов"
            | "Remind supervisors of an overdue request every, hours",
        LevelsSaved =>
            "Сроки сохранены. Их получат новые обращения."
            | "Saved. New requests get these dates.",
        LevelsChat =>
            "Чат"
            | "Chat",
        LevelsChatReply =>
            "первый ответ сотрудника после передачи чата, секунд:"
            | "a person's first reply after the hand-off, seconds:",
        LevelsChatEdit =>
            "Изменить срок ответа в чате"
            | "Change the chat's reply time",
        LevelsChatSeconds =>
            "Первый ответ в чате, секунд"
            | "First reply in the chat, seconds",
        LevelsChatHint =>
            "От 1 до 3600. Дольше — чат отмечается в консоли, руководители на смене получают письмо."
            | "1 to 3600. Longer, and the chat is marked on the console and the supervisors on duty get an e-mail.",
        LevelsChatSaved =>
            "Срок ответа в чате сохранён."
            | "The chat's reply time is saved.",
        CalendarTitle =>
            "Праздники и переносы"
            | "Holidays and transfers",
        CalendarIntro =>
            "Дни, которые отличаются от обычного дня недели. В праздники и выходные по переносу операторы работают по часам воскресенья (10:00–16:00), в рабочие дни по переносу — как в будни, в предпраздничные — на час меньше."
            | "Days that differ from their weekday. On holidays and days off by transfer the operators work Sunday's hours (10:00–16:00), on working days by transfer a weekday's, on pre-holiday days an hour less.",
        CalendarYear =>
            "Год"
            | "Year",
        CalendarEmpty =>
            "В этом году особых дней нет."
            | "No special days this year.",
        CalendarOrdinary =>
            "Сделать обычным днём"
            | "Make an ordinary day",
        CalendarAdd =>
            "Отметить день"
            | "Mark a day",
        CalendarDate =>
            "Дата"
            | "Date",
        CalendarKind =>
            "Какой это день"
            | "What the day is",
        CalendarSaved =>
            "Календарь сохранён."
            | "Calendar saved.",
        KindHoliday =>
            "праздник"
            | "public holiday",
        KindDayOff =>
            "выходной по переносу"
            | "day off by transfer",
        KindWorking =>
            "рабочий день по переносу"
            | "working day by transfer",
        KindShort =>
            "предпраздничный, на час короче"
            | "pre-holiday, an hour shorter",
        AuditSystem =>
            "система (контроль сроков)"
            | "system (service levels)",
    }
}
