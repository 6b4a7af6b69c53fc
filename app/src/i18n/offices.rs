//! The admins' offices and services for appointments, and the bookings an edit leaves
//! outside an office's hours.

helpdesk_shared::messages! {
    /// The admins' offices and services.
    pub enum Offices {
        Title =>
            "Центры приёма"
            | "Service centres",
        Intro =>
            "Часы приёма, особые дни, длительность приёма, окна и услуги каждого центра. Изменения сразу видны при записи. Уже сделанные записи не отменяются: те, что больше не умещаются в график, показаны списком — свяжитесь с гражданами."
            | "Each centre's hours, special days, visit length, windows and services. Changes show at once to people booking. Existing bookings are never cancelled: those that no longer fit are listed, so you can contact the citizens.",
        Choose =>
            "Центр"
            | "Centre",
        New =>
            "Новый центр"
            | "New centre",
        IdHint =>
            "Латинские строчные буквы, цифры и дефис, например tverskaya. Потом его не изменить."
            | "Lower-case latin letters, digits and hyphens, for example tverskaya. It cannot be changed later.",
        Hours =>
            "Часы приёма (московское время)"
            | "Opening hours (Moscow time)",
        HoursHint =>
            "В праздники и выходные по переносу действуют часы воскресенья, в рабочие субботы — понедельника, в предпраздничные дни приём заканчивается на час раньше."
            | "On public holidays and transferred days off Sunday's hours apply, on working Saturdays Monday's, and on the day before a holiday the centre closes an hour earlier.",
        Open =>
            "Открыт"
            | "Open",
        Opens =>
            "с"
            | "from",
        Closes =>
            "до"
            | "until",
        Mon => "Понедельник" | "Monday",
        Tue => "Вторник" | "Tuesday",
        Wed => "Среда" | "Wednesday",
        Thu => "Четверг" | "Thursday",
        Fri => "Пятница" | "Friday",
        Sat => "Суббота" | "Saturday",
        Sun => "Воскресенье" | "Sunday",
        SlotMinutes =>
            "Длительность приёма, минут"
            | "Visit length, minutes",
        Windows =>
            "Окна приёма"
            | "Windows",
        WindowsHint =>
            "Сколько граждан принимают одновременно: столько мест в каждом времени записи."
            | "How many citizens are served at once: the places in each time slot.",
        Services =>
            "Услуги центра"
            | "Services offered",
        Exceptions =>
            "Особые дни"
            | "Special days",
        ExceptionsHint =>
            "Даты, когда центр работает иначе или закрыт (ремонт, санитарный день)."
            | "Dates when the centre keeps other hours or is closed (repairs, a cleaning day).",
        ExceptionsEmpty =>
            "Особых дней нет."
            | "No special days.",
        ClosedAllDay =>
            "Закрыт весь день"
            | "Closed all day",
        Closed =>
            "закрыт"
            | "closed",
        AddDay =>
            "Добавить день"
            | "Add the day",
        RemoveDay =>
            "Убрать"
            | "Remove",
        Save =>
            "Сохранить центр"
            | "Save the centre",
        Saved =>
            "Центр сохранён: запись идёт по новому графику."
            | "Centre saved: booking follows the new schedule.",
        Unplaced =>
            "Записи вне графика — свяжитесь с гражданами"
            | "Bookings outside the schedule: contact the citizens",
        UnplacedIntro =>
            "Эти записи остаются в силе, пока их не отменят. Предложите гражданину другое время или отмените запись после разговора."
            | "These bookings stand until cancelled. Offer the citizen another time, or cancel the booking after talking to them.",
        UnplacedNone =>
            "Все записи на ближайшие 30 дней умещаются в график."
            | "Every booking in the next 30 days fits the schedule.",
        UnfitMark =>
            "Вне графика — свяжитесь с гражданином"
            | "Outside the schedule: contact the citizen",
        WhyClosed =>
            "центр в это время закрыт"
            | "the centre is closed then",
        WhyNoService =>
            "услуга больше не оказывается"
            | "the service is no longer offered",
        WhyOverCapacity =>
            "окон меньше, чем записей"
            | "fewer windows than bookings",
        ServicesTitle =>
            "Услуги для записи"
            | "Services to book",
        ServiceChoose =>
            "Услуга"
            | "Service",
        ServiceNew =>
            "Новая услуга"
            | "New service",
        ServiceIdHint =>
            "Латинские строчные буквы, цифры и дефис, например passport. Потом его не изменить."
            | "Lower-case latin letters, digits and hyphens, for example passport. It cannot be changed later.",
        ServiceSave =>
            "Сохранить услугу"
            | "Save the service",
        ServiceSaved =>
            "Услуга сохранена."
            | "Service saved.",
        Id => "Код центра" | "Centre code",
        ServiceId => "Код услуги" | "Service code",
        TitleRu => "Название по-русски" | "Name in Russian",
        TitleEn => "Название по-английски" | "Name in English",
        AddressRu => "Адрес по-русски" | "Address in Russian",
        AddressEn => "Адрес по-английски" | "Address in English",
        AccessRu => "Доступная среда, по-русски" | "Accessibility, in Russian",
        AccessEn => "Доступная среда, по-английски" | "Accessibility, in English",
        AccessHint =>
            "Пандус, лифт, индукционная петля и т. п. Можно оставить пустым."
            | "A ramp, a lift, a hearing loop and the like. May be left empty.",
        BringRu => "Что взять с собой, по-русски" | "What to bring, in Russian",
        BringEn => "Что взять с собой, по-английски" | "What to bring, in English",
        BringHint =>
            "По одному документу в строке."
            | "One document per line.",
    }
}
