//! The staff's second factor: the code after the password, setting up an authenticator
//! app, the recovery codes.

helpdesk_shared::messages! {
    /// The staff's second factor.
    pub enum TwoFactor {
        CodeTitle =>
            "Код из приложения"
            | "Code from your app",
        CodeLead =>
            "Откройте приложение-аутентификатор на телефоне и введите 6 цифр для «Helpdesk». Код меняется каждые 30 секунд."
            | "Open the authenticator app on your phone and enter the 6 digits shown for \"Helpdesk\". The code changes every 30 seconds.",
        CodeField =>
            "Код"
            | "Code",
        CodeSubmit =>
            "Подтвердить"
            | "Confirm",
        UseRecovery =>
            "Нет доступа к телефону? Войти по резервному коду"
            | "No access to your phone? Use a recovery code",
        UseApp =>
            "Ввести код из приложения"
            | "Enter the code from the app",
        RecoveryField =>
            "Резервный код"
            | "Recovery code",
        RecoveryHint =>
            "Один из 10 кодов, выданных при настройке. Каждый действует один раз."
            | "One of the 10 codes given at set-up. Each works once.",
        EnrolTitle =>
            "Настройте вход с кодом из приложения"
            | "Set up sign-in with a code from an app",
        EnrolLead =>
            "Для вашей роли вход защищён вторым шагом: после пароля — код из приложения-аутентификатора. Так украденный пароль сам по себе ничего не откроет."
            | "Your role signs in with a second step: after the password, a code from an authenticator app. A stolen password alone then opens nothing.",
        EnrolOptionalLead =>
            "Добавьте второй шаг входа: после пароля — код из приложения-аутентификатора. Так украденный пароль сам по себе ничего не откроет."
            | "Add a second sign-in step: after the password, a code from an authenticator app. A stolen password alone then opens nothing.",
        EnrolApp =>
            "1. Установите на телефон приложение-аутентификатор: например, Яндекс Ключ, Google Authenticator или Microsoft Authenticator."
            | "1. Install an authenticator app on your phone, for example Google Authenticator, Microsoft Authenticator or Yandex Key.",
        EnrolScan =>
            "2. Добавьте в приложении новый аккаунт и отсканируйте QR-код."
            | "2. Add an account in the app and scan the QR code.",
        EnrolQrAlt =>
            "QR-код для приложения-аутентификатора"
            | "QR code for the authenticator app",
        EnrolKeyIntro =>
            "Не получается отсканировать? Введите ключ вручную (тип — по времени):"
            | "Cannot scan it? Enter the key by hand (time-based):",
        EnrolKey =>
            "Ключ"
            | "Key",
        EnrolAccount =>
            "Аккаунт"
            | "Account",
        EnrolConfirm =>
            "3. Введите 6 цифр, которые показывает приложение."
            | "3. Enter the 6 digits the app shows.",
        EnrolLoading =>
            "Готовим ключ…"
            | "Preparing the key…",
        RecoveryTitle =>
            "Сохраните резервные коды"
            | "Save your recovery codes",
        RecoveryLead =>
            "Если телефон потеряется, войти можно будет по одному из этих кодов — каждый действует один раз. Они показаны только сейчас: скачайте их или запишите и храните отдельно от телефона."
            | "If you lose your phone, you can sign in with one of these codes, each once. They are shown only now: download or write them down and keep them apart from your phone.",
        RecoveryDownload =>
            "Скачать коды (.txt)"
            | "Download the codes (.txt)",
        RecoveryFileHead =>
            "Резервные коды входа в Службу поддержки (каждый действует один раз)"
            | "Recovery codes for the helpdesk sign-in (each works once)",
        RecoverySaved =>
            "Я сохранил коды — продолжить"
            | "I have saved the codes: continue",
        StepExpired =>
            "Время на второй шаг вышло (10 минут). Введите логин и пароль снова."
            | "The time for the second step ran out (10 minutes). Enter your login and password again.",
        Start =>
            "Войти заново"
            | "Start again",
        AlreadySet =>
            "Приложение уже настроено. Если телефон потерян, попросите администратора сбросить второй шаг входа."
            | "An app is set up already. If your phone is lost, ask an administrator to reset the second step.",
        PageTitle =>
            "Вход с кодом из приложения"
            | "Sign-in with a code from an app",
        ConfirmTitle =>
            "Подтвердите вход"
            | "Confirm your sign-in",
        ConfirmLead =>
            "Выгрузка отчётов и изменение шаблонов, статей и настроек требуют подтверждения кодом из приложения. После подтверждения они доступны 12 часов."
            | "Exporting reports and changing canned responses, articles and settings need a code from your app. Once confirmed, they are open for 12 hours.",
        Confirmed =>
            "Вход подтверждён. Можно вернуться к работе."
            | "Sign-in confirmed. You can go back to work.",
        Done =>
            "Готово: вход с кодом из приложения настроен."
            | "Done: sign-in with a code from an app is set up.",
        Link =>
            "Код из приложения"
            | "App code",
        Back =>
            "Вернуться к работе"
            | "Back to work",
        Needed =>
            "Для этого действия подтвердите вход кодом из приложения: ссылка «Код из приложения» вверху страницы сотрудника. Введённое на этой странице сохранится."
            | "Confirm your sign-in with a code from your app to do this: the \"App code\" link at the top of the staff page. What you typed here stays.",
    }
}

helpdesk_shared::counted! {
    /// The second factor's texts with a number.
    pub enum TwoFactorCount {
        WrongCode =>
            ["Код не подходит или уже использован. Введите новый код из приложения (проверьте, что время на телефоне верное). Осталась {n} попытка", "Код не подходит или уже использован. Введите новый код из приложения (проверьте, что время на телефоне верное). Осталось {n} попытки", "Код не подходит или уже использован. Введите новый код из приложения (проверьте, что время на телефоне верное). Осталось {n} попыток"]
            | ["The code does not match or was used already. Enter a new code from the app (check that your phone's time is right). {n} try left", "The code does not match or was used already. Enter a new code from the app (check that your phone's time is right). {n} tries left"],
    }
}
