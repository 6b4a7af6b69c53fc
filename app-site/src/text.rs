//! The site's frame and home page, in Russian and English.

helpdesk_shared::messages! {
    /// The skip link, the header, the footer and the home page: the texts the first paint
    /// shows, which the Leptos app's header uses too.
    pub enum Site {
        SiteName =>
            "Служба поддержки Госуслуг"
            | "Public Services Help Desk",
        SiteSkip =>
            "Перейти к содержанию"
            | "Skip to content",
        NavMenu =>
            "Меню"
            | "Menu",
        NavLabel =>
            "Основное меню"
            | "Main menu",
        NavHome =>
            "Главная"
            | "Home",
        NavSubmit =>
            "Подать обращение"
            | "Submit a request",
        NavStatus =>
            "Проверить статус"
            | "Check status",
        NavChat =>
            "Чат"
            | "Chat",
        NavKnowledge =>
            "Частые вопросы"
            | "Questions and answers",
        NavContacts =>
            "Контакты"
            | "Contacts",
        NavSignin =>
            "Войти"
            | "Sign in",
        NavMine =>
            "Мои обращения"
            | "My requests",
        NavStaff =>
            "Рабочее место"
            | "Workspace",
        MineSignout =>
            "Выйти"
            | "Sign out",
        PrefsLanguage =>
            "Язык"
            | "Language",
        PrefsFont =>
            "Размер шрифта"
            | "Text size",
        PrefsFontNormal =>
            "Обычный размер шрифта"
            | "Normal text size",
        PrefsFontLarge =>
            "Крупный шрифт"
            | "Large text",
        PrefsFontHuge =>
            "Очень крупный шрифт"
            | "Very large text",
        FooterHotline =>
            "Горячая линия"
            | "Hotline",
        HomeTitle =>
            "Чем мы можем помочь?"
            | "How can we help?",
        HomeLead =>
            "Здесь можно подать обращение или жалобу, получить номер и следить за ответом. Мы отвечаем на обращения в течение 48 часов."
            | "Submit a request or complaint, get its number and follow the answer. We answer requests within 48 hours.",
        HomeActions =>
            "Быстрые действия"
            | "Quick actions",
        HomeActionSubmit =>
            "Подать обращение"
            | "Submit a request",
        HomeActionSubmitHint =>
            "Вопрос, жалоба или предложение — с документами"
            | "A question, complaint or suggestion, with documents",
        HomeActionStatus =>
            "Проверить статус"
            | "Check status",
        HomeActionStatusHint =>
            "По номеру обращения и коду доступа"
            | "With the request number and access code",
        HomeActionMine =>
            "Мои обращения"
            | "My requests",
        HomeActionMineHint =>
            "Все ваши обращения после входа по коду из СМС или письма"
            | "All your requests, after signing in with a code by SMS or e-mail",
        HomeActionBook =>
            "Запись на приём"
            | "Book a visit",
        HomeActionBookHint =>
            "Свободное время в центрах услуг, перенос и отмена записи"
            | "Free times at service centres; move or cancel a booking",
        HomeCategories =>
            "Темы обращений"
            | "What requests are about",
        HomeContacts =>
            "Контакты"
            | "Contacts",
        HomeHotline =>
            "Горячая линия (бесплатно по России, круглосуточно)"
            | "Hotline (free within Russia, 24/7)",
        HomeHours =>
            "Часы работы операторов (московское время)"
            | "Operator hours (Moscow time)",
        HomeHoursWeekdays =>
            "Понедельник — пятница"
            | "Monday to Friday",
        HomeHoursSaturday =>
            "Суббота"
            | "Saturday",
        HomeHoursSunday =>
            "Воскресенье и праздники"
            | "Sunday and public holidays",
        HomeHoursNote =>
            "Обращение можно подать в любое время: поданное в нерабочие часы рассматривается в ближайший рабочий день."
            | "You can submit a request at any time: one sent outside these hours is handled on the next working day.",
        ContactsMore =>
            "Все контакты и часы работы"
            | "All contacts and hours",
        SearchLabel =>
            "Найти ответ"
            | "Find an answer",
        SearchHint =>
            "Например: «забыл пароль», «оплатить госпошлину», «не приходит СМС»"
            | "For example: \"forgot password\", \"pay a state fee\", \"no SMS\"",
        SearchLoading =>
            "Загружаем поиск…"
            | "Loading search…",
        ErrorsNetwork =>
            "Не удалось связаться с сервером. Ваши данные сохранены — попробуйте отправить ещё раз."
            | "Could not reach the server. What you typed is kept: try sending again.",
        ErrorsServer =>
            "Сервис временно недоступен. Ваши данные сохранены — попробуйте ещё раз через минуту."
            | "The service is temporarily unavailable. What you typed is kept: try again in a minute.",
        Bell =>
            "Уведомления"
            | "Notifications",
        BellUnread =>
            "непрочитанных"
            | "unread",
    }
}
