//! Booking a visit to an office ("Запись на приём") and "Мои записи".

helpdesk_shared::messages! {
    /// Booking a visit to an office and managing bookings.
    pub enum Visits {
        Title =>
            "Запись на приём"
            | "Book a visit",
        Lead =>
            "Запишитесь в центр услуг на удобное время: выберите услугу, отделение, день и время. Подтверждение придёт по SMS или на почту, напоминание — за день до визита."
            | "Book a time at a service centre: choose the service, the office, the day and the time. The confirmation comes by text message or e-mail, and a reminder the day before.",
        SignInFirst =>
            "Чтобы записаться, войдите по телефону или почте — туда придут подтверждение и напоминание."
            | "To book, sign in with your phone or e-mail: the confirmation and the reminder go there.",
        SignInButton =>
            "Войти и записаться"
            | "Sign in to book",
        Service =>
            "Услуга"
            | "Service",
        Office =>
            "Отделение"
            | "Office",
        OfficeHint =>
            "Показаны отделения, где оказывают выбранную услугу"
            | "The offices that provide the chosen service",
        Day =>
            "День"
            | "Day",
        DayHint =>
            "Ближайшие 30 дней. Время московское"
            | "The next 30 days. Moscow time",
        DayClosed =>
            "выходной"
            | "closed",
        DayFull =>
            "мест нет"
            | "full",
        Time =>
            "Время"
            | "Time",
        NoSlots =>
            "На этот день свободного времени нет — выберите другой день."
            | "No free time on this day: choose another day.",
        Terms =>
            "Я согласен с условиями обслуживания: приду вовремя с паспортом, а если не смогу — отменю запись"
            | "I accept the terms of service: I will come on time with my passport, or cancel if I cannot",
        Book =>
            "Записаться"
            | "Book",
        Choose =>
            "Выберите услугу, отделение, день и время"
            | "Choose the service, the office, the day and the time",
        Taken =>
            "Это время только что заняли. Выберите другое — ниже свободное время на этот день."
            | "This time was taken just now. Choose another: the free times of the day are below.",
        Busy =>
            "Сейчас на это время записывается много людей. Попробуйте ещё раз."
            | "Many people are booking this time right now. Please try again.",
        BookedTitle =>
            "Вы записаны"
            | "You are booked",
        BookedNumber =>
            "Номер записи"
            | "Booking number",
        BookedCode =>
            "Код доступа"
            | "Access code",
        BookedCodeHint =>
            "Сохраните номер и код: с ними запись можно посмотреть, перенести или отменить без входа. Код больше не будет показан."
            | "Keep the number and the code: with them the booking can be viewed, moved or cancelled without signing in. The code will not be shown again.",
        When =>
            "Когда"
            | "When",
        Where =>
            "Где"
            | "Where",
        Access =>
            "Доступная среда"
            | "Accessibility",
        Bring =>
            "Что взять с собой"
            | "What to bring",
        Calendar =>
            "Добавить в календарь (.ics)"
            | "Add to calendar (.ics)",
        Msk =>
            "мск"
            | "Moscow time",
        MineTitle =>
            "Мои записи"
            | "My appointments",
        MineEmpty =>
            "Записей пока нет."
            | "No appointments yet.",
        StatusBooked =>
            "Ждём вас"
            | "Booked",
        StatusCancelled =>
            "Отменена"
            | "Cancelled",
        StatusAttended =>
            "Приём состоялся"
            | "Attended",
        StatusNoShow =>
            "Неявка"
            | "Did not come",
        Move =>
            "Перенести"
            | "Move",
        MoveTitle =>
            "Новое время"
            | "A new time",
        MoveConfirm =>
            "Перенести на это время"
            | "Move to this time",
        Moved =>
            "Запись перенесена."
            | "The booking has been moved.",
        Cancel =>
            "Отменить запись"
            | "Cancel the booking",
        CancelConfirm =>
            "Отменить запись? Время сразу станет доступно другим."
            | "Cancel the booking? The time becomes free for others at once.",
        CancelYes =>
            "Да, отменить"
            | "Yes, cancel",
        CancelNo =>
            "Нет, оставить"
            | "No, keep it",
        Cancelled =>
            "Запись отменена."
            | "The booking has been cancelled.",
        Closed =>
            "Эту запись уже нельзя изменить: она отменена или время прошло."
            | "This booking can no longer be changed: it is cancelled or past.",
        FindTitle =>
            "Найти запись по номеру и коду"
            | "Find a booking by number and code",
        FindNumber =>
            "Номер записи"
            | "Booking number",
        FindNumberHint =>
            "9 цифр из подтверждения, например 123-456-789"
            | "9 digits from the confirmation, for example 123-456-789",
        FindCode =>
            "Код доступа"
            | "Access code",
        FindCodeHint =>
            "8 латинских букв и цифр из подтверждения"
            | "8 letters and digits from the confirmation",
        Find =>
            "Найти"
            | "Find",
        NotFound =>
            "Записи с таким номером и кодом нет. Проверьте цифры в подтверждении."
            | "No booking with this number and code. Check the digits in the confirmation.",
    }
}

helpdesk_shared::counted! {
    /// Free places, their noun agreeing with the number.
    pub enum VisitsCount {
        Free =>
            ["{n} место", "{n} места", "{n} мест"]
            | ["{n} place", "{n} places"],
    }
}
